import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../db/schema.js';
import { openArchive } from '../../db/open.js';
import { migrations } from '../../db/migrations/index.js';
import { postgresMigrations } from '../../db/migrations/postgres/index.js';
import { migratePostgres } from '../../db/migrations/postgres/run.js';
import { migration020 } from '../../db/migrations/020_sale_idempotency.js';
import { postgresAvailable, postgresKysely, startPostgres, type TestPostgres } from '../support/postgres.js';
import { tempDir } from '../support/services.js';

// Migration 020: a sale's idempotency key on its visit. Sales recorded before it keep their
// rows (without a key); a key is unique where present, and like the rest of a visit it
// never changes afterwards.

const before020 = <T extends { version: number }>(steps: readonly T[]) => steps.filter((m) => m.version < migration020.version);
const upTo020 = <T extends { version: number }>(steps: readonly T[]) => steps.filter((m) => m.version <= migration020.version);

async function addCustomer(db: Kysely<DB>, name: string): Promise<number> {
  const row = await db.insertInto('customers')
    .values({ given_name: name, card_number: `CARD-${name}`, search_key: sql<number>`(SELECT coalesce(max(search_key), 0) + 1 FROM customers)`,
      created_at: 1, updated_at: 1, last_seen_at: 1 } as never)
    .returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** A sale as written before 020 (no key column yet). */
async function sellBefore(db: Kysely<DB>, customerId: number, cents: number): Promise<void> {
  await sql`INSERT INTO visits (customer_id, kind, amount_cents, description, carry_cents, occurred_at)
    VALUES (${customerId}, 'purchase', ${cents}, 'oud', 0, 5)`.execute(db);
}

const sell = (db: Kysely<DB>, customerId: number, key: string | null) => db.insertInto('visits')
  .values({ customer_id: customerId, kind: 'purchase', amount_cents: 500, description: '', carry_cents: 0, occurred_at: 6, idempotency_key: key })
  .returning('id').executeTakeFirstOrThrow();

/** What both engines must show after the step, on an archive that had sales before it. */
async function expectKeyedVisits(db: Kysely<DB>, truus: number): Promise<void> {
  expect(await db.selectFrom('visits').select(['customer_id', 'amount_cents', 'description', 'idempotency_key']).execute())
    .toEqual([{ customer_id: truus, amount_cents: 1250, description: 'oud', idempotency_key: null }]);
  // Many sales without a key; one per key.
  await sell(db, truus, null);
  await sell(db, truus, null);
  const keyed = await sell(db, truus, 'till-key-0001');
  await expect(sell(db, truus, 'till-key-0001')).rejects.toThrow(/UNIQUE|duplicate key/i);
  // The key is part of the record: neither changed nor taken off later.
  await expect(db.updateTable('visits').set({ idempotency_key: 'another-key' }).where('id', '=', keyed.id).execute()).rejects.toThrow(/append-only/);
  await expect(db.updateTable('visits').set({ idempotency_key: null }).where('id', '=', keyed.id).execute()).rejects.toThrow(/append-only/);
  await expect(db.updateTable('visits').set({ description: 'anders' }).where('id', '=', keyed.id).execute()).rejects.toThrow(/append-only/);
  expect(await db.selectFrom('visits').select('idempotency_key').where('idempotency_key', 'is not', null).execute()).toEqual([{ idempotency_key: 'till-key-0001' }]);
}

describe('the sale idempotency migration (020)', () => {
  it('keeps the sales of a SQLite archive and gives new ones a unique key that never changes', async () => {
    const file = path.join(tempDir(), 'a.sqlite');
    const old = openArchive(file, { migrations: before020(migrations) });
    const truus = await addCustomer(old.db, 'Truus');
    await sellBefore(old.db, truus, 1250);
    await old.close();

    const archive = openArchive(file, { migrations: upTo020(migrations) });
    try {
      expect(archive.schemaVersion).toBe(20);
      await expectKeyedVisits(archive.db, truus);
    } finally {
      await archive.close();
    }
  });

  describe.skipIf(!postgresAvailable())('on PostgreSQL', () => {
    let server: TestPostgres;
    let db: Kysely<DB>;
    let truus = 0;

    beforeAll(async () => {
      server = await startPostgres();
      db = postgresKysely<DB>(await server.createDatabase('sale_keys'));
      await migratePostgres(db, before020(postgresMigrations));
      truus = await addCustomer(db, 'Truus');
      await sellBefore(db, truus, 1250);
      await migratePostgres(db, upTo020(postgresMigrations));
    }, 120_000);

    afterAll(async () => {
      await db?.destroy();
      await server?.stop();
    });

    it('keeps the sales and gives new ones a unique key that never changes', async () => {
      expect((await sql<{ v: number }>`SELECT max(version) AS v FROM schema_version`.execute(db)).rows[0]?.v).toBe(20);
      await expectKeyedVisits(db, truus);
    });
  });
});
