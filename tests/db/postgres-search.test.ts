import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../db/schema.js';
import { openArchive } from '../../db/open.js';
import type { Archive } from '../../db/archive.js';
import * as repo from '../../db/customers/repo.js';
import { customerSearchIndex, rankedKeys } from '../../db/customers/customer-search-index.js';
import { postgresSearchIndex, tierStatement, writeDocuments } from '../../db/customers/search-index-postgres.js';
import { sqliteSearchIndex } from '../../db/customers/search-index.js';
import { searchTiers } from '../../db/customers/search-query.js';
import { generateCardNumber, normaliseCardNumber, CARD_NUMBER_PATTERN } from '../../main/core/card-number.js';
import { normalisePhone } from '../../main/core/phone.js';
import { displayName } from '../../main/api/customers/mappers.js';
import { postgresAvailable, postgresKysely, startMigratedPostgres, type TestPostgres } from '../support/postgres.js';
import { tempDir } from '../support/services.js';

// The counter search index on both engines (db/customers/customer-search-index.ts), through
// the repository that writes it and the ranking the handler uses: the behaviour cases of
// tests/api/search.test.ts, run case for case against SQLite's FTS5 index and PostgreSQL's
// token table, on a real server (tests/support/postgres.ts). Both engines must give the same
// answers in the same order.

type Db = Kysely<DB>;

interface Person {
  givenName: string;
  namePrefix?: string;
  familyName?: string;
  phones?: string[];
  email?: string;
}

/** Like customers.create: a customer, their phones and their search document, in one transaction. */
async function add(db: Db, p: Person, now: number, random: () => number): Promise<repo.CustomerRow> {
  const phones = (p.phones ?? []).map((raw) => {
    const n = normalisePhone(raw, 'NL')!;
    return { raw, e164: n.e164, national_digits: n.nationalDigits };
  });
  return db.transaction().execute((trx) => repo.insertCustomer(trx, {
    given_name: p.givenName, name_prefix: p.namePrefix ?? '', family_name: p.familyName ?? '', salutation: '',
    email: p.email ?? null, address_street: '', address_postal_code: '', address_city: '',
    birthday_day: null, birthday_month: null, birth_year: null, preferred_channel: null,
    language: 'nl', marketing_consent: 0, consent_changed_at: null, card_number: generateCardNumber(random),
  }, phones, now));
}

interface Hit {
  id: number;
  name: string;
  tier: string;
}

/** What customers.search does with the index: a live card is the whole answer, else the tiers. */
async function search(db: Db, query: string, limit = 20): Promise<{ hits: Hit[]; card: number | null }> {
  const card = normaliseCardNumber(query);
  const cardRow = CARD_NUMBER_PATTERN.test(card) && /\d/.test(card) ? await repo.summaryByCard(db, card) : undefined;
  if (cardRow && cardRow.archived_at === null) return { hits: [{ id: cardRow.id, name: displayName(cardRow), tier: 'exact' }], card: cardRow.id };
  const tiers = searchTiers(query);
  const order = tiers ? await rankedKeys(db, tiers, limit) : [];
  const rows = new Map((await repo.summariesByKeys(db, order.map((o) => o.key))).map((r) => [r.search_key, r]));
  const hits = order.flatMap(({ key, tier }) => {
    const row = rows.get(key);
    return row && row.archived_at === null ? [{ id: row.id, name: displayName(row), tier }] : [];
  });
  return { hits, card: cardRow?.id ?? null };
}

const names = async (db: Db, query: string) => (await search(db, query)).hits.map((h) => h.name);

const SHOP: Record<string, Person> = {
  jose: { givenName: 'José', namePrefix: 'van den', familyName: 'Berg', phones: ['06-12345678'], email: 'jose.berg@example.nl' },
  unal: { givenName: 'Ünal', familyName: 'Yılmaz', phones: ['+31 6 2345 6789'] },
  oyvind: { givenName: 'Øyvind', familyName: 'Hansen', phones: ['0031 10 123 4567'] },
  marieke: { givenName: 'Marieke', namePrefix: "in 't", familyName: 'Veld', email: 'marieke@veld.be', phones: ['+32 470 12 34 56'] },
  bergman: { givenName: 'Jan', familyName: 'Bergman' },
  ijsberg: { givenName: 'Kees', familyName: 'IJsberg' },
};

