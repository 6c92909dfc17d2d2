import type { Archive } from '../../../db/archive.js';
import { indexBacklog } from '../../../db/customers/search-backlog.js';
import { writeTransaction, yieldToOtherWriters } from '../../../db/transaction.js';
import { forgetPending, loadPending, madeDocuments } from './pending-search.js';

// Writes the search documents an import queued, a chunk per write transaction, letting
// sales and lookups in between: a sale waits for one chunk (tens of milliseconds), never for
// the whole index. One run per archive; an import that queues more while it runs is
// picked up by the same run. Started after an import commits and when upkeep starts (a
// backlog left by a quit or a restore).

const CHUNK = 500;
/** Documents made per turn of the event loop (~25 ms). */
const PREPARE = 2000;

interface Run {
  done: Promise<void>;
  stopping: boolean;
}

const runs = new WeakMap<Archive, Run>();

const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Starts writing the queued documents unless a run is under way; resolves when none wait. */
export function indexPending(archive: Archive): Promise<void> {
  const running = runs.get(archive);
  if (running && !running.stopping) return running.done;
  const run: Run = { done: Promise.resolve(), stopping: false };
  run.done = (async () => {
    if (running) await running.done.catch(() => {});
    try {
      // First the documents, a slice per turn of the event loop, so a search soon after
      // the import finds them made; then the index, a chunk per transaction.
      while (!run.stopping && !(await loadPending(archive, PREPARE))) await breathe();
      while (!run.stopping) {
        // The work only reads madeDocuments: on PostgreSQL it may run again after a conflict.
        const { upTo, more } = await writeTransaction(archive.db, (trx) => indexBacklog(trx, CHUNK, madeDocuments(archive)));
        if (upTo !== null) forgetPending(archive, upTo, more);
        if (!more) break;
        // A real pause, not just a turn of the event loop: long enough for another till's write to get in.
        await yieldToOtherWriters();
      }
    } finally {
      if (runs.get(archive) === run) runs.delete(archive);
    }
  })();
  runs.set(archive, run);
  return run.done;
}

/** Stops after the chunk under way (before the archive closes); what is left waits for the next run. */
export async function stopIndexing(archive: Archive): Promise<void> {
  const run = runs.get(archive);
  if (!run) return;
  run.stopping = true;
  await run.done.catch(() => {});
}
