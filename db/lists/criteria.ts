import { sql, type Kysely, type RawBuilder } from 'kysely';
import { isPostgres } from '../engine.js';
import type { LayerColumn } from '../insights/schema.js';
import { fieldValueIdsWithWords } from '../memory/search.js';
import type { DB } from '../schema.js';

// A customer filter as SQL: each criterion becomes one condition on the customer row `c`,
// its visit statistics `s` (lifetime), loyalty balance `b` and segment `g` (the last 12
// months, db/insights/segments.ts); the conditions are ANDed. Everything that came from
// the user is a bound parameter. Criteria arrive resolved by main/api/lists: days turned
// into moments, tags and fields known to exist, text folded into words.

export type FieldTest =
  | { op: 'filled' }
  | { op: 'empty' }
  /** Text and choice labels: every one of these folded words starts a word of the value. */
  | { op: 'words'; words: string[] }
  | { op: 'number'; min: number | null; max: number | null }
  /** Days 'YYYY-MM-DD', inclusive. */
  | { op: 'date'; from: string | null; to: string | null }
  /** Choice option ids, as stored. */
  | { op: 'oneOf'; values: string[] };

export type Criterion =
  | { kind: 'layer'; layers: LayerColumn[] }
  | { kind: 'tags'; tagIds: number[]; match: 'any' | 'all' | 'none' }
  /** before: last visit earlier than `at`; since: at `at` or later; never: no visit kept. */
  | { kind: 'lastVisit'; op: 'before' | 'since' | 'never'; at: number }
  | { kind: 'spend'; period: 'lifetime' | 'year'; min: number | null; max: number | null }
  | { kind: 'stamps'; min: number }
  | { kind: 'score'; score: 'recency' | 'frequency' | 'monetary'; min: number }
  | { kind: 'consent'; given: boolean }
  | { kind: 'birthdayMonth'; months: number[] }
  | { kind: 'field'; fieldId: number; test: FieldTest };

const ids = (values: readonly (number | string)[]) => sql.join(values.map((v) => sql`${v}`));

/**
 * How a condition on another table is asked: `exists` looks the one customer up (an index
 * seek per customer: for checking a page's worth of candidates), `in` builds the set of
 * customers once and probes it (for reading every customer, as a full count does).
 */
export type Form = 'exists' | 'in';

function holding(form: Form, table: RawBuilder<unknown>, alias: RawBuilder<unknown>, where: RawBuilder<unknown>): RawBuilder<unknown> {
  return form === 'exists'
    ? sql`EXISTS (SELECT 1 FROM ${table} ${alias} WHERE ${alias}.customer_id = c.id AND ${where})`
    : sql`c.id IN (SELECT ${alias}.customer_id FROM ${table} ${alias} WHERE ${where})`;
}

function tagCondition(c: Extract<Criterion, { kind: 'tags' }>, form: Form): RawBuilder<unknown> {
  const holders = (tagIds: readonly number[]) => holding(form, sql`customer_tags`, sql`ct`, sql`ct.tag_id IN (${ids(tagIds)})`);
  if (c.match === 'any') return holders(c.tagIds);
  if (c.match === 'none') return sql`NOT ${holders(c.tagIds)}`;
  return sql.join(c.tagIds.map((t) => holders([t])), sql` AND `);
}

/**
 * A field value (`v.value`, text) as a number. SQLite's CAST reads what it can; PostgreSQL's
 * fails the whole statement on text that is no number, and it may test a value of another
 * field before `v.field_id` rules it out, so only what reads as a number is cast there.
 */
function valueAsNumber(db: Kysely<DB>): RawBuilder<unknown> {
  return isPostgres(db)
    ? sql`CASE WHEN v.value ~ '^ *[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)? *$' THEN CAST(v.value AS DOUBLE PRECISION) END`
    : sql`CAST(v.value AS REAL)`;
}

/** Which of a field's values (`v`) pass a test; 'empty' is 'filled' negated by the caller. */
function valueTest(db: Kysely<DB>, fieldId: number, test: FieldTest): RawBuilder<unknown> {
  switch (test.op) {
    case 'filled':
    case 'empty':
      return sql`TRUE`;
    case 'words':
      // The notes search index holds each text value and choice label as folded words.
      return sql`v.id IN ${fieldValueIdsWithWords(db, fieldId, test.words)}`;
    case 'number':
      return range(valueAsNumber(db), test.min, test.max);
    case 'date':
      return range(sql`v.value`, test.from, test.to);
    case 'oneOf':
      return sql`v.value IN (${ids(test.values)})`;
  }
}

function fieldCondition(db: Kysely<DB>, fieldId: number, test: FieldTest, form: Form): RawBuilder<unknown> {
  const holders = holding(form, sql`customer_field_values`, sql`v`, sql`v.field_id = ${fieldId} AND ${valueTest(db, fieldId, test)}`);
  return test.op === 'empty' ? sql`NOT ${holders}` : holders;
}

