import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ApiError, ArchiveInfo, ArchiveMoveJob, ServerAddress, ServerTest } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { useI18n, type I18n } from '../i18n';
import { counted } from '../today/format';
import { useToast } from '../ui/toast';
import { Field } from '../ui/Field';
import { useApp } from '../app/AppContext';
import './archive-settings.css';

// Settings → Archive: the archive in use and where that choice came from; in the desktop app
// (which keeps a server's password in the system keychain) a shared server tested, chosen, or
// this shop's file moved into it; elsewhere how COUNTERPART_DATABASE_URL chooses one.

const POLL_MS = 250;
const FIELDS = ['host', 'port', 'database', 'user', 'password'] as const;
type FieldName = (typeof FIELDS)[number];
type Draft = Record<FieldName, string>;

const address = (s: ServerAddress) => `${s.host}:${s.port}/${s.database}`;
const movedOn = (job: ArchiveMoveJob | null) => job !== null && (job.phase === 'done' || job.phase === 'failed');

function draftFrom(info: ArchiveInfo): Draft {
  const s = info.saved.kind === 'server' ? info.saved : info.inUse.kind === 'server' ? info.inUse : null;
  return { host: s?.host ?? '', port: String(s?.port ?? 5432), database: s?.database ?? '', user: s?.user ?? '', password: '' };
}

function loginOf(draft: Draft) {
  const port = /^\s*\d+\s*$/.test(draft.port) ? Number(draft.port) : Number.NaN;
  return { host: draft.host.trim(), port, database: draft.database.trim(), user: draft.user.trim(), password: draft.password };
}

function testedText(i18n: I18n, tested: ServerTest): string {
  if (tested.state === 'empty') return i18n.t('archiveSettings.tested.empty');
  const text = counted(i18n, 'archiveSettings.tested.archive', tested.customers, { n: tested.customers.toLocaleString(i18n.locale) });
  return tested.migrates ? `${text} ${i18n.t('archiveSettings.tested.migrates')}` : text;
}

const count = (i18n: I18n, what: 'customers' | 'visits' | 'notes', n: number) =>
  counted(i18n, `archiveSettings.count.${what}`, n, { n: n.toLocaleString(i18n.locale) });

const loadInfo = () => call('archive.info', {});

