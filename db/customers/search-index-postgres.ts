import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../schema.js';
import type { CustomerSearchIndex, KeyedDocument } from './customer-search-index.js';
import type { SearchDocument } from './search-document.js';
import type { Column, Term, TierQuery } from './search-query.js';

// The counter search index on PostgreSQL (the interface: customer-search-index.ts; the
// table and its indexes: db/migrations/postgres/001_customers.ts).
//
// customer_search holds one row per token of a customer's document (search-document.ts):
// (search_key, field, token), field n = name, e = e-mail, c = card, p = phone. The tokens
// are folded in TypeScript (main/core/text.ts) exactly as for SQLite, and the queries are
// the same terms (search-query.ts), so both engines fold and match alike; no unaccent.
//  - exact word and word start: the btree (token COLLATE "C", search_key); an exact word
//    is walked backwards in key order and stops at the limit, a start is a range of it.
//  - inside a word: the document's name_inner/phone_inner columns (every tail of a token at
//    least three long, some 30 rows a customer) are not stored: the pg_trgm GIN index on
//    name and phone tokens finds the tokens holding the typed text, and the test below keeps
//    exactly the tokens whose tails SQLite would have matched.
//  - several words: the longest reads its rows, the others are checked per customer
//    (customer_search_key), never two whole sets intersected.
// Within a tier the highest search_key (the most recently seen customer) comes first.
// tests/db/postgres-search.test.ts runs the counter-search cases on both engines, and
// bench/search-postgres.ts compares their answers query by query at 100,000 customers.

type Field = 'n' | 'e' | 'c' | 'p';

const FIELD_OF: Record<Column, Field> = { name: 'n', name_inner: 'n', email: 'e', card: 'c', phone: 'p', phone_inner: 'p' };
const INNER: ReadonlySet<Column> = new Set<Column>(['name_inner', 'phone_inner']);
/** The shortest tail of a token search-document.ts puts in the *_inner columns. */
const MIN_INNER = 3;

interface TokenRow {
  field: Field;
  token: string;
}

/** The rows of one document: each token of its name, e-mail, card and phone columns. */
export function documentRows(doc: SearchDocument): TokenRow[] {
  const rows: TokenRow[] = [];
  const add = (field: Field, column: string) => {
    for (const token of column.split(' ')) if (token !== '') rows.push({ field, token });
  };
  add('n', doc.name);
  add('e', doc.email);
  add('c', doc.card);
  add('p', doc.phone);
  return rows;
}

/** Writes many documents in one statement (seeding, an import's backlog), in the caller's transaction. */
export async function writeDocuments(db: Kysely<DB>, docs: readonly KeyedDocument[]): Promise<void> {
  const keys: number[] = [];
  const fields: string[] = [];
  const tokens: string[] = [];
  for (const { key, doc } of docs) {
    for (const row of documentRows(doc)) {
      keys.push(key);
      fields.push(row.field);
      tokens.push(row.token);
    }
  }
  if (keys.length === 0) return;
  await sql`INSERT INTO customer_search (search_key, field, token)
    SELECT k, f::"char", t FROM unnest(${keys}::bigint[], ${fields}::text[], ${tokens}::text[]) AS u(k, f, t)`.execute(db);
}

const likeEscape = (text: string) => text.replace(/[\\%_]/g, '\\$&');

const fieldIn = (fields: readonly Field[]) => sql`field IN (${sql.join(fields.map((f) => sql.lit(f)))})`;

/**
 * What the trigram index (customer_search_inside) is built on: the token with every
 * character other than a-z and 0-9 as "q" (folded names are nearly all a-z). The same
 * expression must appear in the queries for the planner to use the index.
 */
export const ASCII_TOKEN = `regexp_replace(token, '[^a-z0-9]', 'q', 'g')`;
const asciiOf = (text: string) => text.replace(/[^a-z0-9]/g, 'q');

