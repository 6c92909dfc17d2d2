import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { entryDoc } from '../memory/entries.js';
import { valueText } from '../memory/fields.js';
import { docKey, factDoc, fieldDoc, indexDoc, removeMemoryDocuments } from '../memory/search.js';

// A customer's documents in the notes search (their notes, facts and field values), all at
// once: erasing takes them out, merging writes them again as the survivor's.

/** Takes a customer's documents out of the notes search (the texts stay where they are). */
export const unindexMemoryOf = removeMemoryDocuments;

/**
 * Indexes every text of a customer that the notes search covers, as the memory domains
 * would have: entries that are not deleted, facts, and text and choice values (those of a
 * retired field too: the search hides them when reading). The caller has taken any earlier
 * documents of theirs out first.
 */
export async function indexMemoryOf(db: Kysely<DB>, customerId: number): Promise<void> {
  const entries = await db
    .selectFrom('customer_entries')
    .select(['id', 'customer_id', 'kind', 'status', 'text', 'resolution'])
    .where('customer_id', '=', customerId)
    .where('deleted_at', 'is', null)
    .execute();
  for (const e of entries) await indexDoc(db, docKey('entry', e.id), entryDoc(e));
  const facts = await db.selectFrom('customer_facts').select(['id', 'text']).where('customer_id', '=', customerId).execute();
  for (const f of facts) await indexDoc(db, docKey('fact', f.id), factDoc(customerId, f.text));
  const values = await db
    .selectFrom('customer_field_values as v')
    .innerJoin('custom_fields as f', 'f.id', 'v.field_id')
    .select(['v.id', 'v.field_id', 'v.value', 'f.kind', 'f.options'])
    .where('v.customer_id', '=', customerId)
    .where('f.kind', 'in', ['text', 'choice'])
    .execute();
  for (const v of values) await indexDoc(db, docKey('field', v.id), fieldDoc(customerId, v.field_id, valueText(v, v.value)));
}
