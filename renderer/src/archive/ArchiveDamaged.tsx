import { useCallback, useEffect, useState } from 'react';
import type { ArchiveHealth, BackupEntry, BackupOverview } from '../../../main/api/contract';
import { call } from '../api';
import { useI18n } from '../i18n';
import { RestorePanel } from '../backup/RestorePanel';
import '../backup/backup.css';
import './archive.css';

const load = () => Promise.all([call('backup.overview', {}), call('backup.list', {})]);

/** The newest backup that was checked when it was made (it has a manifest): the one to offer. */
function lastGood(overview: BackupOverview, backups: BackupEntry[]): BackupEntry | null {
  const named = overview.lastGood && backups.find((b) => b.name === overview.lastGood!.name && b.place === overview.lastGood!.place);
  return named || backups.filter((b) => b.manifest !== null).sort((a, b) => b.createdAt - a.createdAt)[0] || null;
}

/**
 * What the shop sees instead of the counter when the archive is damaged: what happened in
 * plain words, the last good backup with one button to restore it, and the restore's own
 * steps (check what it holds, confirm). Nothing here writes to the damaged file.
 */
export function ArchiveDamaged({ health, dataDir, onLeave }: { health: ArchiveHealth; dataDir: string; onLeave: () => void }) {
  const { t, dateTime, relative } = useI18n();
  const [overview, setOverview] = useState<BackupOverview | null>(null);
  const [backups, setBackups] = useState<BackupEntry[]>([]);
  const [chosen, setChosen] = useState<BackupEntry | null>(null);

  const refresh = useCallback(() => load().then(([next, list]) => {
    if (next.ok) setOverview(next.value);
    if (list.ok) setBackups(list.value);
  }), []);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const offered = overview ? lastGood(overview, backups) : null;
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">
          <span className="brand-logo" aria-hidden="true">C</span>
          <span className="brand-text"><span className="brand-name">{t('app.name')}</span></span>
        </span>
      </header>
      <main id="main" className="content" tabIndex={-1}>
        <div className="page archive-damaged">
          <section className="panel archive-alert" aria-labelledby="archive-damaged-title">
            <span className="archive-alert-mark" aria-hidden="true">!</span>
            <div className="archive-alert-text">
              <h1 id="archive-damaged-title">{t('archive.damaged.title')}</h1>
              <p className="lead">{t('archive.damaged.lead')}</p>
              <p>{t('archive.damaged.safe')}</p>
              {overview && offered && (
                <div className="archive-offer">
                  <p>
                    <strong>{t('archive.damaged.lastGood', { when: dateTime(offered.createdAt), relative: relative(offered.createdAt) })}</strong>{' '}
                    {t('archive.damaged.since')}
                  </p>
                  <button type="button" className="button button-primary" onClick={() => setChosen(offered)}>{t('archive.damaged.restoreIt')}</button>
                </div>
              )}
              {overview && !offered && <p className="warning">{t('archive.damaged.none')}</p>}
              <h2>{t('archive.damaged.steps')}</h2>
              <ol className="archive-steps">
                <li>{t('archive.damaged.step1')}</li>
                <li>{t('archive.damaged.step2')}</li>
                <li>{t('archive.damaged.step3')}</li>
              </ol>
            </div>
          </section>
          {overview && (
            <RestorePanel key={chosen?.id ?? 'none'} overview={overview} backups={backups} onChange={refresh} preselect={chosen} onHome={onLeave} />
          )}
          <details className="archive-details">
            <summary>{t('archive.damaged.details')}</summary>
            <p className="code">{t('archive.damaged.folder', { folder: dataDir })}</p>
            <p>{t('archive.damaged.found')}</p>
            <ul className="code">{health.problems.map((problem) => <li key={problem}>{problem}</li>)}</ul>
          </details>
        </div>
      </main>
    </div>
  );
}
