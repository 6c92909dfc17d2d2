import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../db/schema.js';
import { openArchive } from '../../db/open.js';
import { migrations } from '../../db/migrations/index.js';
import { postgresMigrations } from '../../db/migrations/postgres/index.js';
import { migratePostgres } from '../../db/migrations/postgres/run.js';
import { migration017 } from '../../db/migrations/017_insight_changes.js';
import { ensureSegments } from '../../db/insights/segments.js';
import { insightVersion, readState } from '../../db/insights/state.js';
import { sqlState } from '../../db/transaction.js';
import { postgresAvailable, postgresKysely, startPostgres, type TestPostgres } from '../support/postgres.js';
import { tempDir } from '../support/services.js';

// Migration 017: the insights' change marker without one row every till updates. On
// PostgreSQL the triggers count changes per connection (insight_changes), and the marker is
// insight_state.version plus their sum; on SQLite (one writer at a time) nothing changes.
// On either engine an archive with data keeps its marker through the step, and every
// purchase after it moves the marker on.

const before017 = <T extends { version: number }>(steps: readonly T[]) => steps.filter((m) => m.version < migration017.version);
const upTo017 = <T extends { version: number }>(steps: readonly T[]) => steps.filter((m) => m.version <= migration017.version);

const NOW = Date.parse('2026-12-07T10:00:00Z');

async function addCustomer(db: Kysely<DB>, name: string): Promise<number> {
  const row = await db.insertInto('customers')
    .values({ given_name: name, card_number: `CARD-${name}`, search_key: sql<number>`(SELECT coalesce(max(search_key), 0) + 1 FROM customers)`,
      created_at: 1, updated_at: 1, last_seen_at: 1 } as never)
    .returning('id').executeTakeFirstOrThrow();
  return row.id;
}

async function sell(db: Kysely<DB>, customerId: number, cents: number, at = NOW): Promise<void> {
  await db.insertInto('visits')
    .values({ customer_id: customerId, kind: 'purchase', amount_cents: cents, description: '', carry_cents: 0, reverses_id: null, occurred_at: at })
    .execute();
}

/** Truus bought twice, Kees once, Anna never. */
async function shop(db: Kysely<DB>) {
  const truus = await addCustomer(db, 'Truus');
  const kees = await addCustomer(db, 'Kees');
  const anna = await addCustomer(db, 'Anna');
  await sell(db, truus, 1000, Date.parse('2026-10-05T10:00:00Z'));
  await sell(db, truus, 2500, Date.parse('2026-11-05T10:00:00Z'));
  await sell(db, kees, 800, Date.parse('2026-11-20T10:00:00Z'));
  return { truus, kees, anna };
}

const spends = (db: Kysely<DB>) => db.selectFrom('customer_segments').select(['customer_id', 'spend_cents']).orderBy('customer_id').execute();

