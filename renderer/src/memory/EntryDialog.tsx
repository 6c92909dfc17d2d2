import { useEffect, useRef, useState } from 'react';
import type { ApiError, TimelineEntry } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { useI18n } from '../i18n';
import { Field } from '../ui/Field';

interface Props {
  entry: TimelineEntry;
  onClose(): void;
  onChanged(): Promise<void> | void;
}

/** One timeline entry in full: its earlier versions, edit, status, delete with undo. */
export function EntryDialog({ entry: initial, onClose, onChanged }: Props) {
  const { t, tDynamic, dateTime } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const [entry, setEntry] = useState(initial);
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(initial.text);
  const [resolution, setResolution] = useState('');
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    const element = dialog.current;
    element?.showModal();
    return () => element?.close();
  }, []);

  const apply = async (result: Awaited<ReturnType<typeof call<'notes.edit'>>>) => {
    if (!result.ok) return setError(result.error);
    setError(null);
    setEntry(result.value);
    setEditing(false);
    await onChanged();
  };

  const closedStatus = entry.kind === 'complaint' ? 'resolved' : 'fulfilled';
  const issue = error?.fields?.text ?? error?.fields?.resolution;

  return (
    <dialog ref={dialog} className="dialog entry-dialog" aria-labelledby="entry-title" onClose={onClose}>
      <h2 id="entry-title">{t('entry.title', { kind: tDynamic(`kind.${entry.kind}`), date: dateTime(entry.at) })}</h2>
      <p className="muted">
        {entry.staff && t('timeline.by', { staff: entry.staff })}
        {entry.score !== null && ` · ${t('entry.score', { n: entry.score })}`}
        {entry.status && ` · ${tDynamic(`status.${entry.status}`)}`}
      </p>
      {editing ? (
        <Field label={t('timeline.text')} error={issue ? tDynamic(`fieldErrors.${issue.code}`, issue.params) : undefined}>
          {(a11y) => <textarea {...a11y} rows={4} autoFocus value={text} onChange={(e) => setText(e.target.value)} />}
        </Field>
      ) : (
        <p className="entry-full">{entry.text}</p>
      )}
      {entry.deletedAt !== null && <p className="banner">{t('entry.deleted')}</p>}
      {entry.status && entry.status !== 'open' && entry.resolution && (
        <p>{t('entry.resolvedOn', { status: tDynamic(`status.${entry.status}`), date: dateTime(entry.statusAt ?? entry.at), resolution: entry.resolution })}</p>
      )}
      {entry.revisions.length > 0 && (
        <details className="revisions">
          <summary>{t('entry.history')} ({entry.revisions.length})</summary>
          <ol>
            {entry.revisions.map((r, i) => (
              <li key={i}>
                <span className="muted">{t('entry.versionBy', { date: dateTime(r.writtenAt), by: r.staff ? ` · ${t('timeline.by', { staff: r.staff })}` : '' })}</span>
                <p className="revision-text">{r.text}</p>
              </li>
            ))}
          </ol>
        </details>
      )}
      {entry.status === 'open' && (
        <Field label={t('entry.resolution')}>
          {(a11y) => <input {...a11y} value={resolution} onChange={(e) => setResolution(e.target.value)} />}
        </Field>
      )}
      {error && !error.fields && <p className="alert" role="alert">{tDynamic(errorKey(error))}</p>}
      <div className="dialog-actions">
        {entry.deletedAt === null && !editing && entry.kind !== 'contact' && (
          <button type="button" className="button button-ghost" onClick={() => setEditing(true)}>{t('entry.edit')}</button>
        )}
        {editing && (
          <button type="button" className="button button-primary" onClick={async () => apply(await call('notes.edit', { id: entry.id, text }))}>{t('entry.saveEdit')}</button>
        )}
        {entry.status === 'open' && (
          <button type="button" className="button button-primary" onClick={async () => apply(await call('notes.setStatus', { id: entry.id, status: closedStatus, resolution }))}>
            {entry.kind === 'complaint' ? t('entry.resolve') : t('entry.fulfil')}
          </button>
        )}
        {entry.status && entry.status !== 'open' && (
          <button type="button" className="button button-ghost" onClick={async () => apply(await call('notes.setStatus', { id: entry.id, status: 'open' }))}>{t('entry.reopen')}</button>
        )}
        {entry.deletedAt === null ? (
          <button type="button" className="button button-ghost" onClick={async () => apply(await call('notes.delete', { id: entry.id }))}>{t('entry.delete')}</button>
        ) : (
          <button type="button" className="button button-primary" onClick={async () => apply(await call('notes.restore', { id: entry.id }))}>{t('entry.undo')}</button>
        )}
        <button type="button" className="button button-ghost" onClick={onClose}>{t('loyalty.close')}</button>
      </div>
    </dialog>
  );
}
