import { useId } from 'react';
import type { BackupJob } from '../../../main/api/contract';
import { useI18n } from '../i18n';

/** A job's progress: a real <progress> with its values, and the phase in words. */
export function BackupProgress({ job }: { job: BackupJob }) {
  const { t, tDynamic } = useI18n();
  const id = useId();
  const phase = tDynamic(`backup.phase.${job.phase}`);
  const counted = job.total > 0;
  const percent = counted ? Math.min(100, Math.floor((job.done / job.total) * 100)) : 0;
  const text = counted ? t('backup.progress', { phase, percent }) : t('backup.progressBusy', { phase });
  return (
    <div className="backup-progress">
      <label htmlFor={id} className="backup-progress-label">{text}</label>
      {counted ? <progress id={id} value={job.done} max={job.total} /> : <progress id={id} />}
    </div>
  );
}