describe('the insights change marker migration (017)', () => {
  it('leaves a SQLite archive as it was: every purchase bumps insight_state.version', async () => {
    const file = path.join(tempDir(), 'a.sqlite');
    const old = openArchive(file, { migrations: before017(migrations) });
    const { truus, kees, anna } = await shop(old.db);
    await ensureSegments(old.db, NOW);
    const marker = await insightVersion(old.db);
    await old.close();

    const archive = openArchive(file, { migrations: upTo017(migrations) });
    try {
      expect(archive.schemaVersion).toBe(migration017.version);
      expect(await insightVersion(archive.db)).toBe(marker);
      await sell(archive.db, kees, 1200);
      expect(await insightVersion(archive.db)).toBe(marker + 1);
      expect((await readState(archive.db)).version).toBe(marker + 1);
      await ensureSegments(archive.db, NOW);
      expect(await spends(archive.db)).toEqual([
        { customer_id: truus, spend_cents: 3500 }, { customer_id: kees, spend_cents: 2000 }, { customer_id: anna, spend_cents: 0 },
      ]);
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
      const db = postgresKysely<DB>(await server.createDatabase(`changes_${++databases}`));
      pools.push(db);
      return db;
    };

    /**
     * Two tills ring up a sale at the same moment: two serializable transactions on two
     * connections, each still open while the other writes. What each one's commit came to.
     */
    const twoTillsAtOnce = (db: Kysely<DB>, customers: [number, number]) =>
      Promise.allSettled(customers.map((id) => db.transaction().setIsolationLevel('serializable').execute(async (trx) => {
        await sell(trx, id, 500);
        await sql`SELECT pg_sleep(0.2)`.execute(trx);
      })));

    /**
     * A sale for a customer already marked dirty, while a refresh of the segments that read
     * the months before the sale deletes the marks. What each one's commit came to, and
     * whether the customer is still marked afterwards.
     */
    async function saleWhileRefreshing(db: Kysely<DB>, customerId: number) {
      const sale = db.transaction().setIsolationLevel('serializable').execute(async (trx) => {
        await sell(trx, customerId, 700);
        await sql`SELECT pg_sleep(0.3)`.execute(trx);
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const refresh = db.transaction().setIsolationLevel('serializable').execute(async (trx) => {
        await sql`SELECT count(*) FROM customer_months`.execute(trx);
        await sql`DELETE FROM insight_dirty`.execute(trx);
      });
      const results = await Promise.allSettled([sale, refresh]);
      const marked = await db.selectFrom('insight_dirty').select('customer_id').where('customer_id', '=', customerId).execute();
      return { conflicts: conflicts(results), marked: marked.length === 1 };
    }

    const conflicts = (results: PromiseSettledResult<unknown>[]) =>
      results.filter((r) => r.status === 'rejected').map((r) => sqlState((r as PromiseRejectedResult).reason));

    it('keeps the marker of an archive with data, lets two tills sell at once where the one row made one of them run again, and keeps a sale\'s dirty mark from a refresh', async () => {
      const db = await database();
      await migratePostgres(db, before017(postgresMigrations));
      const { truus, kees, anna } = await shop(db);

      // Before 017 both update insight_state's one row: the second to commit is refused (40001).
      expect(conflicts(await twoTillsAtOnce(db, [truus, kees]))).toEqual(['40001']);
      // And a sale for a customer already marked left the mark alone: a refresh that had not
      // seen the sale deleted it, both committed, and the segments would never see the sale.
      expect(await saleWhileRefreshing(db, kees)).toEqual({ conflicts: [], marked: false });
      // The marker as the code before 017 read it (the code reads the latest schema only).
      const marker = (await db.selectFrom('insight_state').select('version').executeTakeFirstOrThrow()).version;

      expect(await migratePostgres(db)).toMatchObject({ from: migration017.version - 1 });
      expect(await insightVersion(db)).toBe(marker);
      expect(await sql`SELECT * FROM insight_changes`.execute(db).then((r) => r.rows)).toEqual([]);

      // After it, both commit, and each sale moves the marker on; the one row is left alone.
      const stateVersion = (await db.selectFrom('insight_state').select('version').executeTakeFirstOrThrow()).version;
      expect(conflicts(await twoTillsAtOnce(db, [kees, anna]))).toEqual([]);
      // The sale rewrites the mark: the refresh's DELETE waits for it and runs again, and the mark stays.
      await db.insertInto('insight_dirty').values({ customer_id: truus }).onConflict((oc) => oc.doNothing()).execute();
      expect(await saleWhileRefreshing(db, truus)).toEqual({ conflicts: ['40001'], marked: true });
      expect(await insightVersion(db)).toBe(marker + 3);
      expect((await readState(db)).version).toBe(marker + 3);
      expect((await db.selectFrom('insight_state').select('version').executeTakeFirstOrThrow()).version).toBe(stateVersion);
      // Counted in the shards of the connections that sold: at most 1024 rows, whatever the server's age.
      const shards = await sql<{ shard: number; changes: number }>`SELECT shard, changes FROM insight_changes`.execute(db);
      expect(shards.rows.reduce((sum, r) => sum + r.changes, 0)).toBe(3);
      expect(shards.rows.every((r) => r.shard >= 0 && r.shard < 1024)).toBe(true);
      await expect(sql`INSERT INTO insight_changes (shard, changes) VALUES (1024, 1)`.execute(db)).rejects.toThrow(/insight_changes_shard_check/);

      // What else moves the marker moves it still: a new customer, an archived one, a merge's re-pointed visit.
      const piet = await addCustomer(db, 'Piet');
      expect(await insightVersion(db)).toBe(marker + 4);
      await db.updateTable('customers').set({ archived_at: NOW }).where('id', '=', piet).execute();
      expect(await insightVersion(db)).toBe(marker + 5);
      await sql`INSERT INTO customer_merges (merged_id, survivor_id, merged_at) VALUES (${anna}, ${kees}, ${NOW})`.execute(db);
      await db.updateTable('visits').set({ customer_id: kees }).where('customer_id', '=', anna).execute();
      expect(await insightVersion(db)).toBe(marker + 6);

      // And the segments follow the visits: Anna's sale is Kees's now, Piet is archived.
      await ensureSegments(db, NOW);
      const sold = await db.selectFrom('visits').select(['customer_id', sql<number>`sum(amount_cents)`.as('spend_cents')])
        .groupBy('customer_id').orderBy('customer_id').execute();
      expect(sold.map((r) => r.customer_id)).toEqual([truus, kees]);
      expect(await spends(db)).toEqual([...sold, { customer_id: anna, spend_cents: 0 }]);
    });
  });
});