function range(column: RawBuilder<unknown>, min: number | string | null, max: number | string | null): RawBuilder<unknown> {
  const parts = [sql`TRUE`];
  if (min !== null) parts.push(sql`${column} >= ${min}`);
  if (max !== null) parts.push(sql`${column} <= ${max}`);
  return sql.join(parts, sql` AND `);
}

export function condition(db: Kysely<DB>, c: Criterion, form: Form = 'exists'): RawBuilder<unknown> {
  switch (c.kind) {
    case 'layer':
      return sql`g.layer IN (${ids(c.layers)})`;
    case 'tags':
      return tagCondition(c, form);
    case 'lastVisit':
      if (c.op === 'never') return sql`s.customer_id IS NULL`;
      return c.op === 'before' ? sql`s.last_visit_at < ${c.at}` : sql`s.last_visit_at >= ${c.at}`;
    case 'spend':
      return range(c.period === 'lifetime' ? sql`coalesce(s.spend_cents, 0)` : sql`coalesce(g.spend_cents, 0)`, c.min, c.max);
    case 'stamps':
      return sql`coalesce(b.balance, 0) >= ${c.min}`;
    case 'score':
      // The column is one of three fixed names, never text from the user.
      return sql`coalesce(${sql.ref(`g.${c.score}`)}, 0) >= ${c.min}`;
    case 'consent':
      return sql`c.marketing_consent = ${c.given ? 1 : 0}`;
    case 'birthdayMonth':
      return sql`c.birthday_month IN (${ids(c.months)})`;
    case 'field':
      return fieldCondition(db, c.fieldId, c.test, form);
  }
}

/** Every criterion, and "not archived": the WHERE of a filter. */
export function whereOf(db: Kysely<DB>, criteria: readonly Criterion[], form: Form = 'exists'): RawBuilder<unknown> {
  return sql.join([sql`c.archived_at IS NULL`, ...criteria.map((c) => sql`(${condition(db, c, form)})`)], sql` AND `);
}

/** Whether the filter reads the segments table (which must then be filled first). */
export const needsSegments = (criteria: readonly Criterion[]): boolean =>
  criteria.some((c) => c.kind === 'layer' || c.kind === 'score' || (c.kind === 'spend' && c.period === 'year'));

/**
 * Ways into the customers a filter can match from an index of their own: each a SELECT of
 * candidate ids (`id`, possibly with some that fail the other criteria, or are archived)
 * holding every customer the filter matches. Criteria that cannot narrow from an index
 * (consent, "holds none of", "field is empty", "never came", a spend with only an upper
 * bound, which includes customers who never bought) offer none. Criteria on one table
 * share one way in, so that its index answers them together.
 */
export function drivers(db: Kysely<DB>, criteria: readonly Criterion[]): RawBuilder<unknown>[] {
  const out: RawBuilder<unknown>[] = [];
  const stats: RawBuilder<unknown>[] = [];
  const segments: RawBuilder<unknown>[] = [];
  for (const c of criteria) {
    switch (c.kind) {
      case 'tags':
        if (c.match === 'any') out.push(sql`SELECT DISTINCT ct.customer_id AS id FROM customer_tags ct WHERE ct.tag_id IN (${ids(c.tagIds)})`);
        if (c.match === 'all') for (const t of c.tagIds) out.push(sql`SELECT ct.customer_id AS id FROM customer_tags ct WHERE ct.tag_id = ${t}`);
        break;
      case 'field':
        if (c.test.op !== 'empty') out.push(sql`SELECT v.customer_id AS id FROM customer_field_values v WHERE v.field_id = ${c.fieldId} AND ${valueTest(db, c.fieldId, c.test)}`);
        break;
      case 'birthdayMonth':
        out.push(sql`SELECT c.id FROM customers c WHERE c.birthday_month IS NOT NULL AND c.archived_at IS NULL AND c.birthday_month IN (${ids(c.months)})`);
        break;
      case 'stamps':
        out.push(sql`SELECT b.customer_id AS id FROM loyalty_balances b WHERE b.balance >= ${c.min}`);
        break;
      case 'lastVisit':
        if (c.op !== 'never') stats.push(condition(db, c));
        break;
      case 'spend':
        if (c.min !== null && c.min > 0) (c.period === 'lifetime' ? stats : segments).push(condition(db, c));
        break;
      case 'layer':
      case 'score':
        segments.push(condition(db, c));
        break;
      case 'consent':
        break;
    }
  }
  if (stats.length) out.push(sql`SELECT s.customer_id AS id FROM customer_visit_stats s WHERE ${sql.join(stats, sql` AND `)}`);
  if (segments.length) out.push(sql`SELECT g.customer_id AS id FROM customer_segments g WHERE ${sql.join(segments, sql` AND `)}`);
  return out;
}
