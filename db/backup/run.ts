import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { WORKER_SOURCE } from './worker-source.js';

/** Rows per table (ordinary tables; the FTS shadow tables included, SQLite's own not). */
export type TableCounts = Record<string, number>;

export interface ArchiveCheck {
  /** `['ok']` when PRAGMA integrity_check found nothing; otherwise its first problems. */
  problems: string[];
  counts: TableCounts;
  applicationId: number;
  userVersion: number;
}

export interface ArchiveCopy {
  pages: number;
  pageSize: number;
  /** The source's counts in the snapshot that was copied. */
  sourceCounts: TableCounts;
  /** The copy, checked after it was written. */
  check: ArchiveCheck;
}

export type WorkPhase = 'copying' | 'verifying';
export type OnProgress = (phase: WorkPhase, done: number, total: number) => void;

/** A failure inside the worker; `code` is SQLite's (e.g. SQLITE_FULL, SQLITE_CORRUPT) when it has one. */
export class ArchiveWorkError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
    this.name = 'ArchiveWorkError';
  }
}

type Job = { op: 'backup'; source: string; dest: string } | { op: 'check'; file: string };
type Message =
  | { type: 'progress'; phase: WorkPhase; done: number; total: number }
  | { type: 'done'; result: unknown }
  | { type: 'failed'; message: string; code: string };

function run<T>(job: Job, onProgress: OnProgress = () => {}, signal?: AbortSignal): Promise<T> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) return reject(new ArchiveWorkError('aborted', 'ABORTED'));
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, job } });
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', abort);
      outcome();
    };
    // Settles once the thread is gone, so the caller can remove the partial file (Windows
    // will not remove a file that is still open).
    const abort = () => settle(() => {
      worker.terminate().finally(() => reject(new ArchiveWorkError('aborted', 'ABORTED')));
    });
    signal?.addEventListener('abort', abort, { once: true });
    worker.on('message', (message: Message) => {
      if (message.type === 'progress') onProgress(message.phase, message.done, message.total);
      else if (message.type === 'done') settle(() => resolve(message.result as T));
      else settle(() => reject(new ArchiveWorkError(message.message, message.code)));
    });
    worker.on('error', (error) => settle(() => reject(new ArchiveWorkError(error.message, 'WORKER'))));
    worker.on('exit', (code) => settle(() => reject(new ArchiveWorkError(`the backup worker stopped (${code})`, 'WORKER'))));
  });
}

/**
 * Copies the archive through SQLite's online backup API into `dest` (a new file), as one
 * consistent snapshot while others keep writing, and checks the copy.
 */
export function copyArchive(source: string, dest: string, onProgress?: OnProgress, signal?: AbortSignal): Promise<ArchiveCopy> {
  return run<ArchiveCopy>({ op: 'backup', source, dest }, onProgress, signal);
}

/** PRAGMA integrity_check and the row counts of a file, opened read-only. */
export function checkArchive(file: string, onProgress?: OnProgress, signal?: AbortSignal): Promise<ArchiveCheck> {
  return run<ArchiveCheck>({ op: 'check', file }, onProgress, signal);
}

export const isIntact = (check: ArchiveCheck) => check.problems.length === 1 && check.problems[0] === 'ok';

export function sameCounts(a: TableCounts, b: TableCounts): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}
