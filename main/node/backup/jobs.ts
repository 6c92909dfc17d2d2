import crypto from 'node:crypto';
import type { BackupJob, BackupPhase } from '../../api/backup/types.js';
import { AppError } from '../../api/errors.js';
import { toApiError, type Logger } from '../../api/dispatch.js';

type Kind = BackupJob['kind'];
type ResultOf<K extends Kind> = NonNullable<Extract<BackupJob, { kind: K }>['result']>;

export interface JobControl {
  report(phase: BackupPhase, done: number, total: number): void;
  signal: AbortSignal;
}

interface Entry {
  job: BackupJob;
  controller: AbortController;
  finished: Promise<unknown>;
}

const KEEP_FINISHED = 20;

/**
 * Long work (a backup, checking a backup, a restore) runs as a job: started at once,
 * asked about by id while the page polls. One at a time: a second backup, a restore
 * during a backup, would copy a file that is about to change.
 */
export class JobBoard {
  private readonly jobs = new Map<string, Entry>();
  private running: Entry | null = null;

  constructor(private readonly log: Logger) {}

  get current(): BackupJob | null {
    return this.running ? { ...this.running.job } : null;
  }

  /** Runs `work` as a job; `promise` settles with its result (or its error) for callers that wait. */
  start<K extends Kind>(kind: K, work: (control: JobControl) => Promise<ResultOf<K>>): { job: BackupJob; promise: Promise<ResultOf<K>> } {
    if (this.running) throw new AppError('backup_busy', 'A backup or restore is already under way');
    const job = { id: crypto.randomUUID(), kind, phase: 'queued', done: 0, total: 0 } as BackupJob;
    const controller = new AbortController();
    const control: JobControl = {
      signal: controller.signal,
      report(phase, done, total) {
        job.phase = phase;
        job.done = done;
        job.total = total;
      },
    };
    const promise = Promise.resolve().then(() => work(control));
    const entry: Entry = { job, controller, finished: promise.catch(() => {}) };
    this.running = entry;
    this.jobs.set(job.id, entry);
    // Free for the next job in the same moment the job reads as finished.
    const settle = (outcome: Partial<BackupJob>) => {
      Object.assign(job, outcome);
      if (this.running === entry) this.running = null;
      this.prune();
    };
    promise.then(
      (result) => settle({ phase: 'done', result, done: job.total } as Partial<BackupJob>),
      (error: unknown) => settle({ phase: 'failed', error: toApiError(error, this.log, `backup job ${kind}`) }),
    );
    return { job: { ...job }, promise };
  }

  get(id: string): BackupJob {
    const entry = this.jobs.get(id);
    if (!entry) throw new AppError('not_found', 'No such backup job');
    return { ...entry.job };
  }

  /** Stops what runs (its partial files are removed) and waits for it to settle. */
  async stop(): Promise<void> {
    const entry = this.running;
    if (!entry) return;
    entry.controller.abort();
    await entry.finished;
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((e) => e !== this.running);
    for (const entry of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(entry.job.id);
  }
}
