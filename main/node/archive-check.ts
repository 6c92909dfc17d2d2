import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { PROBLEMS_KEPT } from '../../db/archive-file.js';

// PRAGMA quick_check of a big archive takes seconds (docs/BENCHMARKS.md, Opening the
// archive), too long to keep the shop waiting at start. It runs here instead, in a worker
// thread with its own read-only connection (better-sqlite3 blocks the thread it runs on),
// while the app's connection answers reads and stays query_only until it has passed.

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const damage = (code) => typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
let answer;
try {
  const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  try {
    const found = db.pragma('quick_check(' + workerData.kept + ')').map((row) => row.quick_check);
    answer = { problems: found.length === 1 && found[0] === 'ok' ? [] : found };
  } finally {
    db.close();
  }
} catch (error) {
  answer = damage(error && error.code) ? { problems: [String(error.message)] } : { failed: String(error && error.message || error) };
}
parentPort.postMessage(answer);
`;

class CheckFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckFailedError';
  }
}

export interface BackgroundCheck {
  /** quick_check's problems, [] when sound; rejects with CheckFailedError when it could not check. */
  readonly problems: Promise<string[]>;
  /** Ends the worker early (the app is closing); `problems` then rejects. */
  stop(): Promise<void>;
}

export function checkInBackground(file: string): BackgroundCheck {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, kept: PROBLEMS_KEPT } });
  const problems = new Promise<string[]>((resolve, reject) => {
    worker.on('message', (answer: { problems?: string[]; failed?: string }) => {
      if (answer.problems) resolve(answer.problems);
      else reject(new CheckFailedError(answer.failed ?? 'the check stopped'));
    });
    worker.on('error', (error) => reject(new CheckFailedError(error.message)));
    worker.on('exit', () => reject(new CheckFailedError('the check stopped')));
  });
  // The caller decides what a failure means; no unhandled rejection meanwhile.
  problems.catch(() => {});
  return {
    problems,
    async stop() {
      await worker.terminate();
    },
  };
}
