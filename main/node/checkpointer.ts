import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';

// SQLite copies the WAL back into the database file (a checkpoint) every 1000 pages, on
// the connection that happens to commit then: one sale in a few hundred waited ~10 ms for
// it (docs/BENCHMARKS.md, Loyalty). Here the app's connection stops checkpointing and a
// worker thread with its own connection does it every second instead. PASSIVE never waits
// for the writer or readers, so a sale never waits for it either. It has to be a thread:
// better-sqlite3 blocks the thread it runs on.

/** SQLite's default, put back whenever the worker is not there to do the job. */
const AUTOCHECKPOINT_PAGES = 1000;

// CommonJS evaluated in the worker: no file to find or bundle, in tsx, the bundled main and
// the packaged app alike. better-sqlite3 comes by its resolved path, not from the cwd.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
let timer;
const tick = () => {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ type: 'checkpoint', result });
  } catch (error) {
    parentPort.postMessage({ type: 'failed', message: String(error && error.message || error) });
  }
  timer = setTimeout(tick, workerData.everyMs);
};
parentPort.on('message', () => {
  clearTimeout(timer);
  db.close();
  parentPort.postMessage({ type: 'stopped' });
  parentPort.close();
});
tick();
`;

export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

export interface Checkpointer {
  /** Stops the worker and gives checkpointing back to the app's connection. */
  stop(): Promise<void>;
}

export interface CheckpointerOptions {
  everyMs?: number;
  log?: (message: string, error: unknown) => void;
  /** Each checkpoint's outcome, for tests and the benchmark. */
  onCheckpoint?: (result: CheckpointResult) => void;
}

export function startCheckpointer(sqlite: BetterSqlite3.Database, file: string, options: CheckpointerOptions = {}): Checkpointer {
  const log = options.log ?? ((message, error) => console.error(message, error));
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, everyMs: options.everyMs ?? 1000 } });
  worker.unref();
  sqlite.pragma('wal_autocheckpoint = 0');

  let running = true;
  // Whatever ends the worker, the app's own connection checkpoints again, so the WAL
  // never grows without bound.
  const handBack = () => {
    if (!running) return;
    running = false;
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  };
  const stopped = new Promise<void>((resolve) => {
    worker.on('message', (message: { type: string; result?: CheckpointResult; message?: string }) => {
      if (message.type === 'checkpoint' && message.result) options.onCheckpoint?.(message.result);
      if (message.type === 'failed') log('background checkpoint failed', message.message);
      if (message.type === 'stopped') resolve();
    });
    worker.on('error', (error) => {
      log('the checkpoint worker stopped', error);
      handBack();
      resolve();
    });
    worker.on('exit', () => {
      handBack();
      resolve();
    });
  });

  return {
    async stop() {
      if (running) worker.postMessage('stop');
      await stopped;
      handBack();
      await worker.terminate();
    },
  };
}
