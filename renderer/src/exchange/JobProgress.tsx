import { useId } from 'react';
import type { ExchangeJob } from '../../../main/api/contract';

/** A running job's progress: a real <progress> with its values, and the same in words. */
export function JobProgress({ job, label, text }: { job: ExchangeJob; label: string; text: string }) {
  const id = useId();
  return (
    <div className="exchange-progress">
      <label htmlFor={id} className="visually-hidden">{label}</label>
      <progress id={id} value={job.done} max={Math.max(1, job.total)} />
      {/* The bar carries the value; the words are not read out on every step. */}
      <p className="exchange-progress-text">{text}</p>
    </div>
  );
}
