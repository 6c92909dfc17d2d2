import { sql, type Kysely } from 'kysely';
import { generateCardNumber } from '../../main/core/card-number.js';
import { words } from '../../main/core/text.js';
import { issueSearchKeys } from '../customers/search-key.js';
import { isPostgres } from '../engine.js';
import { entryDoc } from '../memory/entries.js';
import { docKey, indexDocs } from '../memory/search.js';
import type { DB } from '../schema.js';
import type { ImportChunkWriter, WrittenChunk } from './chunk.js';
import type { ImportWriterOptions } from './insert.js';
import { rangesOf } from './runs.js';

// Imported customers in batches of multi-row INSERTs through Kysely: the shared archive's
// chunk writer (chunk.ts), where every statement is a round trip to the server, so a batch
// of rows costs about as many statements as one row does. Each customer gets what
// insert.ts writes on the file (the row, its phones, its prospect row, a card number by the
// customer form's rule when none was given; a `migrate` ledger entry with the kept balance,
// tags and a note); the counter-search documents are queued when the whole import is in
// (runs.ts queueChunk), as on the file.
//
// Everything a chunk learns (ids, keys, tags) lives in the one call: the transaction may be
// run again after a conflict with another till, and then starts from nothing.

/** Customers per batch: 21 parameters each, well inside PostgreSQL's 65,535. */
const BATCH = 500;
/** The create handler's rule for a card number: draw until free, give up after 20. */
const CARD_DRAWS = 20;

export function batchedChunkWriter(options: ImportWriterOptions): ImportChunkWriter {
  const { now, staff, reason, random } = options;
  return {
    async write(trx, rows, from, budgetMs): Promise<WrittenChunk> {
      const started = performance.now();
      // First the insights' bulk-load switch (migration 010): the insert trigger stands aside
      // and the prospect rows are added once below. Taking insight_state's row first also
      // means a sale on another till (its visit bumps the version) waits for this chunk
      // rather than making it start again.
      await trx.updateTable('insight_state').set({ bulk_load: 1 }).where('id', '=', 1).execute();
      const ids: number[] = [];
      const cardTaken: number[] = [];
      const createdTags: number[] = [];
      const tagIds = new Map<string, number>();
      const cardsUsed = new Set<string>();
      let at = from;
      do {
        const batch = rows.slice(at, Math.min(rows.length, at + BATCH)).map((row, i) => ({ row, index: at + i }));
        at += batch.length;
        const taken = await cardsTaken(trx, batch.map(({ row }) => row.values.card_number).filter((card) => card !== ''));
        const keep = batch.filter(({ row, index }) => {
          if (!taken.has(row.values.card_number)) return true;
          cardTaken.push(index);
          return false;
        });
        if (keep.length === 0) continue;
        for (const { row } of keep) if (row.values.card_number !== '') cardsUsed.add(row.values.card_number);
        const fresh = await freshCards(trx, keep.filter(({ row }) => row.values.card_number === '').length, random, cardsUsed);
        const batchIds = await issueCustomerIds(trx, keep.length);
        const keys = await issueSearchKeys(trx, keep.length);
        const customers = keep.map(({ row }, i) => ({
          ...row.values,
          id: batchIds[i]!,
          card_number: row.values.card_number === '' ? fresh.pop()! : row.values.card_number,
          search_key: keys[i]!,
          created_at: now,
          updated_at: now,
          last_seen_at: now,
        }));
        await trx.insertInto('customers').values(customers).execute();
        const customerOf = (i: number) => batchIds[i]!;
        const phones = keep.flatMap(({ row }, i) => row.phones.map((p, position) => ({ customer_id: customerOf(i), position, ...p })));
        if (phones.length > 0) await trx.insertInto('customer_phones').values(phones).execute();
        const balances = keep.flatMap(({ row }, i) => (row.balance > 0 ? [{ customer_id: customerOf(i), balance: row.balance }] : []));
        if (balances.length > 0) {
          await trx.insertInto('ledger_entries')
            .values(balances.map((b) => ({ customer_id: b.customer_id, kind: 'migrate' as const, amount: b.balance, reason, created_at: now })))
            .execute();
          await trx.insertInto('loyalty_balances').values(balances.map((b) => ({ ...b, updated_at: now }))).execute();
        }
        await tagCustomers(trx, keep.map(({ row }, i) => ({ id: customerOf(i), tags: row.tags })), tagIds, createdTags, staff, now);
        const notes = keep.flatMap(({ row }, i) => (row.note !== '' ? [{ customer_id: customerOf(i), text: row.note }] : []));
        if (notes.length > 0) {
          const written = await trx.insertInto('customer_entries')
            .values(notes.map((n) => ({ ...n, kind: 'note' as const, staff, at: now, created_at: now, updated_at: now })))
            .returning(['id', 'customer_id', 'text'])
            .execute();
          await indexDocs(trx, written.map((e) => ({
            key: docKey('entry', Number(e.id)),
            doc: entryDoc({ customer_id: Number(e.customer_id), kind: 'note', status: null, text: e.text, resolution: '' }),
          })));
        }
        ids.push(...batchIds);
      } while (at < rows.length && performance.now() - started < budgetMs);
      if (ids.length > 0) {
        for (let i = 0; i < ids.length; i += BATCH * 4) {
          await trx.insertInto('customer_segments').values(ids.slice(i, i + BATCH * 4).map((customer_id) => ({
            customer_id, layer: 'prospect' as const, spend_cents: 0, visit_count: 0, recency: 0, frequency: 0, monetary: 0,
          }))).execute();
        }
      }
      await trx.updateTable('insight_state').set((eb) => ({ bulk_load: 0, version: eb('version', '+', 1) })).where('id', '=', 1).execute();
      ids.sort((a, b) => a - b);
      return { next: at, cardTaken, ranges: rangesOf(ids), createdTags };
    },
  };
}

