import { sql, type Kysely, type RawBuilder } from 'kysely';
import { isPostgres, joinInOrder, tableThroughIndex } from '../engine.js';
import type { LayerColumn } from '../insights/schema.js';
import type { DB } from '../schema.js';

// The lists a shop acts on (birthdays are the Today screen's query, db/memory/today.ts).
// Each returns its rows best first, up to `limit`, with `total` (every row there is, from
// a window count, so a capped list still says how long it really is). Archived customers
// are never listed. The segments table must have been filled (ensureSegments) for the
// lists that read it.

/** What every list row shows of a customer (`NAMES`); the filtered list's rows too. */
export interface Names {
  id: number;
  given_name: string;
  name_prefix: string;
  family_name: string;
  address_city: string;
  marketing_consent: number;
}

export interface Ranked<T> {
  rows: T[];
  total: number;
}

const NAMES = sql`c.id, c.given_name, c.name_prefix, c.family_name, c.address_city, c.marketing_consent`;
const BY_NAME = sql`c.family_name COLLATE NOCASE, c.given_name COLLATE NOCASE, c.id`;

async function ranked<T extends { total: number }>(query: Promise<{ rows: T[] }>): Promise<Ranked<Omit<T, 'total'>>> {
  const { rows } = await query;
  return { rows: rows.map(({ total: _total, ...rest }) => rest), total: rows[0]?.total ?? 0 };
}

export interface SpenderRow extends Names {
  layer: LayerColumn;
  spend_cents: number;
  visit_count: number;
  last_visit_at: number | null;
}

/**
 * The best `n` spenders of the segments' period (the last 12 months), and everyone who
 * spent exactly as much as the n-th: a gift list does not drop one of two equal customers.
 */
export async function topSpenders(db: Kysely<DB>, n: number, limit: number): Promise<Ranked<SpenderRow>> {
  const { rows: cut } = await sql<{ spend_cents: number }>`SELECT g.spend_cents FROM customer_segments g
    JOIN customers c ON c.id = g.customer_id
    WHERE g.spend_cents > 0 AND c.archived_at IS NULL
    ORDER BY g.spend_cents DESC LIMIT 1 OFFSET ${n - 1}`.execute(db);
  const threshold = cut[0]?.spend_cents ?? 1;
  return ranked(sql<SpenderRow & { total: number }>`SELECT ${NAMES}, g.layer, g.spend_cents, g.visit_count, g.last_visit_at,
      count(*) OVER () AS total
    FROM customer_segments g JOIN customers c ON c.id = g.customer_id
    WHERE g.spend_cents >= ${threshold} AND c.archived_at IS NULL
    ORDER BY g.spend_cents DESC, ${BY_NAME}
    LIMIT ${limit}`.execute(db));
}

export interface LapsedRow extends Names {
  layer: LayerColumn;
  /** Lifetime, from the visit statistics. */
  spend_cents: number;
  visit_count: number;
  last_visit_at: number;
  usual_interval_days: number | null;
  reason: 'overdue' | 'inactive';
}

/**
 * Good customers who stopped coming: top or large customers of the last 12 months whose
 * absence is now more than twice their usual interval (overdue), and customers with no
 * purchase in the last 12 months (inactive) who over the years spent at least what a large
 * customer spends in one. Biggest lifetime spenders first.
 */
export async function lapsedGood(db: Kysely<DB>, today: number, limit: number): Promise<Ranked<LapsedRow>> {
  const { rows: floor } = await sql<{ least: number | null }>`SELECT min(spend_cents) AS least FROM customer_segments
    WHERE layer IN ('top', 'large')`.execute(db);
  const least = floor[0]?.least ?? null;
  // Without a single top or large customer there is no measure of "good" for the inactive.
  const inactive = least === null ? sql`FALSE` : sql`g.layer = 'inactive' AND s.spend_cents >= ${least}`;
  return ranked(sql<LapsedRow & { total: number }>`SELECT ${NAMES}, g.layer, s.spend_cents, s.visit_count, s.last_visit_at,
      s.usual_interval_days, CASE WHEN g.layer = 'inactive' THEN 'inactive' ELSE 'overdue' END AS reason,
      count(*) OVER () AS total
    FROM customer_segments g
    JOIN customer_visit_stats s ON s.customer_id = g.customer_id
    JOIN customers c ON c.id = g.customer_id
    WHERE c.archived_at IS NULL
      AND ((g.layer IN ('top', 'large') AND s.overdue_day <= ${today}) OR (${inactive}))
    ORDER BY s.spend_cents DESC, ${BY_NAME}
    LIMIT ${limit}`.execute(db));
}

export interface BalanceRow extends Names {
  balance: number;
}

