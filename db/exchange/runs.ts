import { oneOf } from '../value-lists.js';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { queueBetween } from '../customers/search-backlog.js';
import { isPostgres } from '../engine.js';
import { docKey, unindexDoc } from '../memory/search.js';

// The journal of a chunked import (migration 012), and how an unfinished one is undone.
// Every function here runs inside the caller's write transaction (or reads outside one), and
// each does a bounded amount of work, so that no transaction holds the write lock for long.
// Plain Kysely over either engine: these statements run a few times a chunk, not a row.
//
// While an import is written, its earlier chunks are in the archive and can be seen: a till
// may even serve one of those customers. Undoing takes back what the import wrote; a customer
// the shop used meanwhile (a sale, a stamp, a note, an edit, a referral…) is kept whole, as
// taking it back would take the shop's own work with it, and is counted in the result.

/** Consecutive customer ids, all the import's own: never one another till created in between. */
export interface Chunk {
  first_id: number;
  last_id: number;
}

/**
 * Ids (increasing) as the journal's ranges. On SQLite a chunk's ids are consecutive (one
 * writer); on PostgreSQL another till may take an id in between, and a range holding it
 * would undo that till's customer with the import.
 */
export function rangesOf(ids: readonly number[]): Chunk[] {
  const ranges: Chunk[] = [];
  for (const id of ids) {
    const last = ranges[ranges.length - 1];
    if (last && id === last.last_id + 1) last.last_id = id;
    else ranges.push({ first_id: id, last_id: id });
  }
  return ranges;
}

