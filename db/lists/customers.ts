import { sql, type Kysely, type RawBuilder } from 'kysely';
import { joinInOrder, tableThroughIndex } from '../engine.js';
import type { LayerColumn } from '../insights/schema.js';
import type { DB } from '../schema.js';
import type { Names } from './act.js';
import { drivers, needsSegments, whereOf, type Criterion } from './criteria.js';
import { idTable } from '../value-lists.js';

// The filtered customer list, by name, a page at a time. Pages follow each other by keyset
// (the last name and id seen), never OFFSET: page 40 costs what page 1 costs, and a
// customer added meanwhile does not shift the next page.
//
// Left to itself SQLite picks one plan per statement without knowing how many customers
// each criterion keeps (the app never runs ANALYZE), and guesses badly one way or the
// other: it walks a million names for a filter that keeps 300 customers, or sorts 125,000
// to show the first 100. So filterPage chooses, from what it can count cheaply:
// - a criterion whose own index offers few candidates (`drivers`): go in through it,
//   check the rest, sort what is left by name;
// - otherwise walk the name index: first a small window checked customer by customer
//   (a page among many matches is found at once), then ranges of names in one statement
//   each, where every criterion's set is built once and probed per name;
// - when the walk turns out slow (few match, yet no one index is small), go in through
//   the intersection of the criteria's indexes instead, if reading them costs less.
// PostgreSQL takes the same steps (each is a fair plan there too); its planner keeps
// statistics, so the hints that pin SQLite's plan — INDEXED BY and the written join order
// (db/engine.ts) — are SQLite's alone. Names sort by its ICU `nocase` collation there.

export interface FilterRow extends Names {
  birthday_day: number | null;
  birthday_month: number | null;
  last_visit_at: number | null;
  visit_count: number | null;
  spend_cents: number | null;
  balance: number | null;
  layer: LayerColumn | null;
}

/** Where the next page starts: after this customer, in name order. */
export interface NameKey {
  family: string;
  given: string;
  id: number;
}

export const keyOf = (row: Pick<FilterRow, 'family_name' | 'given_name' | 'id'>): NameKey => ({
  family: row.family_name,
  given: row.given_name,
  id: row.id,
});

export interface Tuning {
  /** Most names in the first window, checked customer by customer (ten pages' worth at most). */
  window: number;
  /** Names in the first range of the walk after that; each next range is twice as long, up to 8 times this. */
  range: number;
  /** Going in through one index pays when it offers fewer candidates than this. */
  driveBelow: number;
  /** Indexes offering fewer candidates than this may be intersected (each is read whole). */
  intersectBelow: number;
  /** How many index entries intersecting may read for each name the walk would still read. */
  entriesPerName: number;
}

/**
 * Measured on 1 M customers (bench/lists.ts): walking costs ~1 µs a name, reading an index
 * for intersecting about as much per entry, a candidate looked up and checked ~5 µs.
 */
export const TUNING: Tuning = { window: 2500, range: 50_000, driveBelow: 25_000, intersectBelow: 400_000, entriesPerName: 1 };

const BY_NAME = sql`c.family_name COLLATE NOCASE, c.given_name COLLATE NOCASE, c.id`;

function joins(withSegments: boolean): RawBuilder<unknown> {
  return sql`LEFT JOIN customer_visit_stats s ON s.customer_id = c.id
    LEFT JOIN loyalty_balances b ON b.customer_id = c.id
    ${withSegments ? sql`LEFT JOIN customer_segments g ON g.customer_id = c.id` : sql``}`;
}

const COLUMNS = (withSegments: boolean) => sql`c.id, c.given_name, c.name_prefix, c.family_name, c.address_city,
  c.marketing_consent, c.birthday_day, c.birthday_month,
  s.last_visit_at, s.visit_count, s.spend_cents, b.balance, ${withSegments ? sql`g.layer` : sql`NULL`} AS layer`;

/** After the cursor in name order. The first term lets SQLite seek; the row value alone would make it scan from the start. */
const afterKey = (after: NameKey | null) => after
  ? sql`AND c.family_name COLLATE NOCASE >= ${after.family}
      AND (c.family_name COLLATE NOCASE, c.given_name COLLATE NOCASE, c.id) > (${after.family}, ${after.given}, ${after.id})`
  : sql``;

/** Up to and including a name: the first term ends the index range. */
const upToKey = (last: NameKey | null) => last
  ? sql`AND c.family_name COLLATE NOCASE <= ${last.family}
      AND (c.family_name COLLATE NOCASE, c.given_name COLLATE NOCASE, c.id) <= (${last.family}, ${last.given}, ${last.id})`
  : sql``;

/**
 * The next `size` customers (not archived) by name after `after`: first the rest of the
 * cursor's family name, then the names after it, each an index seek.
 */
