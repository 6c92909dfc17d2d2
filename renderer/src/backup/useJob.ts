import { useEffect, useState } from 'react';
import type { BackupJob } from '../../../main/api/contract';
import { call } from '../api';

const POLL_MS = 250;

export const finished = (job: BackupJob | null) => job !== null && (job.phase === 'done' || job.phase === 'failed');

/** Follows a backup job (backup, check, restore) by polling `backup.status` until it ends; `initial` is one already under way. */
export function useJob(initial: BackupJob | null = null): [BackupJob | null, (job: BackupJob | null) => void] {
  const [job, setJob] = useState<BackupJob | null>(initial);
  useEffect(() => {
    if (!job || finished(job)) return;
    let live = true;
    const timer = setTimeout(() => {
      call('backup.status', { jobId: job.id }).then((result) => {
        if (!live) return;
        setJob(result.ok ? result.value : { ...job, phase: 'failed', error: result.error });
      });
    }, POLL_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [job]);
  return [job, setJob];
}
