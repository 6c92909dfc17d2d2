import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { AppInfo, ArchiveHealth } from '../../../main/api/contract';
import { request } from '../api';
import { ArchiveDamaged } from './ArchiveDamaged';

/** How often the page asks again while a big archive is still being checked. */
const CHECKING_POLL_MS = 1000;

/**
 * The app as usual, or, when the archive's check at start found damage, the one screen
 * that says so and leads to a restore. A big archive is checked in the background: the
 * counter works meanwhile and the screen follows as soon as the check answers.
 */
export function ArchiveGate({ info, children }: { info: AppInfo; children: ReactNode }) {
  const [health, setHealth] = useState<ArchiveHealth>(info.archive);

  const ask = useCallback(() => request('app.info', {}).then((next) => next.archive), []);

  useEffect(() => {
    if (health.state !== 'checking') return;
    const timer = setInterval(() => {
      ask().then(setHealth, () => {});
    }, CHECKING_POLL_MS);
    return () => clearInterval(timer);
  }, [health.state, ask]);

  // After a restore the shop reads what happened, then goes on to the counter.
  const leave = useCallback(() => {
    ask().then(setHealth, () => {});
  }, [ask]);

  if (health.state === 'damaged') return <ArchiveDamaged health={health} dataDir={info.dataDir} onLeave={leave} />;
  return <>{children}</>;
}
