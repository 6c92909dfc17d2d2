// Kysely's view of the insights tables (migration 007). Joined into DB in db/schema.ts.
// Only insight_settings is data; the rest is derived from visits and customers: a cache,
// never the source of truth (see db/migrations/007_insights.ts).

import type { Generated } from 'kysely';

export type LayerColumn = 'top' | 'large' | 'medium' | 'small' | 'inactive' | 'prospect';

export interface InsightSettingsTable {
  id: number;
  top_pct: number;
  large_pct: number;
  medium_pct: number;
  period_months: number;
  updated_at: number;
}

/** Spend and kept visits per customer and the shop's local month (year * 12 + month - 1; migration 013). */
export interface CustomerMonthsTable {
  customer_id: number;
  month: number;
  spend_cents: number;
  visit_count: number;
}

/**
 * Every non-archived customer's standing in the default period (the last 12 months to now):
 * fill it with ensureSegments (db/insights/segments.ts) before reading.
 */
export interface CustomerSegmentsTable {
  customer_id: number;
  layer: LayerColumn;
  /** In the default period. */
  spend_cents: number;
  /** Kept visits in the default period. */
  visit_count: number;
  /** The first month with a kept visit (year * 12 + month - 1), null: never bought. */
  first_month: number | null;
  /** The last kept visit ever. */
  last_visit_at: number | null;
  /** 1–5, 5 = most recent / most frequent / biggest spender; 0 for those who never bought. */
  recency: number;
  frequency: number;
  monetary: number;
}

export interface InsightDirtyTable {
  customer_id: number;
}

export interface InsightStateTable {
  id: number;
  version: number;
  period_from: number | null;
  period_to: number | null;
  thresholds: string | null;
  /** 1 only inside an import's transaction (migration 010): the insert trigger stands aside. */
  bulk_load: Generated<number>;
}

/**
 * PostgreSQL only (migration 017): the triggers' count of changes per connection shard, whose
 * sum joins insight_state.version in the change marker (db/insights/state.ts insightVersion).
 */
export interface InsightChangesTable {
  shard: number;
  changes: number;
}

export interface InsightTables {
  insight_settings: InsightSettingsTable;
  customer_months: CustomerMonthsTable;
  customer_segments: CustomerSegmentsTable;
  insight_dirty: InsightDirtyTable;
  insight_state: InsightStateTable;
  insight_changes: InsightChangesTable;
}
