import type { Migration } from './types.js';

// PostgreSQL tells every till what changed (db/migrations/postgres/019_change_notifications.ts:
// triggers that NOTIFY), so that the screens of other tills follow. Nothing to do on SQLite:
// a file has no NOTIFY, and its writers are this process (which knows its own writes) or
// another process on the same machine, noticed through PRAGMA data_version
// (main/node/change-feed.ts). The step exists so that a schema version means the same step on
// either engine.
export const migration019: Migration = {
  version: 19,
  name: 'change_notifications',
  up() {},
};