/** Of some card numbers, those a customer holds. */
async function cardsTaken(trx: Kysely<DB>, cards: readonly string[]): Promise<Set<string>> {
  if (cards.length === 0) return new Set();
  const rows = await trx.selectFrom('customers').select('card_number').where('card_number', 'in', cards).execute();
  return new Set(rows.map((r) => r.card_number));
}

/** `count` card numbers nobody holds, by the create handler's rule, none of `used` (which they join). */
async function freshCards(trx: Kysely<DB>, count: number, random: () => number, used: Set<string>): Promise<string[]> {
  const cards: string[] = [];
  for (let draw = 0; cards.length < count; draw++) {
    if (draw === CARD_DRAWS) throw new Error('Could not issue a free card number');
    const candidates: string[] = [];
    while (candidates.length < count - cards.length) {
      const candidate = generateCardNumber(random);
      if (!used.has(candidate) && !candidates.includes(candidate)) candidates.push(candidate);
    }
    const taken = await cardsTaken(trx, candidates);
    for (const card of candidates) {
      if (taken.has(card)) continue;
      cards.push(card);
      used.add(card);
    }
  }
  return cards;
}

/**
 * `count` new customer ids, increasing. The server's ids come from the table's identity
 * sequence, which the other tills draw from too (so some may be taken in between: the
 * journal records ranges, runs.ts rangesOf); the file's follow on from the largest.
 */
async function issueCustomerIds(trx: Kysely<DB>, count: number): Promise<number[]> {
  if (isPostgres(trx)) {
    const { rows } = await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('customers', 'id')) AS id
      FROM generate_series(1, ${count}) ORDER BY 1`.execute(trx);
    return rows.map((r) => Number(r.id));
  }
  const row = await trx.selectFrom('customers').select((eb) => eb.fn.coalesce(eb.fn.max('id'), sql.lit(0)).as('largest')).executeTakeFirstOrThrow();
  return Array.from({ length: count }, (_, i) => Number(row.largest) + 1 + i);
}

/**
 * Tags the batch's customers, folded as the tags handler folds ("Gluten-free" and "gluten
 * free" are one tag): known tags by their folded name, new ones created (and recorded in
 * `created`, for an undo). `known` carries them from batch to batch within the chunk.
 */
async function tagCustomers(
  trx: Kysely<DB>, customers: readonly { id: number; tags: readonly string[] }[], known: Map<string, number>, created: number[], staff: string, now: number,
): Promise<void> {
  const named = new Map<string, string>();
  for (const { tags } of customers) {
    for (const tag of tags) {
      const folded = words(tag).join(' ');
      if (!known.has(folded) && !named.has(folded)) named.set(folded, tag.replace(/\s+/g, ' '));
    }
  }
  if (named.size > 0) {
    const found = await trx.selectFrom('tags').select(['id', 'folded']).where('folded', 'in', [...named.keys()]).execute();
    for (const tag of found) {
      known.set(tag.folded, Number(tag.id));
      named.delete(tag.folded);
    }
  }
  if (named.size > 0) {
    const made = await trx.insertInto('tags').values([...named].map(([folded, name]) => ({ name, folded, created_at: now })))
      .returning(['id', 'folded']).execute();
    for (const tag of made) {
      known.set(tag.folded, Number(tag.id));
      created.push(Number(tag.id));
    }
  }
  const rows = customers.flatMap(({ id, tags }) => tags.map((tag) => ({ customer_id: id, tag_id: known.get(words(tag).join(' '))!, staff, created_at: now })));
  if (rows.length > 0) await trx.insertInto('customer_tags').values(rows).onConflict((oc) => oc.doNothing()).execute();
}
