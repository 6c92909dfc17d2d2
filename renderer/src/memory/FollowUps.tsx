import { useEffect, useState, type FormEvent } from 'react';
import type { ApiError, FollowUp } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { useI18n } from '../i18n';
import { counted } from '../today/format';
import { Field } from '../ui/Field';

type RepeatKind = 'none' | 'weeks' | 'yearly';

const isoToday = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

export function FollowUps({ customerId, onChanged }: { customerId: number; onChanged(): void }) {
  const i18n = useI18n();
  const { t, tDynamic, date } = i18n;
  const [open, setOpen] = useState<FollowUp[]>([]);
  const [text, setText] = useState('');
  const [dueOn, setDueOn] = useState(isoToday);
  const [repeat, setRepeat] = useState<RepeatKind>('none');
  const [every, setEvery] = useState('2');
  const [error, setError] = useState<ApiError | null>(null);
  const [moving, setMoving] = useState<{ id: number; dueOn: string } | null>(null);
  // The date of the follow-up being moved has its own message, beside its own field.
  const [moveError, setMoveError] = useState<string | undefined>(undefined);

  const load = async () => {
    const result = await call('followups.list', { customerId, closedLimit: 0 });
    if (result.ok) setOpen(result.value.open);
  };
  useEffect(() => {
    call('followups.list', { customerId, closedLimit: 0 }).then((result) => result.ok && setOpen(result.value.open));
  }, [customerId]);

  const refresh = async () => {
    await load();
    onChanged();
  };

  const add = async (e: FormEvent) => {
    e.preventDefault();
    const result = await call('followups.add', {
      customerId, text, dueOn,
      repeat: repeat === 'weeks' ? { kind: 'weeks', every: Number(every) } : { kind: repeat },
    });
    if (!result.ok) return setError(result.error);
    setError(null);
    setText('');
    await refresh();
  };

  const issueIn = (failed: ApiError | null, field: string) => {
    const found = failed?.fields?.[field];
    return found ? tDynamic(`fieldErrors.${found.code}`, found.params) : undefined;
  };
  const issue = (field: string) => issueIn(error, field);
  const startMoving = (f: FollowUp) => {
    setMoveError(undefined);
    setMoving({ id: f.id, dueOn: f.dueOn });
  };
  const repeatText = (f: FollowUp) =>
    f.repeat.kind === 'weeks' ? counted(i18n, 'followups.repeat.weeks', f.repeat.every) : f.repeat.kind === 'yearly' ? t('followups.repeat.yearly') : '';
  const today = isoToday();

  return (
    <section className="panel" aria-labelledby="followups-title">
      <h2 id="followups-title">{t('followups.title')}</h2>
      {open.length === 0 ? <p className="muted">{t('followups.none')}</p> : (
        <ul className="followup-list">
          {open.map((f) => (
            <li key={f.id} className={f.dueOn < today ? 'is-overdue' : undefined}>
              <span className="followup-text">{f.text}</span>
              <span className="muted">
                {t('followups.dueOn', { date: date(new Date(`${f.dueOn}T12:00:00`).getTime()) })}
                {f.dueOn < today && ` · ${t('followups.overdue')}`}
                {repeatText(f) && ` · ${repeatText(f)}`}
              </span>
              <span className="row-actions">
                <button type="button" className="button-link" aria-label={t('followups.doneFor', { text: f.text })} onClick={async () => { await call('followups.done', { id: f.id }); await refresh(); }}>{t('followups.done')}</button>
                <button type="button" className="button-link" aria-label={t('followups.snoozeFor', { text: f.text })} onClick={async () => { await call('followups.snooze', { id: f.id, days: 1 }); await refresh(); }}>{t('followups.snooze')}</button>
                <button type="button" className="button-link" aria-label={t('followups.snoozeWeekFor', { text: f.text })} onClick={async () => { await call('followups.snooze', { id: f.id, days: 7 }); await refresh(); }}>{t('followups.snoozeWeek')}</button>
                <button type="button" className="button-link" aria-label={t('followups.rescheduleFor', { text: f.text })} onClick={() => startMoving(f)}>{t('followups.reschedule')}</button>
              </span>
              {moving?.id === f.id && (
                <form
                  className="followup-move"
                  onSubmit={async (e) => {
                    e.preventDefault();
                    const result = await call('followups.reschedule', { id: f.id, dueOn: moving.dueOn });
                    if (!result.ok) {
                      if (result.error.fields) return setMoveError(issueIn(result.error, 'dueOn') ?? tDynamic('fieldErrors.invalid'));
                      return setError(result.error);
                    }
                    setMoveError(undefined);
                    setMoving(null);
                    await refresh();
                  }}
                >
                  <input
                    type="date" aria-label={t('followups.newDateFor', { text: f.text })} value={moving.dueOn}
                    aria-invalid={moveError !== undefined} aria-describedby={moveError ? `followup-move-error-${f.id}` : undefined}
                    onChange={(e) => setMoving({ id: f.id, dueOn: e.target.value })}
                  />
                  <button type="submit" className="button button-ghost button-small">{t('followups.move')}</button>
                  {moveError && <p id={`followup-move-error-${f.id}`} className="field-error">{moveError}</p>}
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      <form className="followup-form" onSubmit={add} aria-label={t('followups.add')}>
        <Field label={t('followups.text')} error={issue('text')} className="followup-what">
          {(a11y) => <input {...a11y} value={text} onChange={(e) => setText(e.target.value)} />}
        </Field>
        <Field label={t('followups.due')} error={issue('dueOn')}>
          {(a11y) => <input {...a11y} type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)} />}
        </Field>
        <Field label={t('followups.repeat')}>
          {(a11y) => (
            <select {...a11y} value={repeat} onChange={(e) => setRepeat(e.target.value as RepeatKind)}>
              <option value="none">{t('followups.repeat.none')}</option>
              <option value="weeks">{t('followups.every')}</option>
              <option value="yearly">{t('followups.repeat.yearly')}</option>
            </select>
          )}
        </Field>
        {repeat === 'weeks' && (
          <Field label={t('followups.every')} error={issue('repeat.every')}>
            {(a11y) => <input {...a11y} inputMode="numeric" value={every} onChange={(e) => setEvery(e.target.value)} />}
          </Field>
        )}
        <button type="submit" className="button button-ghost">{t('followups.save')}</button>
      </form>
      {error && !error.fields && <p className="alert" role="alert">{tDynamic(errorKey(error))}</p>}
    </section>
  );
}
