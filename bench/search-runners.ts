// The counter search as bench/search-postgres.ts and bench/server.ts time it on both
// engines: customers.search's path through the per-engine index, and the query sets the
// standard ones (bench/queries.ts) leave out.
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import * as repo from '../db/customers/repo.js';
import { rankedKeys } from '../db/customers/customer-search-index.js';
import { searchTiers } from '../db/customers/search-query.js';
import { CARD_NUMBER_PATTERN, normaliseCardNumber } from '../main/core/card-number.js';
import { LIMIT, type Runner } from './measure.js';
import { intBelow } from './stats.js';

export /** customers.search's path through the index, on either engine. */
function searchRunner(db: Kysely<DB>): Runner {
  return async (query) => {
    const card = normaliseCardNumber(query);
    const cardRow = CARD_NUMBER_PATTERN.test(card) && /\d/.test(card) ? await repo.summaryByCard(db, card) : undefined;
    if (cardRow && cardRow.archived_at === null) return { found: true };
    const tiers = searchTiers(query);
    const order = tiers ? await rankedKeys(db, tiers, LIMIT) : [];
    const rows = await repo.summariesByKeys(db, order.map((o) => o.key));
    return { found: rows.length > 0 || cardRow !== undefined };
  };
}

export /** Queries the standard sets leave out: a piece from inside a family name, two words, two letters. */
function extraQueries(lite: BetterSqlite3.Database, random: () => number, n: number) {
  const maxId = lite.prepare('SELECT max(id) FROM customers').pluck().get() as number;
  const person = lite.prepare('SELECT given_name, family_name FROM customers WHERE id = ?');
  const anyone = () => person.get(1 + intBelow(random, maxId)) as { given_name: string; family_name: string };
  const inside: string[] = [];
  while (inside.length < n) {
    const family = anyone().family_name.replace(/^(?:van|de|den|der|el|ter|in 't)\s+/i, '').toLowerCase();
    if (family.length < 6) continue;
    const from = 1 + intBelow(random, family.length - 4);
    inside.push(family.slice(from, from + 3 + intBelow(random, 2)));
  }
  const twoWords = Array.from({ length: n }, () => {
    const p = anyone();
    return `${p.given_name} ${p.family_name.split(' ').pop()!.slice(0, 3)}`.toLowerCase();
  });
  const letters = 'abcdefghijklmnoprstuvwz';
  const twoLetters = Array.from({ length: n }, () => letters[intBelow(random, letters.length)]! + letters[intBelow(random, letters.length)]!);
  return { inside, 'two words': twoWords, 'two letters': twoLetters };
}
