import type { Kysely, RawBuilder } from 'kysely';
import { PHONE_CHARS } from '../../main/core/phone.js';
import { words } from '../../main/core/text.js';
import type { DB } from '../schema.js';
import { memorySearchIndex, type KeyedDoc, type MemoryDoc } from './memory-search-index.js';
import { valueText } from './fields.js';
import { oneOf } from '../value-lists.js';
import { customerToken, noteMatch, prepareMemoryIndexer } from './search-index.js';

// memory_search: what is written about customers, as folded words (main/core/text.ts), so
// that the index and the queries fold alike. The texts live in their own tables; a hit's
// snippet is cut from there. Every write of an entry, fact or field value re-indexes its
// document in the caller's transaction. Where the documents go differs by engine
// (memory-search-index.ts); what a document is and how hits are read does not.
//
// key = source id * 4 + source code. A document's meta tokens hold its kind (and for
// complaints and wishes kind + status, e.g. "wishopen"), beside its customer, so that a
// query can be narrowed to open wishes, or leave out customers, inside the index.

export type { MemoryDoc } from './memory-search-index.js';
export { customerToken, noteMatch, prepareMemoryIndexer };

export type DocSource = 'entry' | 'fact' | 'field';

const CODE: Record<DocSource, number> = { entry: 1, fact: 2, field: 3 };
const SOURCE: Record<number, DocSource> = { 1: 'entry', 2: 'fact', 3: 'field' };

export const docKey = (source: DocSource, id: number): number => id * 4 + CODE[source];

export function decodeKey(key: number): { source: DocSource; id: number } {
  return { source: SOURCE[key % 4]!, id: Math.floor(key / 4) };
}

/** The indexed words of some texts: folded, each word once (no phrase queries are made). */
export function docWords(...texts: string[]): string[] {
  return [...new Set(words(texts.join(' ')))];
}

export function factDoc(customerId: number, text: string): MemoryDoc {
  return { customerId, meta: ['fact'], words: docWords(text) };
}

export function fieldDoc(customerId: number, fieldId: number, text: string): MemoryDoc {
  return { customerId, meta: ['field', `f${fieldId}`], words: docWords(text) };
}

export async function indexDoc(db: Kysely<DB>, key: number, doc: MemoryDoc): Promise<void> {
  await memorySearchIndex(db).write(db, key, doc);
}

export async function unindexDoc(db: Kysely<DB>, key: number): Promise<void> {
  await memorySearchIndex(db).remove(db, key);
}

export async function reindexDoc(db: Kysely<DB>, key: number, doc: MemoryDoc): Promise<void> {
  await unindexDoc(db, key);
  await indexDoc(db, key, doc);
}

/** Indexes many documents (an import's notes), in the caller's transaction. */
export async function indexDocs(db: Kysely<DB>, docs: readonly KeyedDoc[]): Promise<void> {
  await memorySearchIndex(db).writeMany(db, docs);
}

/**
 * Takes every document of a customer out of the notes search (their notes, facts and field
 * values; the texts stay where they are), in the caller's transaction: for erasing a
 * customer, or before writing a merged customer's documents again.
 */
export async function removeMemoryDocuments(db: Kysely<DB>, customerId: number): Promise<void> {
  await memorySearchIndex(db).removeCustomer(db, customerId);
}

/**
 * The ids of a text or choice field's values with every one of `tokens` (folded words)
 * starting one of their words, as a subquery: `v.id IN ${fieldValueIdsWithWords(…)}`.
 */
export function fieldValueIdsWithWords(db: Kysely<DB>, fieldId: number, tokens: readonly string[]): RawBuilder<number> {
  return memorySearchIndex(db).fieldValueIds(fieldId, tokens);
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

interface Whose {
  customerId: number;
  given_name: string;
  name_prefix: string;
  family_name: string;
  archived_at: number | null;
}

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
  const add = (source: DocSource, sourceId: number, whose: Whose, doc: Pick<DocRow, 'kind' | 'text' | 'extra' | 'at' | 'fieldName'>) => {
    if (whose.archived_at !== null) return;
    const { archived_at: _archived, ...customer } = whose;
    out.set(docKey(source, sourceId), { key: docKey(source, sourceId), source, sourceId, ...customer, ...doc });
  };
  const whose = ['c.given_name', 'c.name_prefix', 'c.family_name', 'c.archived_at'] as const;
  if (ids.entry.length) {
    const rows = await db
      .selectFrom('customer_entries as e')
      .innerJoin('customers as c', 'c.id', 'e.customer_id')
      .select(['e.id', 'e.customer_id as customerId', ...whose, 'e.kind', 'e.text', 'e.resolution', 'e.at', 'e.deleted_at'])
      .where('e.id', 'in', oneOf(db, ids.entry))
      .execute();
    for (const r of rows) {
      if (r.deleted_at !== null) continue;
      add('entry', r.id, r, { kind: r.kind, text: r.text, extra: r.resolution, at: r.at, fieldName: null });
    }
  }
  if (ids.fact.length) {
    const rows = await db
      .selectFrom('customer_facts as f')
      .innerJoin('customers as c', 'c.id', 'f.customer_id')
      .select(['f.id', 'f.customer_id as customerId', ...whose, 'f.text', 'f.updated_at'])
      .where('f.id', 'in', oneOf(db, ids.fact))
      .execute();
    for (const r of rows) add('fact', r.id, r, { kind: 'fact', text: r.text, extra: '', at: r.updated_at, fieldName: null });
  }
  if (ids.field.length) {
    const rows = await db
      .selectFrom('customer_field_values as v')
      .innerJoin('customers as c', 'c.id', 'v.customer_id')
      .innerJoin('custom_fields as d', 'd.id', 'v.field_id')
      .select(['v.id', 'v.customer_id as customerId', ...whose, 'v.value', 'v.updated_at', 'd.name', 'd.kind', 'd.options', 'd.retired_at'])
      .where('v.id', 'in', oneOf(db, ids.field))
      .execute();
    for (const r of rows) {
      if (r.retired_at !== null) continue;
      // A choice value holds its option's id: the hit shows the option's label.
      const text = r.kind === 'choice' ? valueText(r, r.value) : r.value;
      add('field', r.id, r, { kind: 'field', text, extra: '', at: r.updated_at, fieldName: r.name });
    }
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
 * leaves out (inside the index) the customers already found or
 * excluded, so that one customer's thousands of matching notes are skipped, not read.
 */
export async function searchNotes(db: Kysely<DB>, tokens: readonly string[], options: NoteSearchOptions): Promise<DocRow[]> {
  const index = memorySearchIndex(db);
  const maxScan = options.maxScan ?? 2000;
  const found: DocRow[] = [];
  const customers = new Set<number>();
  let below = Number.MAX_SAFE_INTEGER;
  let scanned = 0;
  while (found.length < options.limit && scanned < maxScan) {
    const size = Math.min(BATCH + options.limit, maxScan - scanned);
    const without = options.allPerCustomer ? [...(options.exclude ?? [])] : [...(options.exclude ?? []), ...customers];
    const keys = await index.keys(db, { tokens, meta: options.meta, without }, below, size);
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
