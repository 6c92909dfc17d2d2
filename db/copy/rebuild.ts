import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { indexBacklog, queueFrom } from '../customers/search-backlog.js';
import { entryDoc } from '../memory/entries.js';
import { valueText } from '../memory/fields.js';
import { docKey, factDoc, fieldDoc, indexDoc } from '../memory/search.js';

// The search indexes a copy's target makes for itself (tables.ts says why they are not
// copied: each engine indexes the same documents its own way), in the copy's transaction,
// a chunk at a time so that memory stays bounded whatever the archive's size.

/** Rows read per chunk while indexing. */
const CHUNK = 2000;

export type RebuildProgress = (what: string, done: number, total: number) => void;

/**
 * The counter search: every live customer queued on the target's search backlog and
 * written from there, as an import's customers are (db/customers/search-backlog.ts), so
 * both engines' indexes get exactly the documents the app would write.
 */
export async function rebuildCounterSearch(db: Kysely<DB>, progress: RebuildProgress): Promise<void> {
  const total = await queueFrom(db, 0);
  let done = 0;
  progress('counter search', done, total);
  for (;;) {
    const { upTo, more } = await indexBacklog(db, CHUNK);
    if (upTo === null) break;
    done = Math.min(total, done + CHUNK);
    progress('counter search', done, total);
    if (!more) break;
  }
  progress('counter search', total, total);
}

/**
 * The notes search (either engine's: db/memory/memory-search-index.ts): every text it
 * covers, as memory-docs.ts indexMemoryOf writes them — entries not deleted, facts, text and choice field values (a retired field's
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
    for (const e of rows) if (e.deleted_at === null) await indexDoc(db, docKey('entry', e.id), entryDoc(e));
    after = rows[rows.length - 1]!.id;
    progress('notes search', (done += rows.length), total);
  }
  for (let after = 0; ;) {
    const rows = await db.selectFrom('customer_facts').select(['id', 'customer_id', 'text'])
      .where('id', '>', after).orderBy('id').limit(CHUNK).execute();
    if (rows.length === 0) break;
    for (const f of rows) await indexDoc(db, docKey('fact', f.id), factDoc(f.customer_id, f.text));
    after = rows[rows.length - 1]!.id;
    progress('notes search', (done += rows.length), total);
  }
  for (let after = 0; ;) {
    const rows = await db.selectFrom('customer_field_values as v')
      .innerJoin('custom_fields as f', 'f.id', 'v.field_id')
      .select(['v.id', 'v.customer_id', 'v.field_id', 'v.value', 'f.kind', 'f.options'])
      .where('v.id', '>', after).orderBy('v.id').limit(CHUNK).execute();
    if (rows.length === 0) break;
    for (const v of rows) {
      if (v.kind === 'text' || v.kind === 'choice') await indexDoc(db, docKey('field', v.id), fieldDoc(v.customer_id, v.field_id, valueText(v, v.value)));
    }
    after = rows[rows.length - 1]!.id;
    progress('notes search', (done += rows.length), total);
  }
  progress('notes search', total, total);
}