const runPostgres = postgresAvailable();

describe('the counter search index on either engine', () => {
  let server: TestPostgres | undefined;
  const pools: Db[] = [];
  const archives: Archive[] = [];
  let databases = 0;

  beforeAll(async () => {
    if (!runPostgres) return;
    server = await startMigratedPostgres();
  }, 120_000);

  afterAll(async () => {
    await Promise.all(pools.map((db) => db.destroy()));
    await Promise.all(archives.map((a) => a.close()));
    await server?.stop();
  });

  const ENGINES = [
    ['SQLite', false],
    ['PostgreSQL', true],
  ] as const;

  /** An empty, migrated archive on the engine; its own clock and card numbers. */
  async function archiveOn(postgres: boolean) {
    let db: Db;
    if (postgres) {
      db = postgresKysely<DB>(await server!.createDatabase(`search_${++databases}`, { template: 'migrated' }));
      pools.push(db);
    } else {
      const archive = openArchive(path.join(tempDir(), 'sqliteArchive(archive).sqlite'));
      archives.push(archive);
      db = archive.db;
    }
    let now = Date.UTC(2026, 10, 25, 10);
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    return {
      db,
      add: (p: Person) => add(db, p, ++now, random),
      seen: (id: number) => db.transaction().execute((trx) => repo.markSeen(trx, id, ++now)),
    };
  }

  async function shop(postgres: boolean) {
    const a = await archiveOn(postgres);
    const people: Record<string, repo.CustomerRow> = {};
    for (const [key, person] of Object.entries(SHOP)) people[key] = await a.add(person);
    return { ...a, people };
  }

  describe.each(ENGINES)('%s', (_engine, postgres) => {
    it.runIf(!postgres || runPostgres)('uses its own engine’s index', async () => {
      const { db } = await archiveOn(postgres);
      expect(customerSearchIndex(db)).toBe(postgres ? postgresSearchIndex : sqliteSearchIndex);
    });

    it.runIf(!postgres || runPostgres)('is blind to accents and case', async () => {
      const { db } = await shop(postgres);
      for (const q of ['jose', 'JOSÉ', 'José']) expect(await names(db, q), q).toEqual(['José van den Berg']);
      for (const q of ['unal', 'ünal', 'yilmaz']) expect(await names(db, q), q).toEqual(['Ünal Yılmaz']);
      expect(await names(db, 'oyv')).toEqual(['Øyvind Hansen']);
    });

    it.runIf(!postgres || runPostgres)('finds by any word prefix, tussenvoegsels included, and by the joined family name', async () => {
      const { db } = await shop(postgres);
      expect(await names(db, 'van den berg')).toEqual(['José van den Berg']);
      expect(await names(db, 'vandenberg')).toEqual(['José van den Berg']);
      expect(await names(db, 'jose berg')).toEqual(['José van den Berg']);
      expect(await names(db, 'denb')).toEqual(['José van den Berg']);
      expect(await names(db, "in 't veld")).toEqual(["Marieke in 't Veld"]);
    });

    it.runIf(!postgres || runPostgres)('ranks exact words before word starts before inside a word, whoever was seen last', async () => {
      const { db, people, seen } = await shop(postgres);
      await seen(people.ijsberg!.id);
      expect((await search(db, 'berg')).hits.map((h) => [h.name, h.tier])).toEqual([
        ['José van den Berg', 'exact'],
        ['Jan Bergman', 'prefix'],
        ['Kees IJsberg', 'inside'],
      ]);
    });

    it.runIf(!postgres || runPostgres)('puts the most recently seen first among equal matches', async () => {
      const { db, add: addOne, seen } = await archiveOn(postgres);
      const older = await addOne({ givenName: 'Anna', familyName: 'de Jong' });
      const newer = await addOne({ givenName: 'Anna', familyName: 'Bakker' });
      expect((await search(db, 'anna')).hits.map((h) => h.id)).toEqual([newer.id, older.id]);
      await seen(older.id);
      expect((await search(db, 'anna')).hits.map((h) => h.id)).toEqual([older.id, newer.id]);
    });

    it.runIf(!postgres || runPostgres)('finds phone numbers by any three or more digits, however typed or stored', async () => {
      const { db } = await shop(postgres);
      for (const q of ['0612', '+31 6 12', '612 34', '06-1234 5678', '0031 6 1234', '0031612345678', '+31 6 1234 5678', '12345678']) {
        expect(await names(db, q), q).toEqual(['José van den Berg']);
      }
      expect(await names(db, '06 23 45')).toEqual(['Ünal Yılmaz']);
      expect(await names(db, '010-123')).toEqual(['Øyvind Hansen']);
      expect(await names(db, '0470 12')).toEqual(["Marieke in 't Veld"]);
      expect(await names(db, '+32 470')).toEqual(["Marieke in 't Veld"]);
      expect(await names(db, '06')).toEqual([]);
    });

    it.runIf(!postgres || runPostgres)('takes phone numbers written with (0) or an area code in brackets, and finds them as written', async () => {
      const { db, add: addOne } = await archiveOn(postgres);
      await addOne({ givenName: 'Haakjes', phones: ['+31 (0)6 57935840'] });
      await addOne({ givenName: 'Vaste', familyName: 'Lijn', phones: ['(020) 1234567'] });
      expect(await names(db, '+31 (0)6 5793')).toEqual(['Haakjes']);
      expect(await names(db, '(020) 123')).toEqual(['Vaste Lijn']);
    });

    it.runIf(!postgres || runPostgres)('finds by e-mail, whole or in part', async () => {
      const { db } = await shop(postgres);
      expect(await names(db, 'jose.berg@example.nl')).toEqual(['José van den Berg']);
      expect(await names(db, 'marieke@ve')).toEqual(["Marieke in 't Veld"]);
    });

    it.runIf(!postgres || runPostgres)('recognises a whole card number, and finds a card by its first digits', async () => {
      const { db, people } = await shop(postgres);
      const whole = await search(db, ` ${people.unal!.card_number} `);
      expect(whole.card).toBe(people.unal!.id);
      expect(whole.hits).toEqual([{ id: people.unal!.id, name: 'Ünal Yılmaz', tier: 'exact' }]);
      const prefix = await search(db, people.oyvind!.card_number.slice(0, 9));
      expect(prefix.hits.map((h) => h.id)).toContain(people.oyvind!.id);
      expect(prefix.card).toBeNull();
    });

    it.runIf(!postgres || runPostgres)('answers nonsense, one letter and FTS syntax with nothing, never an error', async () => {
      const { db } = await shop(postgres);
      for (const q of ['j', '', '"', 'AND OR NOT', 'berg*', 'name:jose', '(((', '💐', 'x'.repeat(200), '%', '_', "jo'; DROP TABLE customers; --"]) {
        const result = await search(db, q);
        expect(result.hits.every((h) => h.name !== ''), q).toBe(true);
      }
      expect(await names(db, 'berg*')).toContain('José van den Berg');
      expect(await names(db, 'name:jose')).toEqual([]);
    });

    it.runIf(!postgres || runPostgres)('respects the limit, filling from the looser tiers', async () => {
      const { db, add: addOne } = await archiveOn(postgres);
      for (let i = 0; i < 8; i++) await addOne({ givenName: i < 4 ? 'Piet' : 'Pieter' });
      expect((await search(db, 'piet', 6)).hits.map((h) => h.tier)).toEqual(['exact', 'exact', 'exact', 'exact', 'prefix', 'prefix']);
    });

    it.runIf(!postgres || runPostgres)('finds two-letter starts and insides as SQLite’s tails do, and no shorter tail', async () => {
      const { db, add: addOne } = await archiveOn(postgres);
      await addOne({ givenName: 'Kees', familyName: 'Jansen' });
      await addOne({ givenName: 'Ria', familyName: 'Berg' });
      expect(await names(db, 'an')).toEqual(['Kees Jansen']); // "ansen" is a tail of jansen
      expect(await names(db, 'rg')).toEqual([]); // "rg" would be a tail of two letters: none is kept
      expect(await names(db, 'en')).toEqual([]); // likewise the end of jansen
      expect(await names(db, 'ns')).toEqual(['Kees Jansen']);
      // Letters beyond a-z are found inside a word too (PostgreSQL's trigram index reads them as "q").
      await addOne({ givenName: 'Иван', familyName: 'Петров' });
      expect(await names(db, 'ва')).toEqual(['Иван Петров']);
      expect(await names(db, 'тро')).toEqual(['Иван Петров']);
      expect(await names(db, 'qq')).toEqual([]);
      expect(await names(db, 'иван ро')).toEqual(['Иван Петров']);
    });

    it.runIf(!postgres || runPostgres)('loses a customer from the index when archived or taken out, and finds them again restored', async () => {
      const { db, people } = await shop(postgres);
      const jose = people.jose!;
      await db.transaction().execute((trx) => repo.setArchived(trx, jose.id, 1, 1));
      for (const q of ['jose', 'berg', '0612', 'jose.berg@example.nl']) expect(await names(db, q), q).not.toContain('José van den Berg');
      await db.transaction().execute((trx) => repo.setArchived(trx, jose.id, null, 2));
      expect(await names(db, 'jose')).toEqual(['José van den Berg']);
      // What erasing and merging do (db/privacy/erase.ts, merge.ts): nothing of the document is left.
      const row = (await repo.getCustomerRow(db, jose.id))!;
      await db.transaction().execute((trx) => customerSearchIndex(trx).remove(trx, row.search_key));
      for (const q of ['jose', 'vandenberg', 'denb', '12345678', '345', 'jose.berg@example.nl', 'example']) {
        expect(await names(db, q), q).not.toContain('José van den Berg');
      }
      if (postgres) {
        expect(Number((await sql<{ n: number }>`SELECT count(*) AS n FROM customer_search WHERE search_key = ${row.search_key}`.execute(db)).rows[0]!.n)).toBe(0);
      }
    });
  });

  describe.runIf(runPostgres)('PostgreSQL’s plans', () => {
    it('answer each tier from its index on a table of many customers', async () => {
      const { db } = await archiveOn(true);
      // 20,000 made-up documents (the tier statements read customer_search alone).
      let seed = 11;
      const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
      const word = (length: number) => Array.from({ length }, () => 'abcdefghijklmnopqrstuvwxyz'[Math.floor(random() * 26)]).join('');
      const digits = (length: number) => Array.from({ length }, () => Math.floor(random() * 10)).join('');
      const docs = Array.from({ length: 20_000 }, (_, i) => {
        const [given, family, phone] = [word(5 + (i % 4)), word(6 + (i % 5)), `06${digits(8)}`];
        const doc = { name: `${given} ${family}`, name_inner: '', email: `${given}${family}example nl`, phone: `${phone} 31${phone.slice(1)}`, phone_inner: '', card: `2${digits(12)}` };
        return { key: i + 1, doc };
      });
      await writeDocuments(db, docs);
      await sql`VACUUM ANALYZE customer_search`.execute(db);
      const { name, phone: phones } = docs[12_345]!.doc;
      const [given, family] = name.split(' ') as [string, string];
      const phone = phones.split(' ')[0]!;
      for (const [query, tier, index] of [
        [family, 0, 'customer_search_token'],
        [family.slice(0, 4), 1, 'customer_search_token'],
        [family.slice(1, 5), 2, 'customer_search_inside'],
        [`${given} ${family}`, 0, 'customer_search_token'],
        [phone, 0, 'customer_search_token'],
        [phone.slice(0, 7), 1, 'customer_search_token'],
        [phone.slice(3, 9), 2, 'customer_search_inside'],
      ] as const) {
        const statement = tierStatement(searchTiers(query)![tier], 20).compile(db);
        const { rows } = await db.executeQuery<{ 'QUERY PLAN': string }>({ ...statement, sql: `EXPLAIN ${statement.sql}` });
        const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
        expect(plan, `${query}\n${plan}`).toContain(index);
        expect(plan, `${query}\n${plan}`).not.toMatch(/Seq Scan/);
        expect((await tierStatement(searchTiers(query)![tier], 20).execute(db)).rows.map((r) => Number(r.search_key)), query).toContain(12_346);
      }
    });
  });
});