export async function nameWindow(db: Kysely<DB>, after: NameKey | null, size: number): Promise<NameKey[]> {
  const out: NameKey[] = [];
  const customers = tableThroughIndex(db, 'customers', 'customers_family_given');
  if (after) {
    const { rows } = await sql<NameKey>`SELECT id, family_name AS family, given_name AS given
      FROM ${customers}
      WHERE family_name COLLATE NOCASE = ${after.family} AND given_name COLLATE NOCASE >= ${after.given}
        AND (given_name COLLATE NOCASE, id) > (${after.given}, ${after.id}) AND archived_at IS NULL
      ORDER BY given_name COLLATE NOCASE, id LIMIT ${size}`.execute(db);
    out.push(...rows);
  }
  if (out.length < size) {
    const { rows } = await sql<NameKey>`SELECT id, family_name AS family, given_name AS given
      FROM ${customers}
      WHERE ${after ? sql`family_name COLLATE NOCASE > ${after.family}` : sql`TRUE`} AND archived_at IS NULL
      ORDER BY family_name COLLATE NOCASE, given_name COLLATE NOCASE, id LIMIT ${size - out.length}`.execute(db);
    out.push(...rows);
  }
  return out;
}

/**
 * The `n`-th name after `after`, archived customers included (it only marks where a range
 * ends): read from the name index alone. Null when fewer remain.
 */
async function nthName(db: Kysely<DB>, after: NameKey | null, n: number): Promise<NameKey | null> {
  const { rows } = await sql<NameKey>`SELECT c.id, c.family_name AS family, c.given_name AS given
    FROM ${tableThroughIndex(db, 'customers', 'customers_family_given', 'c')}
    WHERE TRUE ${afterKey(after)}
    ORDER BY ${BY_NAME} LIMIT 1 OFFSET ${n - 1}`.execute(db);
  return rows[0] ?? null;
}

/** Those of these customers who match, by name: each one looked up and checked. */
async function matchingAmong(db: Kysely<DB>, criteria: readonly Criterion[], ids: readonly number[], withSegments: boolean): Promise<FilterRow[]> {
  // The window's customers stay the outer loop.
  const { rows } = await sql<FilterRow>`SELECT ${COLUMNS(withSegments)}
    FROM ${idTable(db, ids, 'j')} ${joinInOrder(db)} customers c ON c.id = j.value ${joins(withSegments)}
    WHERE ${whereOf(db, criteria)}
    ORDER BY ${BY_NAME}`.execute(db);
  return rows;
}

/** The first `limit` matches among the names after `after` up to `upTo` (null: to the end), walking the name index. */
async function walkRange(
  db: Kysely<DB>, criteria: readonly Criterion[], after: NameKey | null, upTo: NameKey | null, limit: number, withSegments: boolean,
): Promise<FilterRow[]> {
  const { rows } = await sql<FilterRow>`SELECT ${COLUMNS(withSegments)}
    FROM ${tableThroughIndex(db, 'customers', 'customers_family_given', 'c')} ${joins(withSegments)}
    WHERE ${whereOf(db, criteria, 'in')} ${afterKey(after)} ${upToKey(upTo)}
    ORDER BY ${BY_NAME} LIMIT ${limit}`.execute(db);
  return rows;
}

