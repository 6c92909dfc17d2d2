import { useEffect, useState } from 'react';
import type { ArchiveInfo } from '../../../main/api/contract';
import { call } from '../api';
import type { I18n } from '../i18n';
import '../settings/archive-settings.css';

/**
 * On the start screen of a till whose shared server (chosen under Settings → Archive) cannot
 * be reached: the way back to the file on this computer, so a server gone for good never
 * keeps the shop out. Nothing shows for a server COUNTERPART_DATABASE_URL chose.
 */
export function UnreachableChoice({ i18n }: { i18n: I18n }) {
  const [info, setInfo] = useState<ArchiveInfo | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    let live = true;
    void call('archive.info', {}).then((result) => live && result.ok && setInfo(result.value));
    return () => {
      live = false;
    };
  }, []);

  if (!info || info.inUse.kind !== 'server' || info.chosenBy !== 'settings' || !info.canChooseServer) return null;
  const { host, port, database } = info.inUse;

  const backToFile = async () => {
    const result = await call('archive.useFile', {});
    if (!result.ok) return;
    if (result.value.canRestart) await call('archive.restart', {});
    setSaved(true);
  };

  return (
    <div className="unreachable-choice">
      <p>{i18n.t('archiveSettings.unreachable.lead', { address: `${host}:${port}/${database}` })}</p>
      {saved
        ? <p role="status">{i18n.t('archiveSettings.usedFile')}</p>
        : <button type="button" className="button button-ghost" onClick={() => void backToFile()}>{i18n.t('archiveSettings.unreachable.useFile')}</button>}
    </div>
  );
}
