import { sql, type Kysely } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import { PHONE_CHARS } from '../../main/core/phone.js';
import { words } from '../../main/core/text.js';
import type { DB } from '../schema.js';

// memory_search: what is written about customers, as folded words (main/core/text.ts), so
// that the index and the queries fold alike. Contentless: the texts live in their own
// tables; a hit's snippet is cut from there. Every write of an entry, fact or field value
// re-indexes its document in the caller's transaction.
//
// rowid = source id * 4 + source code. The "meta" column holds the document's kind (and
// for complaints and wishes kind + status, e.g. "wishopen") and its customer ("c123"), so
// that a query can be narrowed to open wishes, or leave out customers, inside the index.

export type DocSource = 'entry' | 'fact' | 'field';

const CODE: Record<DocSource, number> = { entry: 1, fact: 2, field: 3 };
const SOURCE: Record<number, DocSource> = { 1: 'entry', 2: 'fact', 3: 'field' };

export const docKey = (source: DocSource, id: number): number => id * 4 + CODE[source];

export function decodeKey(key: number): { source: DocSource; id: number } {
  return { source: SOURCE[key % 4]!, id: Math.floor(key / 4) };
}

/** The indexed words of some texts: folded, each word once (no phrase queries are made). */
export function docBody(...texts: string[]): string {
  return [...new Set(words(texts.join(' ')))].join(' ');
}

export interface MemoryDoc {
  body: string;
  meta: string;
}

export const customerToken = (customerId: number) => `c${customerId}`;

export function factDoc(customerId: number, text: string): MemoryDoc {
  return { body: docBody(text), meta: `fact ${customerToken(customerId)}` };
}

export function fieldDoc(customerId: number, fieldId: number, text: string): MemoryDoc {
  return { body: docBody(text), meta: `field f${fieldId} ${customerToken(customerId)}` };
}

export async function indexDoc(db: Kysely<DB>, key: number, doc: MemoryDoc): Promise<void> {
  if (doc.body === '') return;
  await sql`INSERT INTO memory_search (rowid, body, meta) VALUES (${key}, ${doc.body}, ${doc.meta})`.execute(db);
}

export async function unindexDoc(db: Kysely<DB>, key: number): Promise<void> {
  await sql`DELETE FROM memory_search WHERE rowid = ${key}`.execute(db);
}

export async function reindexDoc(db: Kysely<DB>, key: number, doc: MemoryDoc): Promise<void> {
  await unindexDoc(db, key);
  await indexDoc(db, key, doc);
}

/** For bulk loading on the raw connection, inside the caller's transaction. */
export function prepareMemoryIndexer(sqlite: BetterSqlite3.Database): (key: number, doc: MemoryDoc) => void {
  const insert = sqlite.prepare('INSERT INTO memory_search (rowid, body, meta) VALUES (?, ?, ?)');
  return (key, doc) => {
    if (doc.body !== '') insert.run(key, doc.body, doc.meta);
  };
}

const MAX_WORDS = 6;
const MIN_LETTERS = 3;

/**
 * The folded words to look for in notes, or null when the query is not one for notes: a
 * phone number, an e-mail address, or fewer than three letters. Words shorter than three
 * characters ("de", "en") are left out: they are in nearly every note.
 */
export function noteTokens(query: string): string[] | null {
  const typed = query.trim();
  if (typed.includes('@') || PHONE_CHARS.test(typed)) return null;
  const all = words(typed).slice(0, MAX_WORDS);
  if (all.join('').replace(/\P{L}+/gu, '').length < MIN_LETTERS) return null;
  const tokens = all.filter((t) => t.length >= 3);
  return tokens.length > 0 ? tokens : null;
}

/**
 * Every token as a word start, in the body; optionally only documents with a meta token,
 * and none of some customers'. Tokens are quoted: nothing typed reaches FTS syntax.
 */
export function noteMatch(tokens: readonly string[], meta?: string, without: Iterable<number> = []): string {
  let match = tokens.map((t) => `body : "${t}"*`).join(' AND ');
  if (meta) match = `${match} AND meta : "${meta}"`;
  const skip = [...without].map((id) => `"${customerToken(id)}"`);
  return skip.length ? `(${match}) NOT meta : (${skip.join(' OR ')})` : match;
}

/** Keys of a MATCH below a key, newest written first. */
export async function memoryKeys(db: Kysely<DB>, match: string, below: number, limit: number): Promise<number[]> {
  const { rows } = await sql<{ rowid: number }>`SELECT rowid FROM memory_search
    WHERE memory_search MATCH ${match} AND rowid < ${below} ORDER BY rowid DESC LIMIT ${limit}`.execute(db);
  return rows.map((r) => r.rowid);
}

/** What a document says and whose it is, for a search hit. */
export interface DocRow {
  key: number;
  source: DocSource;
  sourceId: number;
  customerId: number;
  given_name: string;
  name_prefix: string;
  family_name: string;
  /** 'fact', 'field', or the entry's kind. */
  kind: string;
  text: string;
  /** A resolved complaint's or fulfilled wish's resolution. */
  extra: string;
  at: number;
  fieldName: string | null;
}

