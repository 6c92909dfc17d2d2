import os from 'node:os';
import type { Services, ServiceOptions } from './services.js';
import { defaultLog, depsBeside } from './services.js';
import { connectPostgresArchive } from '../../db/open-postgres.js';
import { createApi, type Api } from '../api/dispatch.js';
import { createBackups } from './backup/service.js';
import { expireAllDue } from '../api/loyalty/maintenance.js';
import { indexPending, stopIndexing } from '../api/customers/search-indexing.js';
import { undoAbandonedImports } from '../api/exchange/import.js';
import type { ArchiveHealth } from '../api/app/health.js';
import { archiveFailure } from '../api/archive-errors.js';
import { listenerClient, postgresChangeFeed } from './change-feed.js';

// The handlers over the shared archive: a PostgreSQL server several tills use at once
// (db/open-postgres.ts). What the data folder's SQLite file needs and the server does not —
// WAL checkpoints, a quick_check at start, the damaged-file way out — is not here; the
// server owns its pages. What stays in the data folder is the till's own: its settings,
// its exports and the backups it makes.
//
// The till starts even while the server is away: calls then answer `archive_unreachable`
// at once ("the shared archive cannot be reached"), the connection is tried again every
// RETRY_MS, and the till works again by itself once the server answers.

const MAINTENANCE_DELAY_MS = 5_000;
const MAINTENANCE_EVERY_MS = 6 * 60 * 60 * 1000;
/** A till that could not reach the server at start asks again this often. */
const RETRY_MS = 2_000;

const SOUND: ArchiveHealth = { state: 'sound', problems: [] };

/**
 * Settings → Archive's calls that need no archive: a till whose chosen server is away (or
 * gone for good) can still be pointed at another server or back at its file.
 */
const WITHOUT_ARCHIVE = new Set(['archive.info', 'archive.testServer', 'archive.useServer', 'archive.useFile', 'archive.restart']);

export function openServerServices(options: ServiceOptions, url: string): Services {
  const log = options.log ?? defaultLog;
  const connecting = connectPostgresArchive(url, {
    zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    till: options.till ?? os.hostname(),
    onConnectionError: (error) => log('the shared archive dropped a connection', error),
  });
  const { archive } = connecting;
  const deps = depsBeside(archive, options, () => SOUND);
  // Live screens: the archive's triggers NOTIFY (migration 019) on a connection of its own.
  const changes = postgresChangeFeed(() => listenerClient(url, options.till ?? os.hostname(),
    (error) => log('the shared archive dropped a connection', error)));
  deps.changes = changes;
  let closed = false;
  // Settles once the schema is known to be ours and current; a failed attempt is retried.
  let ready: Promise<void> = connecting.ready;
  let retryTimer: NodeJS.Timeout | null = null;
  const watch = (attempt: Promise<void>) => {
    attempt.then(
      () => {},
      (error: unknown) => {
        if (closed || !archiveFailure(error)) return;
        retryTimer = setTimeout(() => {
          retryTimer = null;
          if (!closed) watch((ready = connecting.retry()));
        }, RETRY_MS);
        retryTimer.unref();
      },
    );
  };
  watch(ready);

  let timers: NodeJS.Timeout[] = [];
  const maintain = () => {
    expireAllDue(deps).catch((error: unknown) => log('maintenance failed', error));
  };
  const startUpkeep = () => {
    ready.then(() => {
      if (closed) return;
      timers = [setTimeout(maintain, MAINTENANCE_DELAY_MS), setInterval(maintain, MAINTENANCE_EVERY_MS)];
      for (const timer of timers) timer.unref();
      undoAbandonedImports(deps).catch((error: unknown) => log('undoing an unfinished import failed', error))
        .finally(() => indexPending(deps.archive).catch((error: unknown) => log('search indexing failed', error)));
    }, () => {});
  };
  const stopMaintenance = async () => {
    timers.forEach((timer) => clearTimeout(timer));
    timers = [];
  };
  const replaceArchive = async (): Promise<{ erasedAgain: number }> => {
    throw new Error('Restoring into the shared archive is done from the command line (npm run cli -- restore-to-server)');
  };
  const backups = createBackups({ deps, replaceArchive, log, archiveHealth: async () => SOUND });
  deps.backups = backups;

  const handlers = createApi(deps, { log: options.log });
  const api: Api = {
    async call(name, input) {
      // The long-poll waits on its own connection: while the server is away it waits too, and says `missed` once it is back.
      if (name === 'app.changes') return handlers.call(name, input);
      if (WITHOUT_ARCHIVE.has(String(name))) return handlers.call(name, input);
      try {
        await ready;
      } catch (error) {
        const failure = archiveFailure(error);
        if (failure) return { ok: false, error: failure };
        // A server schema newer than this app, or not ours: refused with its own code.
        const code = (error as { code?: unknown }).code;
        if (typeof code === 'string') return { ok: false, error: { code: code as never, message: (error as Error).message } };
        throw error;
      }
      return handlers.call(name, input);
    },
  };
  return {
    deps,
    api,
    get archive() {
      return deps.archive;
    },
    startMaintenance() {
      startUpkeep();
      return stopMaintenance;
    },
    backups,
    replaceArchive,
    checked: Promise.resolve(SOUND),
    close: async () => {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      await changes.close();
      await backups.close();
      await stopMaintenance();
      await stopIndexing(deps.archive);
      await archive.close();
    },
  };
}
