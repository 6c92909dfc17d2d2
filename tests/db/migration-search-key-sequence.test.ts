import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../db/schema.js';
import { openArchive } from '../../db/open.js';
import { migrations } from '../../db/migrations/index.js';
import { postgresMigrations } from '../../db/migrations/postgres/index.js';
import { migratePostgres } from '../../db/migrations/postgres/run.js';
import { migration015 } from '../../db/migrations/015_search_key_sequence.js';
import { issueSearchKeys, nextSearchKey } from '../../db/customers/search-key.js';
import { postgresAvailable, postgresKysely, startPostgres, type TestPostgres } from '../support/postgres.js';
import { tempDir } from '../support/services.js';

// Migration 015: customers.search_key from a sequence on PostgreSQL, a no-op on SQLite. On
// either engine the next key goes on above the keys an archive already holds (the highest
// key is the most recently seen customer).

const before015 = <T extends { version: number }>(steps: readonly T[]) => steps.filter((m) => m.version < migration015.version);

/** Customers with keys out of order, as re-keying leaves them: the highest is 7. */
const KEYS = [2, 7, 5];

async function addCustomer(db: Kysely<DB>, name: string, key: number | 'next' | 'default'): Promise<number> {
  const values = {
    given_name: name, card_number: `CARD-${name}`, created_at: 1, updated_at: 1, last_seen_at: 1,
    ...(key === 'default' ? {} : { search_key: key === 'next' ? nextSearchKey(db) : key }),
  };
  // The column's default (PostgreSQL) stands in when the key is left out.
  const row = await db.insertInto('customers').values(values as never).returning('search_key').executeTakeFirstOrThrow();
  return Number(row.search_key);
}

describe('the search key migration (015)', () => {
  it('leaves a SQLite archive as it was: the next key is still the highest + 1', async () => {
    const file = path.join(tempDir(), 'a.sqlite');
    const old = openArchive(file, { migrations: before015(migrations) });
    for (const [i, key] of KEYS.entries()) await addCustomer(old.db, `Oud${i}`, key);
    await old.close();

    const archive = openArchive(file, { migrations: migrations.filter((m) => m.version <= migration015.version) });
    try {
      expect(archive.schemaVersion).toBe(migration015.version);
      expect(await addCustomer(archive.db, 'Nieuw', 'next')).toBe(8);
      expect(await issueSearchKeys(archive.db, 3)).toEqual([9, 10, 11]);
      expect(await issueSearchKeys(archive.db, 0)).toEqual([]);
    } finally {
      await archive.close();
    }
  });

  describe.skipIf(!postgresAvailable())('on PostgreSQL', () => {
    let server: TestPostgres;
    const pools: Kysely<DB>[] = [];
    let databases = 0;

    beforeAll(async () => {
      server = await startPostgres();
    }, 120_000);

    afterAll(async () => {
      await Promise.all(pools.map((db) => db.destroy()));
      await server?.stop();
    });

    const database = async () => {
      const db = postgresKysely<DB>(await server.createDatabase(`keys_${++databases}`));
      pools.push(db);
      return db;
    };

    it('starts the sequence above the keys the archive holds, for a till\'s key, the column\'s default and an import\'s keys', async () => {
      const db = await database();
      await migratePostgres(db, before015(postgresMigrations));
      for (const [i, key] of KEYS.entries()) await addCustomer(db, `Oud${i}`, key);

      expect(await migratePostgres(db)).toMatchObject({ from: migration015.version - 1 });
      expect(await addCustomer(db, 'Nieuw', 'next')).toBe(8);
      expect(await addCustomer(db, 'Standaard', 'default')).toBe(9);
      expect(await issueSearchKeys(db, 3)).toEqual([10, 11, 12]);
      expect(await issueSearchKeys(db, 0)).toEqual([]);
    });

    it('starts at 1 on an empty archive, and gives tills taking keys at once each their own', async () => {
      const db = await database();
      await migratePostgres(db);
      expect(await addCustomer(db, 'Eerste', 'next')).toBe(1);
      // Two tills' transactions, open at the same time, neither reading the other's key.
      const tills = await Promise.all([1, 2].map(() => db.transaction().setIsolationLevel('serializable').execute(async (trx) => {
        const keys = await issueSearchKeys(trx, 5);
        await sql`SELECT pg_sleep(0.05)`.execute(trx);
        return keys;
      })));
      const all = tills.flat();
      expect(new Set(all).size).toBe(10);
      expect(Math.min(...all)).toBe(2);
      for (const keys of tills) expect(keys).toEqual([...keys].sort((a, b) => a - b));
    });
  });
});
