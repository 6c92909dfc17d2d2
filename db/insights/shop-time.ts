import { sql, type Kysely, type RawBuilder } from 'kysely';
import { isPostgres } from '../engine.js';
import type { DB } from '../schema.js';

// A unix-ms moment as the shop's month or day in SQL, as main/core/insights/months.ts
// (monthOf) and main/core/days.ts (shopDayNumber) count them in the shop's zone. SQLite:
// 'localtime', the zone of the app's process, as for Date. PostgreSQL: the STABLE functions
// of migrations 013 and 014, in the session's TimeZone, which every connection of the
// app's pool sets to the shop's zone.

/** year * 12 + month - 1 of the moment's local month. */
export function shopMonthOf(db: Kysely<DB>, ms: RawBuilder<unknown>): RawBuilder<number> {
  if (isPostgres(db)) return sql<number>`unix_ms_month(${ms})`;
  return sql<number>`CAST(strftime('%Y', ${ms} / 1000, 'unixepoch', 'localtime') AS INTEGER) * 12
    + CAST(strftime('%m', ${ms} / 1000, 'unixepoch', 'localtime') AS INTEGER) - 1`;
}

/**
 * The day number of the moment's local day: on SQLite the julian day of the local
 * wall-clock time less that of 1970-01-01 00:00, truncated (the moments are after 1970).
 */
export function shopDayOf(db: Kysely<DB>, ms: RawBuilder<unknown>): RawBuilder<number> {
  if (isPostgres(db)) return sql<number>`unix_ms_day(${ms})`;
  return sql<number>`CAST(julianday(${ms} / 1000, 'unixepoch', 'localtime') - 2440587.5 AS INTEGER)`;
}
