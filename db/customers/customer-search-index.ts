import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { isPostgres } from '../engine.js';
import type { SearchDocument } from './search-document.js';
import type { Tiers, TierQuery } from './search-query.js';
import { sqliteSearchIndex } from './search-index.js';
import { postgresSearchIndex } from './search-index-postgres.js';

// The counter search index: what only one engine can do, behind one small interface.
//
// Both engines index the same document (search-document.ts: folded in TypeScript by
// main/core/text.ts, so accents, case and tussenvoegsels fold once, alike for both) under
// the customer's search_key, and answer the same tier queries (search-query.ts). The
// search_key is re-issued whenever a customer is seen, so "highest key first" is "most
// recently seen first" on either engine.
//  - SQLite: two contentless FTS5 tables (search-index.ts).
//  - PostgreSQL: a table of the document's tokens with a btree for exact words and word
//    starts and a pg_trgm GIN index for inside a word (search-index-postgres.ts).

export type SearchTier = 'exact' | 'prefix' | 'inside';

export const SEARCH_TIERS: readonly SearchTier[] = ['exact', 'prefix', 'inside'];

export interface KeyedDocument {
  key: number;
  doc: SearchDocument;
}

export interface CustomerSearchIndex {
  /** Indexes a customer's document under their search key, in the caller's transaction; settles any backlog entry for the key. */
  write(db: Kysely<DB>, key: number, doc: SearchDocument): Promise<void>;
  /**
   * Indexes many documents at once (an import's backlog: search-backlog.ts), in the caller's
   * transaction, in a few statements rather than a few per document. Leaves the backlog to
   * the caller, which takes the whole chunk off in one statement.
   */
  writeMany(db: Kysely<DB>, docs: readonly KeyedDocument[]): Promise<void>;
  /** Takes a search key out of the index (and off the backlog), in the caller's transaction. */
  remove(db: Kysely<DB>, key: number): Promise<void>;
  /** Up to `limit` keys one tier matches, most recently seen (highest key) first. */
  keys(db: Kysely<DB>, tier: TierQuery, limit: number): Promise<number[]>;
}

/** The counter search index of the archive behind `db` (a transaction or connection of it alike). */
export function customerSearchIndex(db: Kysely<DB>): CustomerSearchIndex {
  return isPostgres(db) ? postgresSearchIndex : sqliteSearchIndex;
}

export interface RankedKey {
  key: number;
  tier: SearchTier;
}

/**
 * The counter search's ranking, the same on every engine: tier by tier, strictest first,
 * most recently seen first within a tier, each key once (at its strictest tier), up to
 * `limit`. `alsoMatching` adds keys the index does not hold yet (customers an import queued:
 * main/api/customers/pending-search.ts), merged into each tier in key order.
 */
export async function rankedKeys(
  db: Kysely<DB>,
  tiers: Tiers,
  limit: number,
  alsoMatching?: (tier: TierQuery, want: number) => number[],
): Promise<RankedKey[]> {
  const index = customerSearchIndex(db);
  const order: RankedKey[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < tiers.length && order.length < limit; i++) {
    // A looser tier repeats what a stricter one found: ask for enough to fill up past repeats.
    const want = limit + order.length;
    const indexed = await index.keys(db, tiers[i]!, want);
    const pending = alsoMatching ? alsoMatching(tiers[i]!, want) : [];
    const keys = pending.length === 0 ? indexed : [...new Set([...indexed, ...pending])].sort((a, b) => b - a).slice(0, want);
    for (const key of keys) {
      if (order.length >= limit) break;
      if (seen.has(key)) continue;
      seen.add(key);
      order.push({ key, tier: SEARCH_TIERS[i]! });
    }
  }
  return order;
}
