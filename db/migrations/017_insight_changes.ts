import type { Migration } from './types.js';

// PostgreSQL counts the insights' changes per connection (db/migrations/postgres/017_insight_changes.ts)
// so that tills recording purchases at once do not all update the one insight_state row.
// Nothing to do on SQLite: the file has one writer at a time (BEGIN IMMEDIATE), so the
// triggers' bump of insight_state.version never waits for another writer's.
// The step exists so that a schema version means the same step on either engine.
export const migration017: Migration = {
  version: 17,
  name: 'insight_changes',
  up() {},
};
