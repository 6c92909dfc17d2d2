import { useEffect, useRef } from 'react';
import type { BackupOverview } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { useI18n, type I18n } from '../i18n';
import { counted } from '../today/format';
import { BackupProgress } from './BackupProgress';
import { finished, useJob } from './useJob';

/** What the shop should know about the last backup, or why it is worried. */
export function problemText(i18n: I18n, overview: BackupOverview): string | null {
  const problem = overview.problem;
  if (!problem) return null;
  if (problem.code === 'backup_folder_missing' || problem.code === 'backup_folder_unusable') {
    return i18n.t(`backup.problem.${problem.code}`, { folder: problem.folder ?? overview.folder.path });
  }
  return i18n.t('backup.problem.failed', { reason: i18n.tDynamic(`errors.${problem.code}`) });
}

/** The last good backup, and "Back up now" with its progress until the copy is checked. */
export function BackupNow({ overview, onFinished }: { overview: BackupOverview; onFinished: () => void }) {
  const i18n = useI18n();
  const { t, tDynamic, dateTime, relative } = i18n;
  // A backup under way (an automatic one, or one started before the page was opened) is followed too.
  const [shown, setJob] = useJob(overview.job?.kind === 'backup' ? overview.job : null);
  const told = useRef('');

  useEffect(() => {
    if (!shown || !finished(shown) || told.current === shown.id) return;
    told.current = shown.id;
    onFinished();
  }, [shown, onFinished]);

  const start = async () => {
    const result = await call('backup.start', {});
    if (result.ok) setJob(result.value);
    else setJob({ id: '', kind: 'backup', phase: 'failed', done: 0, total: 0, error: result.error });
  };

  const last = overview.lastGood;
  const done = shown?.kind === 'backup' && shown.phase === 'done' ? shown.result : undefined;
  const problem = problemText(i18n, overview);
  return (
    <section className="panel backup-now" aria-labelledby="backup-last-title">
      <h2 id="backup-last-title">{t('backup.last.title')}</h2>
      {last ? (
        <p className="backup-last">
          {t('backup.last.at', { when: dateTime(last.at), relative: relative(last.at) })}{' '}
          <span className="muted">{t('backup.last.where', { folder: last.folder })}{last.encrypted ? ` ${t('backup.last.encrypted')}` : ''}</span>
        </p>
      ) : (
        <p className="backup-last">{t('backup.last.none')}</p>
      )}
      {overview.stale && last && <p className="banner">{counted(i18n, 'backup.last.stale', overview.settings.warnAfterDays, { days: overview.settings.warnAfterDays })}</p>}
      {problem && <p className="banner">{problem}</p>}
      <div className="backup-actions">
        <button type="button" className="button button-primary" onClick={() => void start()} disabled={Boolean(shown && !finished(shown))}>
          {t('backup.now')}
        </button>
        {shown && !finished(shown) && <BackupProgress job={shown} />}
      </div>
      <div aria-live="polite" className="backup-outcome">
        {done && (
          <div className="backup-success">
            <p><strong>{t('backup.done', { name: done.name })}</strong></p>
            <p>{counted(i18n, 'backup.doneHolds', done.counts.customers ?? 0, { customers: (done.counts.customers ?? 0).toLocaleString(i18n.locale) })}</p>
            {done.fellBack && <p>{t('backup.fellBack')}</p>}
          </div>
        )}
        {shown?.phase === 'failed' && shown.error && <p className="alert" role="alert">{tDynamic(errorKey(shown.error), shown.error.params)}</p>}
      </div>
    </section>
  );
}
