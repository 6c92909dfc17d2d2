import { useCallback, useEffect, useState } from 'react';
import type { ApiError, BackupEntry, BackupOverview } from '../../../main/api/contract';
import { call, errorKey } from '../api';
import { useI18n } from '../i18n';
import { useApp } from '../app/AppContext';
import { BackupNow } from './BackupNow';
import { FolderSettings } from './FolderSettings';
import { AutomaticSettings, EncryptionSettings } from './AutomaticSettings';
import { RestorePanel } from './RestorePanel';
import './backup.css';

export interface SectionProps {
  /** Path segments after `#/backup`. */
  rest: string[];
  params: Record<string, string>;
}

const load = () => Promise.all([call('backup.overview', {}), call('backup.list', {})]);
type Loaded = Awaited<ReturnType<typeof load>>;

/** Backups: the last one and "Back up now", where they go, automatic ones, encryption, restore. */
export function BackupPage(_props: SectionProps) {
  const { t, tDynamic } = useI18n();
  const [overview, setOverview] = useState<BackupOverview | null>(null);
  const [backups, setBackups] = useState<BackupEntry[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const { settings, setSettings } = useApp();

  // The backup calls change settings.backup in main (the folder, encryption): keep the
  // app's copy in step, or the next settings form would save the old one back.
  const adopt = useCallback((next: BackupOverview) => {
    setOverview(next);
    if (JSON.stringify(next.settings) !== JSON.stringify(settings.backup)) setSettings({ ...settings, backup: next.settings });
  }, [settings, setSettings]);

  const show = useCallback(([next, list]: Loaded) => {
    if (!next.ok) return setError(next.error);
    setError(null);
    adopt(next.value);
    if (list.ok) setBackups(list.value);
  }, [adopt]);

  const refresh = useCallback(() => load().then(show), [show]);

  useEffect(() => {
    let live = true;
    load().then((loaded) => live && show(loaded));
    return () => {
      live = false;
    };
  }, [show]);

  return (
    <div className="page backup-page">
      <h1>{t('backup.title')}</h1>
      <p className="lead">{t('backup.intro')}</p>
      {error && <p className="alert" role="alert">{tDynamic(errorKey(error), error.params)}</p>}
      {overview && (
        <>
          <div className="backup-grid">
            <BackupNow overview={overview} onFinished={refresh} />
            <FolderSettings overview={overview} onChange={adopt} />
          </div>
          <RestorePanel overview={overview} backups={backups} onChange={refresh} />
          <div className="backup-grid">
            <AutomaticSettings onChange={refresh} />
            <EncryptionSettings overview={overview} onChange={adopt} />
          </div>
        </>
      )}
    </div>
  );
}
