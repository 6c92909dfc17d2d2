import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { BackupEntry, BackupJob, BackupOverview } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { useI18n } from '../i18n';
import { Field } from '../ui/Field';
import { href } from '../app/router';
import { BackupProgress } from './BackupProgress';
import { fileSize, SHOWN_COUNTS } from './format';
import { finished, useJob } from './useJob';
import { counted } from '../today/format';

const failedJob = (kind: BackupJob['kind'], error: NonNullable<BackupJob['error']>): BackupJob => ({ id: '', kind, phase: 'failed', done: 0, total: 0, error });

/**
 * Restore in three steps the shop can follow: choose a backup (and give its password), see
 * that it is whole and what it holds, confirm. Main keeps a safety copy before the swap.
 */
export function RestorePanel({ overview, backups, onChange, preselect = null, onHome }: {
  overview: BackupOverview;
  backups: BackupEntry[];
  onChange: () => void;
  /** A backup already chosen (the damaged-archive screen offers the last good one). */
  preselect?: BackupEntry | null;
  /** Leaving after a restore when the home link alone would not (the damaged-archive screen). */
  onHome?: () => void;
}) {
  const i18n = useI18n();
  const { t, tDynamic, dateTime } = i18n;
  const [chosen, setChosen] = useState<BackupEntry | null>(preselect);
  const [password, setPassword] = useState('');
  const [check, setCheck] = useJob(overview.job?.kind === 'check' ? overview.job : null);
  const [restore, setRestore] = useJob(overview.job?.kind === 'restore' ? overview.job : null);
  const chosenHeading = useRef<HTMLHeadingElement>(null);
  const checkedHeading = useRef<HTMLHeadingElement>(null);
  const doneMessage = useRef<HTMLParagraphElement>(null);

  const checked = check?.kind === 'check' && check.phase === 'done' ? check.result : undefined;
  const restored = restore?.kind === 'restore' && restore.phase === 'done' ? restore.result : undefined;

  useEffect(() => {
    if (chosen) chosenHeading.current?.focus();
  }, [chosen]);
  useEffect(() => {
    if (checked) checkedHeading.current?.focus();
  }, [checked]);
  const told = useRef('');
  useEffect(() => {
    if (!restore || !finished(restore) || told.current === restore.id) return;
    told.current = restore.id;
    onChange();
    if (restore.phase === 'done') doneMessage.current?.focus();
  }, [restore, onChange]);

  const choose = (entry: BackupEntry) => {
    setChosen(entry);
    setPassword('');
    setCheck(null);
    setRestore(null);
  };

  const pickFile = async () => {
    const result = await call('backup.pickFile', {});
    if (!result.ok) return setCheck(failedJob('check', result.error));
    if (result.value) choose(result.value);
  };

  const startCheck = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    const result = await call('backup.check', { backupId: chosen.id, password });
    setCheck(result.ok ? result.value : failedJob('check', result.error));
  };

  const cancel = async () => {
    if (checked) await call('backup.discard', { token: checked.token });
    setChosen(null);
    setCheck(null);
  };

  const confirm = async () => {
    if (!checked) return;
    const result = await call('backup.restore', { token: checked.token });
    setRestore(result.ok ? result.value : failedJob('restore', result.error));
  };

  const busy = (check && !finished(check)) || (restore && !finished(restore));
  const failure = [check, restore].find((job) => job?.phase === 'failed')?.error;
  return (
    <section className="panel backup-restore" aria-labelledby="backup-restore-title">
      <h2 id="backup-restore-title">{t('backup.restore.title')}</h2>
      <p>{t('backup.restore.intro')}</p>
      {backups.length === 0 ? (
        <p className="muted">{t('backup.restore.none')}</p>
      ) : (
        <div className="table-scroll backup-table">
          <table className="table">
            <caption className="visually-hidden">{t('backup.restore.list')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('backup.restore.when')}</th>
                <th scope="col">{t('backup.restore.kind')}</th>
                <th scope="col">{t('backup.restore.where')}</th>
                <th scope="col" className="num">{t('backup.restore.size')}</th>
                <th scope="col" className="num">{t('backup.restore.customers')}</th>
                <th scope="col"><span className="visually-hidden">{t('backup.restore.action')}</span></th>
              </tr>
            </thead>
            <tbody>
              {backups.map((entry) => (
                <tr key={entry.id} className={chosen?.id === entry.id ? 'is-chosen' : undefined}>
                  <td className="nowrap">{dateTime(entry.createdAt)}</td>
                  <td className="nowrap">{t(`backup.kind.${entry.kind}`)}</td>
                  <td>
                    {t(`backup.place.${entry.place}`)}
                    {entry.encrypted && <span className="badge backup-badge">{t('backup.encrypted')}</span>}
                  </td>
                  <td className="num nowrap">{fileSize(i18n, entry.size)}</td>
                  <td className="num">{entry.manifest?.counts.customers?.toLocaleString(i18n.locale) ?? '–'}</td>
                  <td className="backup-row-action">
                    <button type="button" className="button button-ghost button-small" disabled={Boolean(busy)}
                      aria-label={t('backup.restore.actionLabel', { when: dateTime(entry.createdAt) })} onClick={() => choose(entry)}>
                      {t('backup.restore.action')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {overview.canPickFile && (
        <div className="backup-actions">
          <button type="button" className="button button-ghost" onClick={() => void pickFile()} disabled={Boolean(busy)}>{t('backup.restore.pickFile')}</button>
        </div>
      )}

      {chosen && !checked && !restored && (
        <form className="backup-step" onSubmit={startCheck} aria-labelledby="backup-chosen-title" noValidate>
          <h3 id="backup-chosen-title" ref={chosenHeading} tabIndex={-1}>{t('backup.restore.chosen', { when: dateTime(chosen.createdAt) })}</h3>
          <p className="muted code">{chosen.name}</p>
          {chosen.encrypted && (
            <Field label={t('backup.restore.password')} className="backup-password-field">
              {(a11y) => <input {...a11y} type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} />}
            </Field>
          )}
          {check && !finished(check) && <BackupProgress job={check} />}
          <div className="backup-actions">
            <button type="submit" className="button button-primary" disabled={Boolean(busy)}>{t('backup.restore.check')}</button>
            <button type="button" className="button button-ghost" onClick={() => void cancel()} disabled={Boolean(busy)}>{t('backup.restore.cancel')}</button>
          </div>
        </form>
      )}

      {checked && !restored && (
        <div className="backup-step backup-checked">
          <h3 id="backup-checked-title" ref={checkedHeading} tabIndex={-1}>{t('backup.restore.checked')}</h3>
          <p>{t('backup.restore.made', { when: dateTime(checked.createdAt) })}</p>
          <dl className="figures backup-counts" aria-label={t('backup.restore.holds')}>
            {SHOWN_COUNTS.filter((table) => table in checked.counts).map((table) => (
              <div className="figure" key={table}>
                <dt>{t(`backup.restore.counts.${table}`)}</dt>
                <dd className="figure-number">{checked.counts[table]!.toLocaleString(i18n.locale)}</dd>
              </div>
            ))}
          </dl>
          {checked.migrates && <p className="muted">{t('backup.restore.migrates')}</p>}
          <p className="warning">{t('backup.restore.confirmHint', { when: dateTime(checked.createdAt) })}</p>
          {restore && !finished(restore) && <BackupProgress job={restore} />}
          <div className="backup-actions">
            <button type="button" className="button button-primary" onClick={() => void confirm()} disabled={Boolean(busy)}>{t('backup.restore.confirm')}</button>
            <button type="button" className="button button-ghost" onClick={() => void cancel()} disabled={Boolean(busy)}>{t('backup.restore.cancel')}</button>
          </div>
        </div>
      )}

      {restored && (
        <div className="backup-step backup-success">
          <p ref={doneMessage} tabIndex={-1}><strong>{t('backup.restore.done', { when: dateTime(restored.createdAt), name: restored.safetyCopy })}</strong></p>
          {restored.erasedAgain > 0 && (
            <p className="backup-erased-again">{counted(i18n, 'backup.restore.erasedAgain', restored.erasedAgain)}</p>
          )}
          <a className="button button-primary" href={href({ name: 'home' })} onClick={onHome}>{t('backup.restore.home')}</a>
        </div>
      )}
      {failure && <p className="alert" role="alert">{tDynamic(errorKey(failure), failure.params)}</p>}
    </section>
  );
}