interface RawDoc extends Omit<DocRow, 'key' | 'source'> {
  archived_at: number | null;
  hidden: number;
}

const jsonIds = (ids: number[]) => JSON.stringify(ids);

/**
 * The documents behind some keys, skipping archived customers, deleted entries and retired
 * fields. Field values of a choice come back as the option's label.
 */
export async function docRows(db: Kysely<DB>, keys: readonly number[]): Promise<Map<number, DocRow>> {
  const ids: Record<DocSource, number[]> = { entry: [], fact: [], field: [] };
  for (const key of keys) {
    const { source, id } = decodeKey(key);
    ids[source].push(id);
  }
  const out = new Map<number, DocRow>();
  const add = (source: DocSource, rows: RawDoc[]) => {
    for (const r of rows) {
      if (r.archived_at !== null || r.hidden) continue;
      const { archived_at: _a, hidden: _h, ...rest } = r;
      out.set(docKey(source, r.sourceId), { key: docKey(source, r.sourceId), source, ...rest });
    }
  };
  if (ids.entry.length) {
    const { rows } = await sql<RawDoc>`SELECT e.id AS sourceId, e.customer_id AS customerId, c.given_name, c.name_prefix,
        c.family_name, c.archived_at, e.kind, e.text, e.resolution AS extra, e.at, NULL AS fieldName,
        e.deleted_at IS NOT NULL AS hidden
      FROM customer_entries e JOIN customers c ON c.id = e.customer_id
      WHERE e.id IN (SELECT value FROM json_each(${jsonIds(ids.entry)}))`.execute(db);
    add('entry', rows);
  }
  if (ids.fact.length) {
    const { rows } = await sql<RawDoc>`SELECT f.id AS sourceId, f.customer_id AS customerId, c.given_name, c.name_prefix,
        c.family_name, c.archived_at, 'fact' AS kind, f.text, '' AS extra, f.updated_at AS at, NULL AS fieldName, 0 AS hidden
      FROM customer_facts f JOIN customers c ON c.id = f.customer_id
      WHERE f.id IN (SELECT value FROM json_each(${jsonIds(ids.fact)}))`.execute(db);
    add('fact', rows);
  }
  if (ids.field.length) {
    const { rows } = await sql<RawDoc>`SELECT v.id AS sourceId, v.customer_id AS customerId, c.given_name, c.name_prefix,
        c.family_name, c.archived_at, 'field' AS kind,
        CASE d.kind WHEN 'choice' THEN coalesce(
          (SELECT o.value ->> '$.label' FROM json_each(d.options) o WHERE o.value ->> '$.id' = CAST(v.value AS INTEGER)), '')
          ELSE v.value END AS text,
        '' AS extra, v.updated_at AS at, d.name AS fieldName, d.retired_at IS NOT NULL AS hidden
      FROM customer_field_values v JOIN customers c ON c.id = v.customer_id JOIN custom_fields d ON d.id = v.field_id
      WHERE v.id IN (SELECT value FROM json_each(${jsonIds(ids.field)}))`.execute(db);
    add('field', rows);
  }
  return out;
}

export interface NoteSearchOptions {
  /** Distinct customers wanted. */
  limit: number;
  /** Customers to leave out (already among the name hits). */
  exclude?: ReadonlySet<number>;
  /** Only documents with this meta token, e.g. "wishopen". */
  meta?: string;
  /** Keep every matching document, not only the newest per customer. */
  allPerCustomer?: boolean;
  /** Give up after this many index rows (a customer with thousands of matching notes). */
  maxScan?: number;
}

const BATCH = 48;

/**
 * Matching documents, newest written first: by default the newest one per customer, for up
 * to `limit` customers. Reads the index in batches below the last key seen; each batch
 * leaves out (inside FTS5, by their customer token) the customers already found or
 * excluded, so that one customer's thousands of matching notes are skipped, not read.
 */
export async function searchNotes(db: Kysely<DB>, tokens: readonly string[], options: NoteSearchOptions): Promise<DocRow[]> {
  const maxScan = options.maxScan ?? 2000;
  const found: DocRow[] = [];
  const customers = new Set<number>();
  let below = Number.MAX_SAFE_INTEGER;
  let scanned = 0;
  while (found.length < options.limit && scanned < maxScan) {
    const size = Math.min(BATCH + options.limit, maxScan - scanned);
    const without = options.allPerCustomer ? [...(options.exclude ?? [])] : [...(options.exclude ?? []), ...customers];
    const keys = await memoryKeys(db, noteMatch(tokens, options.meta, without), below, size);
    if (keys.length === 0) break;
    scanned += keys.length;
    below = keys[keys.length - 1]!;
    const rows = await docRows(db, keys);
    for (const key of keys) {
      const row = rows.get(key);
      if (!row || options.exclude?.has(row.customerId)) continue;
      if (!options.allPerCustomer) {
        if (customers.has(row.customerId)) continue;
        customers.add(row.customerId);
      }
      found.push(row);
      if (found.length >= options.limit) break;
    }
    if (keys.length < size) break;
  }
  return found;
}