/** The rows one term matches, as a condition on customer_search. */
function termCondition(term: Term): RawBuilder<unknown> {
  const whole = [...new Set(term.columns.filter((c) => !INNER.has(c)).map((c) => FIELD_OF[c]))];
  const inner = [...new Set(term.columns.filter((c) => INNER.has(c)).map((c) => FIELD_OF[c]))];
  const parts: RawBuilder<unknown>[] = [];
  if (whole.length > 0) {
    const match = term.prefix ? sql`token LIKE ${`${likeEscape(term.token)}%`}` : sql`token = ${term.token}`;
    parts.push(sql`(${fieldIn(whole)} AND ${match})`);
  }
  if (inner.length > 0) {
    // A tail starts at character i >= 1 and keeps at least MIN_INNER characters. The term is
    // a tail's start: it occurs at some such i, i.e. within characters 2 … length - 3 + k
    // (1-based) of the token. Whole: it is a tail, i.e. it ends the token, which it is not
    // all of. (A tail equal to another token of the column is left out of SQLite's document;
    // the column itself is always asked beside it, so the answer is the same.)
    const k = [...term.token].length;
    const found = term.prefix
      ? sql`strpos(substr(token, 2, greatest(length(token) + ${k - MIN_INNER - 1}, 0)), ${term.token}) > 0`
      : k >= MIN_INNER ? sql`(length(token) > ${k} AND right(token, ${k}) = ${term.token})` : sql`false`;
    // What the trigram index answers; `found` then keeps exactly what SQLite would. Two
    // characters make no trigram: a tail's start of two is followed by a third character,
    // so the index is asked for the two and any one after them (a regular expression
    // pg_trgm expands into the trigrams it may be).
    const ascii = asciiOf(term.token);
    const candidates = k < MIN_INNER
      ? sql`${sql.raw(ASCII_TOKEN)} ~ ${`${ascii}[a-z0-9]`}`
      : sql`${sql.raw(ASCII_TOKEN)} LIKE ${`%${ascii}%`}`;
    parts.push(sql`(${fieldIn(inner)} AND ${candidates} AND ${found})`);
  }
  return parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` OR `)})`;
}

/** Keys having all the terms, highest first: the longest term reads its rows, the others are checked per key. */
function allOf(terms: readonly Term[], limit: number): RawBuilder<{ search_key: number }> {
  const [first, ...rest] = [...terms].sort((a, b) => b.token.length - a.token.length);
  const others = rest.map((term) =>
    sql` AND EXISTS (SELECT 1 FROM customer_search t WHERE t.search_key = s.search_key AND ${termCondition(term)})`);
  const where = sql`${termCondition(first!)}${others.length > 0 ? sql.join(others, sql``) : sql``}`;
  // Ordered by the bare key, the planner may walk every key backwards, hoping to meet
  // matches early: right for a common word start (its btree estimate says how common), but
  // for inside a word it cannot tell (pg_trgm gives no estimate), and a rare one (most that
  // get this far: the stricter tiers did not fill the list) would read the whole table. So
  // inside a word is collected through the trigram index and its keys sorted.
  if (first!.columns.some((c) => INNER.has(c))) {
    return sql`SELECT s.search_key FROM customer_search s WHERE ${where}
      GROUP BY s.search_key ORDER BY s.search_key + 0 DESC LIMIT ${limit}`;
  }
  return sql`SELECT DISTINCT s.search_key FROM customer_search s WHERE ${where}
    ORDER BY s.search_key DESC LIMIT ${limit}`;
}

/** The statement one tier runs (tests and the benchmark EXPLAIN it). */
export function tierStatement(tier: TierQuery, limit: number): RawBuilder<{ search_key: number }> {
  const { terms } = tier;
  if (terms.length === 1) return allOf(terms[0]!, limit);
  // Any alternative.
  return sql`SELECT search_key FROM (${sql.join(terms.map((all) => sql`(${allOf(all, limit)})`), sql` UNION `)}) AS m
    ORDER BY search_key DESC LIMIT ${limit}`;
}

export const postgresSearchIndex: CustomerSearchIndex = {
  async write(db, key, doc) {
    await writeDocuments(db, [{ key, doc }]);
    await sql`DELETE FROM search_backlog WHERE search_key = ${key}`.execute(db);
  },

  writeMany: writeDocuments,

  async remove(db, key) {
    await sql`DELETE FROM customer_search WHERE search_key = ${key}`.execute(db);
    await sql`DELETE FROM search_backlog WHERE search_key = ${key}`.execute(db);
  },

  async keys(db, tier, limit) {
    const { rows } = await tierStatement(tier, limit).execute(db);
    return rows.map((r) => Number(r.search_key));
  },
};