export async function startRun(db: Kysely<DB>, now: number): Promise<number> {
  const row = await db.insertInto('import_runs').values({ started_at: now, state: 'writing', alive_at: now })
    .returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Rows per INSERT of the journal: well inside either engine's limit on parameters. */
const JOURNAL_BATCH = 1000;

/** A chunk's customers and the tags it created, in the chunk's own transaction. */
export async function recordChunk(db: Kysely<DB>, run: number, now: number, ranges: readonly Chunk[], tags: readonly number[]): Promise<void> {
  // Another till's recovery took the run for abandoned and is undoing it: stop here.
  const alive = await db.updateTable('import_runs').set({ alive_at: now }).where('id', '=', run).where('state', '=', 'writing')
    .executeTakeFirst();
  if (Number(alive.numUpdatedRows) === 0) throw new Error(`import run ${run} is no longer being written`);
  for (let at = 0; at < ranges.length; at += JOURNAL_BATCH) {
    await db.insertInto('import_run_chunks').values(ranges.slice(at, at + JOURNAL_BATCH).map((r) => ({ run_id: run, ...r }))).execute();
  }
  for (let at = 0; at < tags.length; at += JOURNAL_BATCH) {
    await db.insertInto('import_run_tags').values(tags.slice(at, at + JOURNAL_BATCH).map((tag_id) => ({ run_id: run, tag_id })))
      .onConflict((oc) => oc.doNothing()).execute();
  }
}

export function chunksOf(db: Kysely<DB>, run: number): Promise<Chunk[]> {
  return db.selectFrom('import_run_chunks').select(['first_id', 'last_id']).where('run_id', '=', run).orderBy('first_id').execute();
}

/** Queues one chunk's customers for the counter search: done last, so none is found by name before the import is whole. */
export async function queueChunk(db: Kysely<DB>, chunk: Chunk): Promise<void> {
  await queueBetween(db, chunk.first_id, chunk.last_id);
}

/** The import is whole: its journal is no longer needed. */
export async function finishRun(db: Kysely<DB>, run: number, now: number): Promise<void> {
  await db.deleteFrom('import_run_chunks').where('run_id', '=', run).execute();
  await db.deleteFrom('import_run_tags').where('run_id', '=', run).execute();
  await db.updateTable('import_runs').set({ state: 'done', finished_at: now }).where('id', '=', run).execute();
}

/** Imports a quit or crash left half-written: not heard from since `silentSince`. */
export async function abandonedRuns(db: Kysely<DB>, silentSince: number): Promise<number[]> {
  const rows = await db.selectFrom('import_runs').select('id').where('state', 'in', ['writing', 'undoing'])
    .where('alive_at', '<', silentSince).orderBy('id').execute();
  return rows.map((r) => Number(r.id));
}

// A customer of the chunk that nothing but the import wrote about: its row unchanged since
// the import, no entry other than the import's note, and no row in any table the import does
// not write (db/privacy/coverage.ts lists them all).
const untouched = (chunk: Chunk) => sql<{ id: number }>`SELECT c.id FROM customers c WHERE c.id BETWEEN ${chunk.first_id} AND ${chunk.last_id}
  AND c.updated_at = c.created_at AND c.last_seen_at = c.created_at AND c.archived_at IS NULL AND c.erased_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM customers r WHERE r.referred_by = c.id)
  AND NOT EXISTS (SELECT 1 FROM customer_entries e WHERE e.customer_id = c.id
    AND (e.kind <> 'note' OR e.created_at <> c.created_at OR e.updated_at <> c.created_at OR e.deleted_at IS NOT NULL))
  AND NOT EXISTS (SELECT 1 FROM customer_facts f WHERE f.customer_id = c.id)
  AND NOT EXISTS (SELECT 1 FROM follow_ups u WHERE u.customer_id = c.id)
  AND NOT EXISTS (SELECT 1 FROM customer_field_values v WHERE v.customer_id = c.id)
  AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.customer_id = c.id)
  AND NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.customer_id = c.id AND l.kind <> 'migrate')
  AND NOT EXISTS (SELECT 1 FROM print_jobs p WHERE p.customer_id = c.id)
  AND NOT EXISTS (SELECT 1 FROM customer_merges m WHERE m.merged_id = c.id OR m.survivor_id = c.id)
  AND NOT EXISTS (SELECT 1 FROM customer_tags t WHERE t.customer_id = c.id AND t.created_at <> c.created_at)
  ORDER BY c.id`;

/**
 * Takes the notes of some customers out of the notes search (their entries are deleted
 * next). SQLite: one statement over the contentless FTS5 table, whose keys are the entries'
 * (id * 4 + 1). Elsewhere through the notes index's own function, an entry at a time.
 */
async function unindexNotes(db: Kysely<DB>, ids: readonly number[]): Promise<void> {
  if (!isPostgres(db)) {
    await sql`DELETE FROM memory_search WHERE rowid IN (SELECT id * 4 + 1 FROM customer_entries
      WHERE customer_id IN ${oneOf(db, ids)})`.execute(db);
    return;
  }
  const { rows } = await sql<{ id: number }>`SELECT id FROM customer_entries
    WHERE customer_id IN ${oneOf(db, ids)}`.execute(db);
  for (const { id } of rows) await unindexDoc(db, docKey('entry', Number(id)));
}

/**
 * Undoes the next chunk of an unfinished import; returns how many of its customers were
 * kept because the shop used them meanwhile, or null when nothing is left to undo (the run
 * is then marked undone and its journal cleared). Reads and writes only through `db`: on
 * PostgreSQL the transaction may run again.
 */
export async function undoNextChunk(db: Kysely<DB>, run: number, now: number): Promise<number | null> {
  await db.updateTable('import_runs').set({ state: 'undoing' }).where('id', '=', run).execute();
  const chunk = await db.selectFrom('import_run_chunks').select(['first_id', 'last_id']).where('run_id', '=', run)
    .orderBy('first_id', 'desc').limit(1).executeTakeFirst();
  if (!chunk) {
    // The tags it created, unless someone else uses them now.
    await db.deleteFrom('tags')
      .where('id', 'in', (eb) => eb.selectFrom('import_run_tags').select('tag_id').where('run_id', '=', run))
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('customer_tags as t').select(sql.lit(1).as('one')).whereRef('t.tag_id', '=', 'tags.id'))))
      .execute();
    await db.deleteFrom('import_run_tags').where('run_id', '=', run).execute();
    await db.updateTable('import_runs').set({ state: 'undone', finished_at: now }).where('id', '=', run).execute();
    return null;
  }
  const ids = (await untouched(chunk).execute(db)).rows.map((r) => Number(r.id));
  const present = await db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('id', '>=', chunk.first_id).where('id', '<=', chunk.last_id).executeTakeFirstOrThrow();
  const kept = Number(present.n) - ids.length;
  if (ids.length > 0) {
    const list = () => oneOf(db, ids);
    // The notes' search documents first (found by their entries' keys).
    await unindexNotes(db, ids);
    await sql`DELETE FROM customer_entries WHERE customer_id IN ${list()}`.execute(db);
    await sql`DELETE FROM customer_tags WHERE customer_id IN ${list()}`.execute(db);
    await sql`DELETE FROM ledger_entries WHERE customer_id IN ${list()}`.execute(db);
    await sql`DELETE FROM loyalty_balances WHERE customer_id IN ${list()}`.execute(db);
    await sql`DELETE FROM customer_segments WHERE customer_id IN ${list()}`.execute(db);
    await sql`DELETE FROM search_backlog WHERE search_key IN (SELECT search_key FROM customers WHERE id IN ${list()})`.execute(db);
    // Their phones go with them (ON DELETE CASCADE); the insights' delete trigger marks them dirty.
    await sql`DELETE FROM customers WHERE id IN ${list()}`.execute(db);
    await sql`DELETE FROM insight_dirty WHERE customer_id IN ${list()}`.execute(db);
  }
  await db.deleteFrom('import_run_chunks').where('run_id', '=', run).where('first_id', '=', chunk.first_id).execute();
  return kept;
}