/**
 * Customers whose balance pays for at least `cost` (the cheapest reward on offer), largest
 * first: read down the balance index, and counted from it less the few archived customers
 * (a window count would sort everyone on the list first).
 */
export async function balancesAtLeast(db: Kysely<DB>, cost: number, limit: number): Promise<Ranked<BalanceRow>> {
  const { rows } = await sql<BalanceRow>`SELECT ${NAMES}, b.balance
    FROM ${tableThroughIndex(db, 'loyalty_balances', 'loyalty_balances_balance', 'b')} ${joinInOrder(db)} customers c ON c.id = b.customer_id
    WHERE b.balance >= ${cost} AND c.archived_at IS NULL
    ORDER BY b.balance DESC, ${BY_NAME}
    LIMIT ${limit}`.execute(db);
  const { rows: count } = await sql<{ n: number }>`SELECT
      (SELECT count(*) FROM loyalty_balances WHERE balance >= ${cost})
    - (SELECT count(*) FROM ${tableThroughIndex(db, 'customers', 'customers_archived', 'c')} ${joinInOrder(db)} loyalty_balances b ON b.customer_id = c.id
        WHERE c.archived_at IS NOT NULL AND b.balance >= ${cost}) AS n`.execute(db);
  return { rows, total: count[0]!.n };
}

export interface SatisfactionRow extends Names {
  /** Mean feedback score, 1–5. */
  average: number;
  feedback_count: number;
  last_score: number;
  last_feedback_at: number;
}

/**
 * One row per customer with feedback: the mean, how many, and the latest score. SQLite
 * takes a bare column from the row that max() chose; PostgreSQL has no bare columns and
 * takes the first of the scores ordered newest first.
 */
function feedbackPerCustomer(db: Kysely<DB>): RawBuilder<unknown> {
  const latest = isPostgres(db) ? sql`(array_agg(score ORDER BY at DESC))[1]` : sql`score`;
  return sql`SELECT customer_id, avg(score) AS average, count(*) AS feedback_count, max(at) AS last_feedback_at,
      ${latest} AS last_score
    FROM ${tableThroughIndex(db, 'customer_entries', 'customer_entries_feedback')}
    WHERE kind = 'feedback' AND deleted_at IS NULL
    GROUP BY customer_id`;
}

/** Customers whose feedback scores average `atLeast` or more: the best average first, then the most feedback. */
export async function mostSatisfied(db: Kysely<DB>, atLeast: number, limit: number): Promise<Ranked<SatisfactionRow>> {
  return ranked(sql<SatisfactionRow & { total: number }>`SELECT ${NAMES}, f.average, f.feedback_count, f.last_score,
      f.last_feedback_at, count(*) OVER () AS total
    FROM (${feedbackPerCustomer(db)}) f JOIN customers c ON c.id = f.customer_id
    WHERE f.average >= ${atLeast} AND c.archived_at IS NULL
    ORDER BY f.average DESC, f.feedback_count DESC, f.last_feedback_at DESC, c.id
    LIMIT ${limit}`.execute(db));
}

export interface UnhappyRow extends Names {
  open_complaints: number;
  oldest_open_at: number | null;
  last_score: number | null;
  last_feedback_at: number | null;
}

/**
 * Customers with an open complaint, or whose latest feedback scored `atMost` or lower:
 * open complaints first (the longest waiting first), then the lowest latest score.
 */
export async function unhappy(db: Kysely<DB>, atMost: number, limit: number): Promise<Ranked<UnhappyRow>> {
  return ranked(sql<UnhappyRow & { total: number }>`WITH
      f AS (${feedbackPerCustomer(db)}),
      o AS (SELECT customer_id, count(*) AS n, min(at) AS oldest FROM ${tableThroughIndex(db, 'customer_entries', 'customer_entries_status')}
        WHERE kind = 'complaint' AND status = 'open' AND deleted_at IS NULL GROUP BY customer_id),
      who AS (SELECT customer_id FROM o UNION SELECT customer_id FROM f WHERE last_score <= ${atMost})
    SELECT ${NAMES}, coalesce(o.n, 0) AS open_complaints, o.oldest AS oldest_open_at,
      f.last_score, f.last_feedback_at, count(*) OVER () AS total
    FROM who JOIN customers c ON c.id = who.customer_id
    LEFT JOIN o ON o.customer_id = who.customer_id
    LEFT JOIN f ON f.customer_id = who.customer_id
    WHERE c.archived_at IS NULL
    ORDER BY coalesce(o.n, 0) > 0 DESC, o.oldest NULLS FIRST, f.last_score NULLS FIRST, f.last_feedback_at DESC NULLS LAST, c.id
    LIMIT ${limit}`.execute(db));
}
