import crypto from 'node:crypto';
import type { FileArchive } from '../../db/open.js';
import { ArchiveRefusedError } from '../../db/archive-file.js';
import { ArchiveUnreachableError } from '../../db/open-postgres.js';
import { copyArchive, TargetNotEmptyError } from '../../db/copy/copy-archive.js';
import { COPIED_TABLES, countCopiedRows } from '../../db/copy/tables.js';
import type { ArchiveMoveJob } from '../api/archive/types.js';
import type { ArchiveMoves, Deps } from '../api/deps.js';
import { toApiError, type Logger } from '../api/dispatch.js';
import { AppError, fieldError } from '../api/errors.js';
import { openServer } from './cli/move.js';
import { archiveAt, verifyCopy } from './cli/verify-copy.js';

// Settings → Archive's "Move this shop's archive to the server": the file archive the app has
// open copied into an empty PostgreSQL database (db/copy/copy-archive.ts, as `npm run cli --
// move-to-server` does for a closed one), proven against the snapshot it copied
// (cli/verify-copy.ts), and only then the server saved as this till's choice.
//
// The file is set query_only for the move and stays so after it: a sale rung up once the
// snapshot was taken would be in the file only, and the other tills would never see it. A write
// meanwhile fails loudly instead; the screen asks for a restart, which opens the server. A move
// that fails gives the file back for writing, and the choice is left as it was.

const COPIED = new Set(COPIED_TABLES.map((t) => t.name));

/** What a shop can put right, at the field it concerns; anything else as any handler's error. */
function moveError(error: unknown, log: Logger): ReturnType<typeof toApiError> {
  if (error instanceof ArchiveUnreachableError) {
    if (error.reason === 'login_refused') return fieldError('password', 'login_refused').toApiError();
    if (error.reason === 'no_database') return fieldError('database', 'database_missing').toApiError();
    if (error.reason === 'unreachable') return fieldError('host', 'server_unreachable').toApiError();
  }
  if (error instanceof ArchiveRefusedError && error.code === 'not_an_archive') return fieldError('database', 'database_not_ours').toApiError();
  if (error instanceof ArchiveRefusedError && error.code === 'db_too_new') return fieldError('database', 'database_too_new').toApiError();
  if (error instanceof TargetNotEmptyError) return fieldError('database', 'database_not_empty').toApiError();
  return toApiError(error, log, 'archive.moveToServer');
}

function fileOf(deps: Deps): FileArchive {
  if (deps.archive.engine !== 'sqlite') throw new AppError('archive_choice_unavailable', 'Only the data folder\'s file is moved to a server');
  return deps.archive;
}

async function move(file: FileArchive, url: string, job: ArchiveMoveJob, switchOver: () => void) {
  const target = await openServer(url, 'move');
  try {
    const counts = await countCopiedRows(file.db);
    const rows = Object.values(counts).reduce((sum, n) => sum + n, 0);
    // Rows copied of the tables done, and of the one under way.
    const finished = new Map<string, number>();
    const copied = await copyArchive(file.db, target.db, {
      onProgress(table, done, total) {
        if (COPIED.has(table)) {
          finished.set(table, done);
          Object.assign(job, { phase: 'copying', done: Math.min(rows, [...finished.values()].reduce((s, n) => s + n, 0)), total: Math.max(rows, 1) });
        } else {
          Object.assign(job, { phase: 'indexing', done, total });
        }
      },
      inSnapshot: (snapshot, copiedCounts) => {
        Object.assign(job, { phase: 'verifying', done: 0, total: 0 });
        return verifyCopy(archiveAt(file, snapshot), target, copiedCounts);
      },
    });
    if (!copied.checked.ok) {
      const what = [...copied.checked.counts, ...copied.checked.searches.differing.map((q) => `search "${q}"`)].join('; ');
      throw new AppError('archive_move_unverified', `The copy on the server did not check out (${what}); this till keeps using the file`);
    }
    switchOver();
    return {
      customers: copied.counts.customers ?? 0,
      visits: copied.counts.visits ?? 0,
      notes: copied.counts.customer_entries ?? 0,
      ms: Math.round(copied.ms),
    };
  } finally {
    await target.close();
  }
}

export function createArchiveMoves(deps: Deps, log: Logger): ArchiveMoves {
  const jobs = new Map<string, ArchiveMoveJob>();
  let running: ArchiveMoveJob | null = null;
  let moved: ArchiveMoveJob | null = null;
  return {
    get current() {
      const job = running ?? moved;
      return job ? { ...job } : null;
    },
    start(url, switchOver) {
      if (running) throw new AppError('backup_busy', 'The archive is being moved already');
      const file = fileOf(deps);
      const job: ArchiveMoveJob = { id: crypto.randomUUID(), phase: 'queued', done: 0, total: 0 };
      jobs.set(job.id, job);
      running = job;
      file.sqlite.pragma('query_only = ON');
      move(file, url, job, switchOver).then(
        (result) => {
          Object.assign(job, { phase: 'done', result });
          moved = job;
        },
        (error: unknown) => {
          file.sqlite.pragma('query_only = OFF');
          Object.assign(job, { phase: 'failed', error: moveError(error, log) });
        },
      ).finally(() => {
        running = null;
      });
      return { ...job };
    },
    job(id) {
      const job = jobs.get(id);
      if (!job) throw new AppError('not_found', 'No such move');
      return { ...job };
    },
  };
}