/** How many candidates a way in offers, counted no further than `cap`. */
async function candidates(db: Kysely<DB>, driver: RawBuilder<unknown>, cap: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM (${driver} LIMIT ${cap}) AS d`.execute(db);
  return rows[0]!.n;
}

interface Sized {
  driver: RawBuilder<unknown>;
  /** Candidates, counted up to the cap they were counted against. */
  n: number;
}

async function sizedDrivers(db: Kysely<DB>, criteria: readonly Criterion[], cap: number): Promise<Sized[]> {
  const out: Sized[] = [];
  for (const driver of drivers(db, criteria)) out.push({ driver, n: await candidates(db, driver, cap) });
  return out.sort((a, b) => a.n - b.n);
}

/** The way in with the fewest candidates, if one has fewer than `below`. */
async function bestDriver(db: Kysely<DB>, criteria: readonly Criterion[], below: number): Promise<RawBuilder<unknown> | null> {
  const [first] = await sizedDrivers(db, criteria, below);
  return first && first.n < below ? first.driver : null;
}

/**
 * Whether to stop walking and go in through the intersection of every index that is not
 * too big: once reading those is expected to cost less than walking on (judged from the
 * share of names that matched so far, and asked again after every range, since matches
 * need not be spread evenly over the alphabet).
 */
async function intersecting(db: Kysely<DB>, criteria: readonly Criterion[], tuning: Tuning) {
  const usable = (await sizedDrivers(db, criteria, tuning.intersectBelow)).filter((d) => d.n < tuning.intersectBelow);
  const entries = usable.reduce((sum, d) => sum + d.n, 0);
  const intersection = usable.length >= 2 ? sql.join(usable.map((d) => d.driver), sql` INTERSECT `) : null;
  return (walk: { walked: number; matched: number; wanted: number }): RawBuilder<unknown> | null => {
    if (!intersection) return null;
    const namesStillToWalk = walk.matched === 0 ? Infinity : (walk.wanted - walk.matched) * (walk.walked / walk.matched);
    return entries <= namesStillToWalk * tuning.entriesPerName ? intersection : null;
  };
}

/** Through a way in: its candidates that match, after the cursor, by name. */
async function drivenRows(
  db: Kysely<DB>, criteria: readonly Criterion[], driver: RawBuilder<unknown>, after: NameKey | null, limit: number, withSegments: boolean,
): Promise<FilterRow[]> {
  // The candidates stay the outer loop: SQLite would otherwise rather walk the name index
  // to save the sort, which is the slow way for a narrow filter.
  const { rows } = await sql<FilterRow>`WITH d AS MATERIALIZED (${driver})
    SELECT ${COLUMNS(withSegments)} FROM d ${joinInOrder(db)} customers c ON c.id = d.id ${joins(withSegments)}
    WHERE ${whereOf(db, criteria)} ${afterKey(after)}
    ORDER BY ${BY_NAME} LIMIT ${limit}`.execute(db);
  return rows;
}

/** Up to `limit` matching customers after `after`, by name, and whether more follow (see the top of this file). */
export async function filterPage(
  db: Kysely<DB>,
  criteria: readonly Criterion[],
  options: { after: NameKey | null; limit: number; withSegments: boolean },
  tuning: Tuning = TUNING,
): Promise<{ rows: FilterRow[]; more: boolean }> {
  const want = options.limit + 1;
  const done = (rows: FilterRow[]) => ({ rows: rows.slice(0, options.limit), more: rows.length > options.limit });
  const few = criteria.length ? await bestDriver(db, criteria, tuning.driveBelow) : null;
  if (few) return done(await drivenRows(db, criteria, few, options.after, want, options.withSegments));

  const size = criteria.length ? Math.min(tuning.window, want * 10) : want;
  const names = await nameWindow(db, options.after, size);
  const found = await matchingAmong(db, criteria, names.map((n) => n.id), options.withSegments);
  if (found.length >= want || names.length < size) return done(found);

  let cursor: NameKey | null = names.at(-1)!;
  let walked = names.length;
  let range = tuning.range;
  let intersection: Awaited<ReturnType<typeof intersecting>> | null = null;
  while (found.length < want && cursor) {
    if (walked > names.length) {
      intersection ??= await intersecting(db, criteria, tuning);
      const driver = intersection({ walked, matched: found.length, wanted: want });
      if (driver) {
        found.push(...(await drivenRows(db, criteria, driver, cursor, want - found.length, options.withSegments)));
        break;
      }
    }
    const upTo = await nthName(db, cursor, range);
    found.push(...(await walkRange(db, criteria, cursor, upTo, want - found.length, options.withSegments)));
    walked += range;
    cursor = upTo;
    range = Math.min(range * 2, tuning.range * 8);
  }
  return done(found);
}

/** Which of the joined tables the criteria read (a count joins nothing else). */
function joinsFor(criteria: readonly Criterion[]): RawBuilder<unknown> {
  const needs = (test: (c: Criterion) => boolean) => criteria.some(test);
  const parts: RawBuilder<unknown>[] = [];
  if (needs((c) => c.kind === 'lastVisit' || (c.kind === 'spend' && c.period === 'lifetime'))) {
    parts.push(sql`LEFT JOIN customer_visit_stats s ON s.customer_id = c.id`);
  }
  if (needs((c) => c.kind === 'stamps')) parts.push(sql`LEFT JOIN loyalty_balances b ON b.customer_id = c.id`);
  if (needsSegments(criteria)) {
    parts.push(sql`LEFT JOIN customer_segments g ON g.customer_id = c.id`);
  }
  return sql.join(parts, sql` `);
}

/** Every matching customer, counted through the best way in, or by reading every customer. */
export async function countFiltered(db: Kysely<DB>, criteria: readonly Criterion[], tuning: Tuning = TUNING): Promise<number> {
  const driver = criteria.length ? await bestDriver(db, criteria, tuning.driveBelow) : null;
  const { rows } = driver
    ? await sql<{ n: number }>`WITH d AS MATERIALIZED (${driver})
        SELECT count(*) AS n FROM d ${joinInOrder(db)} customers c ON c.id = d.id ${joinsFor(criteria)} WHERE ${whereOf(db, criteria)}`.execute(db)
    : await sql<{ n: number }>`SELECT count(*) AS n FROM customers c ${joinsFor(criteria)} WHERE ${whereOf(db, criteria, 'in')}`.execute(db);
  return rows[0]!.n;
}
