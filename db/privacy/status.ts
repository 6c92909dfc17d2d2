import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../schema.js';
import { tableThroughIndex } from '../engine.js';
import type { CustomerErasuresTable } from './schema.js';

// Reads for the privacy screens: where a merged-away customer lives on, whether a customer
// was erased, and how much of a customer a merge would move.

/** The customer a merged-away one ended up in (following later merges), or null if it was not merged. */
export async function survivorOf(db: Kysely<DB>, customerId: number): Promise<number | null> {
  const { rows } = await sql<{ id: number; depth: number }>`WITH RECURSIVE chain(id, depth) AS (
      SELECT survivor_id, 1 FROM customer_merges WHERE merged_id = ${customerId}
      UNION ALL SELECT m.survivor_id, chain.depth + 1 FROM customer_merges m JOIN chain ON m.merged_id = chain.id
      WHERE chain.depth < 1000)
    SELECT id, depth FROM chain ORDER BY depth DESC LIMIT 1`.execute(db);
  return rows[0]?.id ?? null;
}

export function erasureOf(db: Kysely<DB>, customerId: number): Promise<Selectable<CustomerErasuresTable> | undefined> {
  return db.selectFrom('customer_erasures').selectAll().where('customer_id', '=', customerId).executeTakeFirst();
}

export interface MoveCounts {
  entries: number;
  facts: number;
  openFollowUps: number;
  visits: number;
  ledgerEntries: number;
}

/** What a customer has that a merge moves (tags and field values are listed separately). */
export async function moveCounts(db: Kysely<DB>, customerId: number): Promise<MoveCounts> {
  // Quoted aliases: PostgreSQL folds unquoted names to lower case.
  const { rows } = await sql<MoveCounts>`SELECT
      (SELECT count(*) FROM customer_entries WHERE customer_id = ${customerId} AND deleted_at IS NULL) AS entries,
      (SELECT count(*) FROM customer_facts WHERE customer_id = ${customerId}) AS facts,
      (SELECT count(*) FROM follow_ups WHERE customer_id = ${customerId} AND status = 'open') AS "openFollowUps",
      (SELECT count(*) FROM ${tableThroughIndex(db, 'visits', 'visits_customer_id')} WHERE customer_id = ${customerId}) AS visits,
      (SELECT count(*) FROM ${tableThroughIndex(db, 'ledger_entries', 'ledger_customer')} WHERE customer_id = ${customerId}) AS "ledgerEntries"`.execute(db);
  return rows[0]!;
}
