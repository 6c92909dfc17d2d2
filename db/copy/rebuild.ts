import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { customerSearchIndex } from '../customers/customer-search-index.js';
import { searchDocument, type PhoneSource } from '../customers/search-document.js';
import { entryDoc } from '../memory/entries.js';
import { valueText } from '../memory/fields.js';
import { docKey, factDoc, fieldDoc, indexDocs } from '../memory/search.js';

// The search indexes a copy's target makes for itself (tables.ts says why they are not
// copied: each engine indexes the same documents its own way), in the copy's transaction,
// a chunk at a time so that memory stays bounded whatever the archive's size.

/** Rows read per chunk while indexing. */
const CHUNK = 5000;

export type RebuildProgress = (what: string, done: number, total: number) => void;

/**
 * The counter search: every live customer's document (search-document.ts, as the app
 * writes it for an edit or an import's backlog) written into the target's index, a chunk
 * of customers a statement, in search-key order. Straight from the customers rather than
 * through the search backlog: inside the copy's one transaction the backlog's taken-off
 * keys stay behind as dead index entries that every later chunk would walk past again
 * (quadratic: a million customers took most of a move).
 */
export async function rebuildCounterSearch(db: Kysely<DB>, progress: RebuildProgress): Promise<void> {
  const index = customerSearchIndex(db);
  const total = Number((await db.selectFrom('customers').where('archived_at', 'is', null)
    .select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  let done = 0;
  progress('counter search', done, total);
  for (let after = -1; ;) {
    const rows = await db.selectFrom('customers')
      .select(['id', 'search_key', 'given_name', 'name_prefix', 'family_name', 'email', 'card_number'])
      .where('archived_at', 'is', null).where('search_key', '>', after)
      .orderBy('search_key').limit(CHUNK).execute();
    if (rows.length === 0) break;
    const phoneRows = await db.selectFrom('customer_phones')
      .select(['customer_id', 'e164', 'national_digits'])
      .where('customer_id', 'in', rows.map((r) => r.id))
      .orderBy('customer_id').orderBy('position').execute();
    const phones = new Map<number, PhoneSource[]>();
    for (const p of phoneRows) {
      const id = Number(p.customer_id);
      let list = phones.get(id);
      if (!list) phones.set(id, (list = []));
      list.push(p);
    }
    await index.writeMany(db, rows.map((row) => ({ key: Number(row.search_key), doc: searchDocument(row, phones.get(Number(row.id)) ?? []) })));
    after = Number(rows[rows.length - 1]!.search_key);
    progress('counter search', (done += rows.length), total);
  }
  progress('counter search', total, total);
}

/**
 * The notes search (either engine's: db/memory/memory-search-index.ts): every text it
 * covers, as memory-docs.ts indexMemoryOf writes them, a chunk a statement — entries not deleted, facts, text and choice field values (a retired field's
 * too: the search hides them when reading).
 */
export async function rebuildNotesSearch(db: Kysely<DB>, progress: RebuildProgress): Promise<void> {
  const count = async (table: 'customer_entries' | 'customer_facts' | 'customer_field_values') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const total = (await count('customer_entries')) + (await count('customer_facts')) + (await count('customer_field_values'));
  let done = 0;
  progress('notes search', done, total);

  for (let after = 0; ;) {
    const rows = await db.selectFrom('customer_entries')
      .select(['id', 'customer_id', 'kind', 'status', 'text', 'resolution', 'deleted_at'])
      .where('id', '>', after).orderBy('id').limit(CHUNK).execute();
    if (rows.length === 0) break;
    await indexDocs(db, rows.filter((e) => e.deleted_at === null).map((e) => ({ key: docKey('entry', e.id), doc: entryDoc(e) })));
    after = rows[rows.length - 1]!.id;
    progress('notes search', (done += rows.length), total);
  }
  for (let after = 0; ;) {
    const rows = await db.selectFrom('customer_facts').select(['id', 'customer_id', 'text'])
      .where('id', '>', after).orderBy('id').limit(CHUNK).execute();
    if (rows.length === 0) break;
    await indexDocs(db, rows.map((f) => ({ key: docKey('fact', f.id), doc: factDoc(f.customer_id, f.text) })));
    after = rows[rows.length - 1]!.id;
    progress('notes search', (done += rows.length), total);
  }
  for (let after = 0; ;) {
    const rows = await db.selectFrom('customer_field_values as v')
      .innerJoin('custom_fields as f', 'f.id', 'v.field_id')
      .select(['v.id', 'v.customer_id', 'v.field_id', 'v.value', 'f.kind', 'f.options'])
      .where('v.id', '>', after).orderBy('v.id').limit(CHUNK).execute();
    if (rows.length === 0) break;
    await indexDocs(db, rows.filter((v) => v.kind === 'text' || v.kind === 'choice')
      .map((v) => ({ key: docKey('field', v.id), doc: fieldDoc(v.customer_id, v.field_id, valueText(v, v.value)) })));
    after = rows[rows.length - 1]!.id;
    progress('notes search', (done += rows.length), total);
  }
  progress('notes search', total, total);
}
