import { useEffect, useState } from 'react';
import type { BackupOverview } from '../../../main/api/contract';
import { request } from '../api';
import { useI18n } from '../i18n';
import { counted } from '../today/format';
import { href, section } from '../app/router';
import { problemText } from './BackupNow';
import './backup.css';

/** One line on the home screen: when the last good backup was made, and a warning when it is old. */
export function LastBackup() {
  const i18n = useI18n();
  const { t, dateTime, relative } = i18n;
  const [overview, setOverview] = useState<BackupOverview | null>(null);

  useEffect(() => {
    request('backup.overview', {}).then(setOverview, () => setOverview(null));
  }, []);

  if (!overview) return null;
  const last = overview.lastGood;
  const problem = problemText(i18n, overview);
  const worried = overview.stale || problem !== null;
  return (
    <section className={`last-backup${worried ? ' is-worried' : ''}`} aria-labelledby="last-backup-title">
      <h2 id="last-backup-title" className="visually-hidden">{t('backup.home.title')}</h2>
      <span className="last-backup-mark" aria-hidden="true">{worried ? '!' : '✓'}</span>
      <div className="last-backup-text">
        <p>{last ? t('backup.home.last', { relative: relative(last.at), when: dateTime(last.at) }) : t('backup.home.none')}</p>
        {last && overview.stale && <p><strong>{counted(i18n, 'backup.home.stale', overview.ageDays ?? 0, { days: overview.ageDays ?? 0 })}</strong></p>}
        {problem && <p>{problem}</p>}
      </div>
      <a className={`button button-small ${worried ? 'button-primary' : 'button-ghost'}`} href={href(section('backup'))}>
        {worried ? t('backup.home.now') : t('backup.home.open')}
      </a>
    </section>
  );
}
