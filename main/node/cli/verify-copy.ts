import type { Kysely } from 'kysely';
import type { Archive } from '../../../db/archive.js';
import type { DB } from '../../../db/schema.js';
import { countCopiedRows } from '../../../db/copy/tables.js';
import type { TableCounts } from '../../../db/copy/copy-archive.js';
import { balanceMismatches, countBalances } from '../../../db/loyalty/repo.js';
import { customerHandlers } from '../../api/customers/handlers.js';
import type { Deps } from '../../api/deps.js';

// What proves a copied archive (db/copy/copy-archive.ts) before the shop relies on it:
//  - the rows per table equal the source's, in the snapshot that was copied;
//  - the target passes `npm run cli -- check` (every kept balance equals its ledger);
//  - the counter search answers a sample of names and phone numbers alike on both, the
//    same customers in the same order at the same tier (each engine has its own index).

/** Customers whose names and numbers are searched for on both archives. */
const SAMPLE_CUSTOMERS = 6;

export interface CopyVerification {
  /** Tables whose row count differs: "visits: 120 copied, 119 there". */
  counts: string[];
  balances: { customers: number; mismatches: number };
  searches: { asked: number; differing: string[] };
  ok: boolean;
}

type Search = (archive: Archive, query: string) => Promise<unknown>;

// The search handler reads nothing of its deps but the archive.
const search: Search = (archive, query) =>
  customerHandlers['customers.search']({ archive } as Deps, { query, limit: 20, notes: 0 });

/** The archive as one of its snapshots (a transaction): the handlers read that instead. */
export const archiveAt = (archive: Archive, db: Kysely<DB>): Archive => ({ ...archive, db }) as Archive;

/** Names and numbers of customers spread over the archive, as a shop would type them. */
async function sampleQueries(db: Kysely<DB>): Promise<string[]> {
  const span = await db.selectFrom('customers').where('archived_at', 'is', null)
    .select((eb) => [eb.fn.min('id').as('first'), eb.fn.max('id').as('last')]).executeTakeFirstOrThrow();
  if (span.first === null || span.last === null) return [];
  const first = Number(span.first);
  const step = Math.max(1, Math.floor((Number(span.last) - first) / SAMPLE_CUSTOMERS));
  const queries = new Set<string>();
  for (let i = 0; i < SAMPLE_CUSTOMERS; i++) {
    const row = await db.selectFrom('customers').select(['id', 'given_name', 'family_name'])
      .where('archived_at', 'is', null).where('id', '>=', first + i * step).orderBy('id').limit(1).executeTakeFirst();
    if (!row) continue;
    queries.add(`${row.given_name} ${row.family_name}`.trim());
    if (row.family_name) queries.add(row.family_name);
    if (row.given_name.length >= 3) queries.add(row.given_name.slice(0, 3));
    const phone = await db.selectFrom('customer_phones').select('national_digits')
      .where('customer_id', '=', row.id).orderBy('position').limit(1).executeTakeFirst();
    if (phone) queries.add(phone.national_digits);
  }
  return [...queries];
}

/**
 * Checks `target` against `source`, which is read as the snapshot that was copied (`counts`
 * were counted in it). Nothing is written to either.
 */
export async function verifyCopy(source: Archive, target: Archive, counts: TableCounts): Promise<CopyVerification> {
  const there = await countCopiedRows(target.db);
  const countProblems = Object.keys(counts)
    .filter((table) => counts[table] !== there[table])
    .map((table) => `${table}: ${counts[table]} copied, ${there[table] ?? 0} there`);
  const mismatches = await balanceMismatches(target.db);
  const customers = await countBalances(target.db);
  const queries = await sampleQueries(source.db);
  const differing: string[] = [];
  for (const query of queries) {
    const [before, after] = [await search(source, query), await search(target, query)];
    if (JSON.stringify(before) !== JSON.stringify(after)) differing.push(query);
  }
  return {
    counts: countProblems,
    balances: { customers, mismatches: mismatches.length },
    searches: { asked: queries.length, differing },
    ok: countProblems.length === 0 && mismatches.length === 0 && differing.length === 0,
  };
}
