import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { CutoffPercents, LayerCuts } from '../../main/core/insights/layers.js';
import type { MonthRange } from '../../main/core/insights/months.js';
import type { ScoreCuts } from '../../main/core/insights/scores.js';
import { isPostgres } from '../engine.js';
import type { DB } from '../schema.js';

// The shop's insight settings (data, one row) and the state of the derived tables.

export interface InsightSettings {
  cutoffs: CutoffPercents;
  periodMonths: number;
}

export async function readSettings(db: Kysely<DB>): Promise<InsightSettings> {
  const row = await db.selectFrom('insight_settings').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  return { cutoffs: { top: row.top_pct, large: row.large_pct, medium: row.medium_pct }, periodMonths: row.period_months };
}

export async function writeSettings(db: Kysely<DB>, s: InsightSettings, now: number): Promise<void> {
  await db
    .updateTable('insight_settings')
    .set({ top_pct: s.cutoffs.top, large_pct: s.cutoffs.large, medium_pct: s.cutoffs.medium, period_months: s.periodMonths, updated_at: now })
    .where('id', '=', 1)
    .execute();
  // The caches keyed on the version must not answer with the old cut-offs.
  await bumpVersion(db);
}

/** For what changes the insights seldom (settings, a rebuild): the per-connection counts of 017 are for the triggers. */
export async function bumpVersion(db: Kysely<DB>): Promise<void> {
  await sql`UPDATE insight_state SET version = version + 1 WHERE id = 1`.execute(db);
}

/** What the segments were last classified with. */
export interface Thresholds {
  cutoffs: CutoffPercents;
  layer: LayerCuts;
  /** Recency cuts as day numbers (a last visit on or after that day scores 2..5). */
  recencyDays: ScoreCuts;
  frequency: ScoreCuts;
  monetary: ScoreCuts;
  /** The state's version when these were made: what the kept inputs in memory must match. */
  atVersion?: number;
}

export interface InsightState {
  version: number;
  window: MonthRange | null;
  thresholds: Thresholds | null;
}

export async function readState(db: Kysely<DB>): Promise<InsightState> {
  const row = await db.selectFrom('insight_state').selectAll().select(changeMarker(db).as('marker')).where('id', '=', 1).executeTakeFirstOrThrow();
  return {
    version: row.marker,
    window: row.period_from === null || row.period_to === null ? null : { from: row.period_from, to: row.period_to },
    thresholds: row.thresholds === null ? null : (JSON.parse(row.thresholds) as Thresholds),
  };
}

/** The cheap change marker: goes up with every write the insights depend on. */
export async function insightVersion(db: Kysely<DB>): Promise<number> {
  const row = await db.selectFrom('insight_state').select(changeMarker(db).as('marker')).where('id', '=', 1).executeTakeFirstOrThrow();
  return row.marker;
}

/**
 * The change marker as a column of insight_state's row. SQLite: its version, which every
 * change bumps (one writer at a time, so the one row is never fought over). PostgreSQL:
 * that version plus the changes the triggers count per connection (migration 017), read in
 * one statement and so in one snapshot: it goes up with every commit that changes the
 * insights, in the same snapshot as the change, and never returns to a value it had.
 */
function changeMarker(db: Kysely<DB>): RawBuilder<number> {
  return isPostgres(db)
    ? sql<number>`insight_state.version + coalesce((SELECT sum(changes) FROM insight_changes), 0)`
    : sql<number>`insight_state.version`;
}

export async function writeState(db: Kysely<DB>, window: MonthRange, thresholds: Thresholds): Promise<void> {
  await db
    .updateTable('insight_state')
    .set({ period_from: window.from, period_to: window.to, thresholds: JSON.stringify(thresholds) })
    .where('id', '=', 1)
    .execute();
}
