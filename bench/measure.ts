// The three ways of answering a counter query that the benchmark compares.
import type BetterSqlite3 from 'better-sqlite3';
import type { Api } from '../main/api/dispatch.js';
import type { SearchResult } from '../main/api/customers/schema.js';
import { searchTiers, type TierQuery } from '../db/customers/search-query.js';
import { CARD_NUMBER_PATTERN, normaliseCardNumber } from '../main/core/card-number.js';

export const LIMIT = 20;

export interface Answer {
  /** Did it find anything (a hit, or the card)? */
  found: boolean;
}

export type Runner<Q = string> = (query: Q) => Promise<Answer> | Answer;

/** The real thing: contract validation, handler, Kysely, summaries. */
export function handlerRunner(api: Api): Runner {
  return async (query) => {
    const result = await api.call('customers.search', { query, limit: LIMIT });
    if (!result.ok) throw new Error(`customers.search failed for ${JSON.stringify(query)}: ${result.error.code}`);
    const value = result.value as SearchResult;
    return { found: value.hits.length > 0 || value.card !== null };
  };
}

/** One prepared "keys of this MATCH, most recently seen first" statement per FTS table. */
function matcher(sqlite: BetterSqlite3.Database): (tier: TierQuery, limit: number) => number[] {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return (tier, limit) => {
    let statement = statements.get(tier.table);
    if (!statement) {
      statement = sqlite
        .prepare(`SELECT rowid FROM ${tier.table} WHERE ${tier.table} MATCH ? ORDER BY rowid DESC LIMIT ?`)
        .pluck();
      statements.set(tier.table, statement);
    }
    return statement.all(tier.match, limit) as number[];
  };
}

/**
 * What the handler asks the index, and nothing else: the card lookup (a live card is the
 * whole answer), then the same MATCH strings tier by tier with the same "ask for enough to
 * fill up past repeats" limits. With `rows`, also the summary rows the handler then loads,
 * to show where the rest of the time goes.
 */
export function rawRunner(sqlite: BetterSqlite3.Database, options: { rows?: boolean } = {}): Runner {
  const match = matcher(sqlite);
  const byCard = sqlite.prepare('SELECT archived_at, search_key FROM customers WHERE card_number = ?');
  const summaries = sqlite.prepare(`SELECT c.id, c.given_name, c.name_prefix, c.family_name, c.email,
      c.address_city, c.card_number, c.last_seen_at, c.archived_at, c.search_key,
      (SELECT p.raw FROM customer_phones p WHERE p.customer_id = c.id ORDER BY p.position LIMIT 1) AS phone
    FROM customers c WHERE c.search_key IN (SELECT value FROM json_each(?))`);
  return (query) => {
    const card = normaliseCardNumber(query);
    const owner = CARD_NUMBER_PATTERN.test(card)
      ? (byCard.get(card) as { archived_at: number | null; search_key: number } | undefined)
      : undefined;
    if (owner && owner.archived_at === null) {
      if (options.rows) summaries.all(JSON.stringify([owner.search_key]));
      return { found: true };
    }
    const tiers = searchTiers(query);
    const keys: number[] = [];
    if (tiers) {
      const seen = new Set<number>();
      for (let i = 0; i < tiers.length && keys.length < LIMIT; i++) {
        for (const key of match(tiers[i]!, LIMIT + keys.length)) {
          if (keys.length >= LIMIT) break;
          if (!seen.has(key)) {
            seen.add(key);
            keys.push(key);
          }
        }
      }
    }
    if (options.rows && keys.length > 0) summaries.all(JSON.stringify(keys));
    return { found: keys.length > 0 || owner !== undefined };
  };
}

/** How many shop systems search: a LIKE '%q%' scan of the name, e-mail, phone and card columns. */
export function likeRunner(sqlite: BetterSqlite3.Database): Runner {
  const scan = sqlite.prepare(`SELECT c.id FROM customers c
    WHERE c.archived_at IS NULL AND (c.given_name LIKE @q ESCAPE '\\' OR c.family_name LIKE @q ESCAPE '\\'
      OR c.email LIKE @q ESCAPE '\\' OR c.card_number LIKE @q ESCAPE '\\'
      OR EXISTS (SELECT 1 FROM customer_phones p WHERE p.customer_id = c.id AND p.raw LIKE @q ESCAPE '\\'))
    ORDER BY c.last_seen_at DESC LIMIT ${LIMIT}`).pluck();
  return (query) => {
    const pattern = `%${query.trim().replace(/[\\%_]/g, '\\$&')}%`;
    return { found: scan.all({ q: pattern }).length > 0 };
  };
}

/** Where one query's index time goes: each tier on its own, best of three, with its row count. */
export function tierProfile(sqlite: BetterSqlite3.Database, query: string): { tier: string; ms: number; rows: number }[] {
  const match = matcher(sqlite);
  return (searchTiers(query) ?? []).map((tier) => {
    let best = Infinity;
    let rows = 0;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      rows = match(tier, LIMIT).length;
      best = Math.min(best, performance.now() - t0);
    }
    return { tier: `${tier.table}: ${tier.match}`, ms: best, rows };
  });
}

export interface Timed {
  ms: number[];
  found: number;
}

/**
 * Runs every query `rounds` times, round by round, each method right after the other on
 * the same query (in rotating order), so that a noisy neighbour or a GC pause hits every
 * method alike instead of whichever happened to be running.
 */
export async function timeAll<M extends string, Q = string>(
  runners: Record<M, Runner<Q>>,
  queries: readonly Q[],
  rounds: number,
): Promise<Record<M, Timed>> {
  const methods = Object.keys(runners) as M[];
  const out = Object.fromEntries(methods.map((m) => [m, { ms: [], found: 0 }])) as unknown as Record<M, Timed>;
  for (let r = 0; r < rounds; r++) {
    for (const [i, q] of queries.entries()) {
      for (let k = 0; k < methods.length; k++) {
        const method = methods[(i + r + k) % methods.length]!;
        const t0 = performance.now();
        const answer = await runners[method](q);
        out[method].ms.push(performance.now() - t0);
        if (r === 0 && answer.found) out[method].found++;
      }
    }
  }
  return out;
}
