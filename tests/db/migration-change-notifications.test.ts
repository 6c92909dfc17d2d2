import path from 'node:path';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../db/schema.js';
import { openArchive } from '../../db/open.js';
import { migrations } from '../../db/migrations/index.js';
import { postgresMigrations } from '../../db/migrations/postgres/index.js';
import { migratePostgres } from '../../db/migrations/postgres/run.js';
import { migration019 } from '../../db/migrations/019_change_notifications.js';
import { postgresAvailable, postgresKysely, startPostgres, type TestPostgres } from '../support/postgres.js';
import { tempDir } from '../support/services.js';

// Migration 019: the archive tells what changed. On PostgreSQL every statement that changes
// what a screen shows sends one NOTIFY on `counterpart_changes` naming the topic and the
// customers (or "many"); an import of 10,000 rows sends one, not 10,000. On SQLite the step
// is a no-op: an archive with data comes through it as it was.

const before019 = <T extends { version: number }>(steps: readonly T[]) => steps.filter((m) => m.version < migration019.version);
const upTo019 = <T extends { version: number }>(steps: readonly T[]) => steps.filter((m) => m.version <= migration019.version);

async function addCustomer(db: Kysely<DB>, name: string): Promise<number> {
  const row = await db.insertInto('customers')
    .values({ given_name: name, card_number: `CARD-${name}`, search_key: sql<number>`(SELECT coalesce(max(search_key), 0) + 1 FROM customers)`,
      created_at: 1, updated_at: 1, last_seen_at: 1 } as never)
    .returning('id').executeTakeFirstOrThrow();
  return row.id;
}

async function sell(db: Kysely<DB>, customerId: number, cents: number): Promise<void> {
  await db.insertInto('visits')
    .values({ customer_id: customerId, kind: 'purchase', amount_cents: cents, description: '', carry_cents: 0, reverses_id: null, occurred_at: 5 })
    .execute();
}

describe('the change notifications migration (019)', () => {
  it('leaves a SQLite archive and its data as they were', async () => {
    const file = path.join(tempDir(), 'a.sqlite');
    const old = openArchive(file, { migrations: before019(migrations) });
    const truus = await addCustomer(old.db, 'Truus');
    await sell(old.db, truus, 1250);
    await old.close();

    const archive = openArchive(file, { migrations: upTo019(migrations) });
    try {
      expect(archive.schemaVersion).toBe(19);
      expect(await archive.db.selectFrom('customers').select(['id', 'given_name']).execute()).toEqual([{ id: truus, given_name: 'Truus' }]);
      expect(await archive.db.selectFrom('visits').select(['customer_id', 'amount_cents']).execute()).toEqual([{ customer_id: truus, amount_cents: 1250 }]);
    } finally {
      await archive.close();
    }
  });

  describe.skipIf(!postgresAvailable())('on PostgreSQL', () => {
    let server: TestPostgres;
    let db: Kysely<DB>;
    let listener: pg.Client;
    const heard: string[] = [];
    let truus = 0;
    let henk = 0;

    beforeAll(async () => {
      server = await startPostgres();
      const url = await server.createDatabase('changes');
      db = postgresKysely<DB>(url);
      await migratePostgres(db, before019(postgresMigrations));
      truus = await addCustomer(db, 'Truus');
      henk = await addCustomer(db, 'Henk');
      await sell(db, truus, 1250);
      await migratePostgres(db, upTo019(postgresMigrations));
      listener = new pg.Client({ connectionString: url });
      await listener.connect();
      listener.on('notification', (message) => heard.push(message.payload ?? ''));
      await listener.query('LISTEN counterpart_changes');
    }, 120_000);

    afterAll(async () => {
      await listener?.end();
      await db?.destroy();
      await server?.stop();
    });

    /** What the writes sent, in order: a last NOTIFY from the same writer marks the end. */
    const notified = async (writes: () => Promise<void>) => {
      heard.length = 0;
      await writes();
      await sql`SELECT pg_notify('counterpart_changes', 'end')`.execute(db);
      await expect.poll(() => heard.at(-1), { timeout: 5000, interval: 10 }).toBe('end');
      const payloads = heard.slice(0, -1);
      for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThan(8000);
      return payloads.map((p) => JSON.parse(p) as unknown);
    };

    it('kept the data and its schema version', async () => {
      expect(await db.selectFrom('customers').select('given_name').orderBy('id').execute()).toEqual([{ given_name: 'Truus' }, { given_name: 'Henk' }]);
      expect((await sql<{ v: number }>`SELECT max(version) AS v FROM schema_version`.execute(db)).rows[0]?.v).toBe(19);
    });

    it('names the topic and the customers of each statement', async () => {
      expect(await notified(() => sell(db, truus, 990))).toEqual([{ topic: 'loyalty', customers: [truus] }]);
      expect(await notified(async () => {
        await db.insertInto('customer_entries')
          .values({ customer_id: henk, kind: 'note', text: 'Likes tea', staff: '', at: 1, created_at: 1, updated_at: 1 } as never).execute();
      })).toEqual([{ topic: 'memory', customers: [henk] }]);
      expect(await notified(async () => {
        await db.updateTable('customers').set({ family_name: 'Jansen' }).where('id', 'in', [truus, henk]).execute();
      })).toEqual([{ topic: 'customer', customers: [truus, henk].sort((a, b) => a - b) }]);
      expect(await notified(async () => {
        await db.insertInto('print_jobs').values({ kind: 'test', customer_id: null, source_id: null, receipt: '{}', created_at: 1, updated_at: 1 } as never).execute();
      })).toEqual([{ topic: 'receipts', customers: [] }]);
      expect(await notified(async () => {
        await db.insertInto('rewards').values({ name: 'Coffee', cost: 10, kind: 'free_item', created_at: 1, updated_at: 1 } as never).execute();
      })).toEqual([{ topic: 'loyalty', customers: 'many' }]);
    });

    it('sends nothing for what changed nothing a screen shows, nor for what was rolled back', async () => {
      expect(await notified(async () => {
        // Opening a profile marks it seen: a screen refetching on that would write it again.
        await db.updateTable('customers').set({ last_seen_at: 99, search_key: 50_000 }).where('id', '=', truus).execute();
        await db.updateTable('customers').set({ given_name: 'Nobody' }).where('id', '=', -1).execute();
        await db.transaction().execute(async (trx) => {
          await sell(trx, henk, 500);
          throw new Error('changed my mind');
        }).catch(() => {});
      })).toEqual([]);
    });

    it('sends one notification, not one per row, for 10,000 rows written at once', async () => {
      const payloads = await notified(async () => {
        await sql`INSERT INTO customers (given_name, card_number, search_key, created_at, updated_at, last_seen_at)
          SELECT 'Import ' || n, 'IMP-' || n, 1000 + n, 1, 1, 1 FROM generate_series(1, 10000) n`.execute(db);
      });
      expect(payloads).toEqual([{ topic: 'customer', customers: 'many' }]);
    });

    it('lists up to 200 customers and says "many" past them', async () => {
      const ids = (await db.selectFrom('customers').select('id').orderBy('id').limit(201).execute()).map((r) => r.id);
      expect(await notified(async () => {
        await db.updateTable('customers').set({ salutation: 'Mw.' }).where('id', 'in', ids.slice(0, 200)).execute();
      })).toEqual([{ topic: 'customer', customers: ids.slice(0, 200) }]);
      expect(await notified(async () => {
        await db.updateTable('customers').set({ salutation: 'Dhr.' }).where('id', 'in', ids).execute();
      })).toEqual([{ topic: 'customer', customers: 'many' }]);
    });
  });
});
