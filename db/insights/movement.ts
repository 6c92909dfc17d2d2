import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Layer } from '../../main/core/insights/layers.js';
import { isPostgres } from '../engine.js';
import type { DB } from '../schema.js';
import { exclusive, type PeriodSource } from './periods.js';
import { layerSql, settledMarker } from './segments.js';
import { insightVersion } from './state.js';

// Movement between a period and the one of the same length before it (read under
// withPeriodTables, periods.ts, so no other request drops the table meanwhile): everyone whose
// layer differs, kept in a TEMP table on the SQLite file while nothing changes, so that the
// summary and each list of movers (new, returned, up, down, lapsed) are read from it rather
// than from every customer again; on the server read in each query (movesTable).

export type MoveKind = 'new' | 'returned' | 'up' | 'down' | 'lapsed';

const RANK = (column: string) => sql.raw(`CASE ${column} WHEN 'top' THEN 4 WHEN 'large' THEN 3 WHEN 'medium' THEN 2 WHEN 'small' THEN 1 ELSE 0 END`);

const built = new WeakMap<object, Map<string, number>>();

/** Everyone whose layer differs between the two periods, with both layers, ranks and spends. */
function movesBetween(current: PeriodSource, previous: PeriodSource): RawBuilder<unknown> {
  // Only customers active in one of the two periods can be in different layers: the others
  // are inactive or prospects in both.
  return sql`(SELECT x.customer_id, x.before, x.after, ${RANK('x.before')} AS before_rank, ${RANK('x.after')} AS after_rank,
      x.before_spend, x.after_spend FROM (
      SELECT g.customer_id,
        ${layerSql('b', 'g', previous.range.from, previous.cuts)} AS before,
        ${layerSql('a', 'g', current.range.from, current.cuts)} AS after,
        coalesce(b.spend_cents, 0) AS before_spend, coalesce(a.spend_cents, 0) AS after_spend
      FROM customer_segments g
      LEFT JOIN ${current.table} a ON a.customer_id = g.customer_id AND a.visit_count > 0
      LEFT JOIN ${previous.table} b ON b.customer_id = g.customer_id AND b.visit_count > 0
      WHERE a.customer_id IS NOT NULL OR b.customer_id IS NOT NULL) AS x
    WHERE x.before <> x.after)`;
}

/**
 * The movers as a table to read from. On the SQLite file a TEMP table, kept while nothing
 * changes; on the server the query itself (a TEMP table lives on one of the pool's
 * connections: periods.ts queriedPeriod).
 */
function movesTable(db: Kysely<DB>, current: PeriodSource, previous: PeriodSource): Promise<RawBuilder<unknown>> {
  if (isPostgres(db)) return Promise.resolve(movesBetween(current, previous));
  return exclusive(db, () => buildMoves(db, current, previous));
}

async function buildMoves(db: Kysely<DB>, current: PeriodSource, previous: PeriodSource): Promise<RawBuilder<unknown>> {
  const name = `insight_moves_${current.range.from}_${current.range.to}`;
  const table = sql.raw(`temp.${name}`);
  const version = await insightVersion(db);
  let known = built.get(db);
  if (!known) built.set(db, (known = new Map()));
  if (known.get(name) === version) return table;
  await sql`DROP TABLE IF EXISTS temp.${sql.raw(name)}`.execute(db);
  await sql`CREATE TEMP TABLE ${sql.raw(name)} (customer_id INTEGER PRIMARY KEY, before TEXT NOT NULL, after TEXT NOT NULL,
      before_rank INTEGER NOT NULL, after_rank INTEGER NOT NULL, before_spend INTEGER NOT NULL, after_spend INTEGER NOT NULL)`.execute(db);
  await sql`INSERT INTO temp.${sql.raw(name)} SELECT * FROM ${movesBetween(current, previous)}`.execute(db);
  await sql`CREATE INDEX temp.${sql.raw(`${name}_kind`)} ON ${sql.raw(name)} (before_rank, after_rank, after_spend)`.execute(db);
  for (const [other] of known) if (other !== name) await sql`DROP TABLE IF EXISTS temp.${sql.raw(other)}`.execute(db);
  known.clear();
  // Kept for the marker only if it stood while the table was made over settled segments.
  known.set(name, (await settledMarker(db)) === version ? version : NaN);
  return table;
}

export interface Transition {
  before: Layer;
  after: Layer;
  customers: number;
  /** Their spend in the current period. */
  revenueCents: number;
}

/** Every pair of different layers someone moved between, with how many and what they spent now. */
export async function transitions(db: Kysely<DB>, current: PeriodSource, previous: PeriodSource): Promise<Transition[]> {
  const moves = await movesTable(db, current, previous);
  const { rows } = await sql<{ before: Layer; after: Layer; n: number; revenue: number }>`SELECT m.before, m.after, count(*) AS n,
      sum(m.after_spend) AS revenue FROM ${moves} AS m GROUP BY m.before, m.after`.execute(db);
  return rows.map((r) => ({ before: r.before, after: r.after, customers: r.n, revenueCents: r.revenue }));
}

function kindWhere(kind: MoveKind) {
  switch (kind) {
    case 'new': return sql`m.before = 'prospect' AND m.after_rank > 0`;
    case 'returned': return sql`m.before = 'inactive' AND m.after_rank > 0`;
    case 'up': return sql`m.before_rank > 0 AND m.after_rank > m.before_rank`;
    case 'down': return sql`m.after_rank > 0 AND m.after_rank < m.before_rank`;
    case 'lapsed': return sql`m.before_rank > 0 AND m.after_rank = 0`;
  }
}

export interface MoverRow {
  id: number;
  given_name: string;
  name_prefix: string;
  family_name: string;
  before: Layer;
  after: Layer;
  before_spend: number;
  after_spend: number;
  last_visit_at: number | null;
}

/** Movers of one kind, biggest spenders of the current period first (the lapsed: of the previous). */
export async function movers(
  db: Kysely<DB>, current: PeriodSource, previous: PeriodSource, kind: MoveKind, offset: number, limit: number,
): Promise<{ rows: MoverRow[]; total: number }> {
  const moves = await movesTable(db, current, previous);
  const order = kind === 'lapsed' ? sql`m.before_spend DESC` : sql`m.after_spend DESC`;
  const { rows } = await sql<MoverRow>`SELECT c.id, c.given_name, c.name_prefix, c.family_name, m.before, m.after,
      m.before_spend, m.after_spend, g.last_visit_at
    FROM ${moves} AS m JOIN customers c ON c.id = m.customer_id JOIN customer_segments g ON g.customer_id = m.customer_id
    WHERE ${kindWhere(kind)} ORDER BY ${order}, m.customer_id LIMIT ${limit} OFFSET ${offset}`.execute(db);
  const { rows: count } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${moves} AS m WHERE ${kindWhere(kind)}`.execute(db);
  return { rows, total: count[0]!.n };
}