/** Follows a move by polling until it ends. */
function useMove(initial: ArchiveMoveJob | null): [ArchiveMoveJob | null, (job: ArchiveMoveJob | null) => void] {
  const [job, setJob] = useState(initial);
  useEffect(() => {
    if (!job || movedOn(job)) return;
    let live = true;
    const timer = setTimeout(() => {
      void call('archive.moveStatus', { jobId: job.id }).then((r) => live && setJob(r.ok ? r.value : { ...job, phase: 'failed', error: r.error }));
    }, POLL_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [job]);
  return [job, setJob];
}

function MoveProgress({ job }: { job: ArchiveMoveJob }) {
  const { tDynamic } = useI18n();
  const id = useId();
  const counted = job.total > 0;
  const percent = counted ? Math.min(100, Math.floor((job.done / job.total) * 100)) : 0;
  return (
    <div className="archive-progress">
      <label htmlFor={id}>{tDynamic(`archiveSettings.phase.${job.phase}`, { percent })}</label>
      {counted ? <progress id={id} value={job.done} max={job.total} /> : <progress id={id} />}
    </div>
  );
}

export function ArchiveSettings() {
  const i18n = useI18n();
  const { t, tDynamic } = i18n;
  const { info: app } = useApp();
  const notify = useToast();
  const [info, setInfo] = useState<ArchiveInfo | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [tested, setTested] = useState<ServerTest | null>(null);
  const [busy, setBusy] = useState<'test' | 'use' | 'file' | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [move, setMove] = useMove(null);
  const told = useRef('');
  const confirmRef = useRef<HTMLHeadingElement>(null);

  const show = useCallback((result: Awaited<ReturnType<typeof loadInfo>>) => {
    if (!result.ok) return setError(result.error);
    setInfo(result.value);
    setDraft((d) => d ?? draftFrom(result.value));
    if (result.value.move) setMove(result.value.move);
  }, [setMove]);

  useEffect(() => {
    let live = true;
    void loadInfo().then((result) => live && show(result));
    return () => {
      live = false;
    };
  }, [show]);

  // A move that ended: its outcome shows, and the choice it saved with it.
  useEffect(() => {
    if (!move || !movedOn(move) || told.current === move.id) return;
    told.current = move.id;
    void loadInfo().then((result) => {
      show(result);
      if (move.phase === 'failed' && move.error) setError(move.error);
    });
  }, [move, show]);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  if (!info || !draft) {
    return error ? <section className="panel"><p className="alert" role="alert">{tDynamic(errorKey(error), error.params)}</p></section> : null;
  }

  const edit = (name: FieldName, value: string) => {
    setDraft({ ...draft, [name]: value });
    setTested(null);
    setConfirming(false);
  };
  const fieldParams = { host: draft.host, port: draft.port, database: draft.database };
  const issue = (name: FieldName) => {
    const found = error?.fields?.[name];
    return found ? tDynamic(`fieldErrors.${found.code}`, { ...fieldParams, ...found.params }) : undefined;
  };
  const generalError = error && !FIELDS.some((name) => error.fields?.[name]) ? tDynamic(errorKey(error), error.params) : null;

  const test = async (e?: FormEvent) => {
    e?.preventDefault();
    setBusy('test');
    setError(null);
    setTested(null);
    const result = await call('archive.testServer', loginOf(draft));
    setBusy(null);
    if (!result.ok) return setError(result.error);
    setTested(result.value);
  };

  const chooseServer = async () => {
    setBusy('use');
    setError(null);
    const result = await call('archive.useServer', loginOf(draft));
    setBusy(null);
    if (!result.ok) return setError(result.error);
    setInfo(result.value);
    setDraft({ ...draft, password: '' });
    notify(t('archiveSettings.usedServer'));
  };

  const chooseFile = async () => {
    setBusy('file');
    setError(null);
    const result = await call('archive.useFile', {});
    setBusy(null);
    if (!result.ok) return setError(result.error);
    setInfo(result.value);
    notify(t('archiveSettings.usedFile'));
  };

  const startMove = async () => {
    setConfirming(false);
    setError(null);
    const result = await call('archive.moveToServer', loginOf(draft));
    if (!result.ok) return setError(result.error);
    setMove(result.value);
    setDraft({ ...draft, password: '' });
  };

  const restart = async () => {
    const result = await call('archive.restart', {});
    if (!result.ok) setError(result.error);
  };

  const moving = Boolean(move && !movedOn(move));
  const moved = move?.phase === 'done' ? move.result : undefined;
  const inUse = info.inUse;
  const saved = info.saved;
  const canMove = inUse.kind === 'file' && !moved;
  const restartLine = info.canRestart
    ? <button type="button" className="button button-primary" onClick={() => void restart()}>{t('archiveSettings.restartNow')}</button>
    : <span>{t('archiveSettings.restartBy')}</span>;

  return (
    <section className="panel archive-settings" aria-labelledby="archive-settings-title">
      <h2 id="archive-settings-title">{t('archiveSettings.title')}</h2>
      <p className="muted archive-lead">{t('archiveSettings.lead')}</p>
      <dl className="details archive-in-use">
        <div className="details-item">
          <dt>{t('archiveSettings.inUse')}</dt>
          <dd>
            {inUse.kind === 'file'
              ? t('archiveSettings.inUse.file')
              : <>{t('archiveSettings.inUse.server', { address: address(inUse) })}{inUse.user && <span className="muted"> · {t('archiveSettings.inUse.user', { user: inUse.user })}</span>}</>}
          </dd>
        </div>
        {inUse.kind === 'file' && (
          <div className="details-item"><dt>{t('archiveSettings.folder')}</dt><dd><code>{inUse.folder}</code></dd></div>
        )}
        <div className="details-item"><dt>{t('archiveSettings.chosenBy')}</dt><dd>{tDynamic(`archiveSettings.chosenBy.${info.chosenBy}`)}</dd></div>
        <div className="details-item"><dt>{t('archiveSettings.schema')}</dt><dd>{info.schemaVersion}</dd></div>
      </dl>

      {info.chosenBy === 'env' && <p className="banner">{t('archiveSettings.env')}</p>}
      {info.chosenBy !== 'env' && !info.canChooseServer && (
        <>
          <p className="banner archive-explain">{t(app.mode === 'electron' ? 'archiveSettings.noKeychain.electron' : 'archiveSettings.noKeychain.web')}</p>
          {saved.kind === 'server' && <p className="muted">{t('archiveSettings.savedElsewhere', { address: address(saved) })}</p>}
        </>
      )}
      {info.restartNeeded && !moved && (
        <div className="banner archive-restart" role="status">
          <p>{saved.kind === 'server' ? t('archiveSettings.restartNeeded.server', { address: address(saved) }) : t('archiveSettings.restartNeeded.file')}</p>
          {restartLine}
        </div>
      )}

      {info.canChooseServer && (
        <form className="archive-server" onSubmit={(e) => void test(e)} aria-labelledby="archive-server-title" noValidate>
          <h3 id="archive-server-title">{t('archiveSettings.server')}</h3>
          {!moved && (
            <>
              <p className="field-hint">{t('archiveSettings.serverHint')}</p>
              <fieldset className="archive-fields" disabled={moving}>
                <div className="host-port archive-host">
                  <Field label={t('archiveSettings.host')} error={issue('host')}>
                    {(a11y) => <input {...a11y} value={draft.host} placeholder="server.winkel.local" autoComplete="off" spellCheck={false} onChange={(e) => edit('host', e.target.value)} />}
                  </Field>
                  <Field label={t('archiveSettings.port')} error={issue('port')}>
                    {(a11y) => <input {...a11y} value={draft.port} inputMode="numeric" autoComplete="off" onChange={(e) => edit('port', e.target.value)} />}
                  </Field>
                </div>
                <Field label={t('archiveSettings.database')} error={issue('database')}>
                  {(a11y) => <input {...a11y} value={draft.database} autoComplete="off" spellCheck={false} onChange={(e) => edit('database', e.target.value)} />}
                </Field>
                <Field label={t('archiveSettings.user')} error={issue('user')}>
                  {(a11y) => <input {...a11y} value={draft.user} autoComplete="off" spellCheck={false} onChange={(e) => edit('user', e.target.value)} />}
                </Field>
                <Field label={t('archiveSettings.password')} hint={t('archiveSettings.passwordHint')} error={issue('password')}>
                  {(a11y) => <input {...a11y} type="password" value={draft.password} autoComplete="new-password" onChange={(e) => edit('password', e.target.value)} />}
                </Field>
              </fieldset>
              <div className="archive-actions">
                <button type="submit" className="button button-ghost" disabled={moving || busy !== null}>{busy === 'test' ? t('archiveSettings.testing') : t('archiveSettings.test')}</button>
                <button type="button" className="button button-primary" disabled={moving || busy !== null} onClick={() => void chooseServer()}>{t('archiveSettings.use')}</button>
                {canMove && (
                  <button type="button" className="button button-ghost" disabled={moving || busy !== null} aria-expanded={confirming} onClick={() => setConfirming(true)}>
                    {t('archiveSettings.move')}
                  </button>
                )}
              </div>
              <div aria-live="polite" className="archive-outcome">
                {tested && !moving && <p className="archive-tested">{testedText(i18n, tested)}</p>}
                {generalError && <p className="alert" role="alert">{move?.phase === 'failed' ? t('archiveSettings.moveFailed', { reason: generalError }) : generalError}</p>}
              </div>
              {confirming && (
                <div className="archive-confirm" role="group" aria-labelledby="archive-confirm-title">
                  <h4 id="archive-confirm-title" tabIndex={-1} ref={confirmRef}>{t('archiveSettings.confirm.title')}</h4>
                  <p>{t('archiveSettings.confirm.body', { database: draft.database.trim() || '…' })}</p>
                  <div className="archive-actions">
                    <button type="button" className="button button-primary" onClick={() => void startMove()}>{t('archiveSettings.confirm.go')}</button>
                    <button type="button" className="button button-ghost" onClick={() => setConfirming(false)}>{t('form.cancel')}</button>
                  </div>
                </div>
              )}
            </>
          )}
          {move && moving && <MoveProgress job={move} />}
          {moved && (
            <div className="archive-moved" role="status">
              <p><strong>{t('archiveSettings.moved', {
                customers: count(i18n, 'customers', moved.customers), visits: count(i18n, 'visits', moved.visits), notes: count(i18n, 'notes', moved.notes),
              })}</strong></p>
              <p>{t('archiveSettings.movedNext')}</p>
              {restartLine}
            </div>
          )}
        </form>
      )}

      {info.canChooseServer && (saved.kind === 'server' || inUse.kind === 'server') && !moving && !moved && (
        <div className="archive-actions archive-file">
          <button type="button" className="button button-ghost" disabled={busy !== null || saved.kind === 'file'} onClick={() => void chooseFile()}>{t('archiveSettings.useFile')}</button>
        </div>
      )}
      {!info.canChooseServer && generalError && <p className="alert" role="alert">{generalError}</p>}
    </section>
  );
}
