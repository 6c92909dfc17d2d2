import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../db/schema.js';
import { openArchive } from '../../db/open.js';
import { migrations } from '../../db/migrations/index.js';
import { postgresMigrations } from '../../db/migrations/postgres/index.js';
import { migratePostgres } from '../../db/migrations/postgres/run.js';
import { migration018 } from '../../db/migrations/018_tag_counts_per_statement.js';
import { postgresAvailable, postgresKysely, startPostgres, type TestPostgres } from '../support/postgres.js';
import { tempDir } from '../support/services.js';

// Migration 018: tags.customer_count kept once per statement on PostgreSQL (an import giving
// one tag to thousands of customers updated that tag's row once per customer); a no-op on
// SQLite. On either engine the counts an archive has are kept through the step, and after
// it every statement — many rows at once, as an import writes them — leaves each tag
// counting exactly its customers who are not archived.

const before018 = <T extends { version: number }>(steps: readonly T[]) => steps.filter((m) => m.version < migration018.version);
const upTo018 = <T extends { version: number }>(steps: readonly T[]) => steps.filter((m) => m.version <= migration018.version);

const NOW = Date.parse('2026-12-07T10:00:00Z');
const CUSTOMERS = 300;

/** Customers 1…n in one statement; every tenth one archived. Their ids, in order. */
async function addCustomers(db: Kysely<DB>, from: number, count: number): Promise<number[]> {
  const rows = await db.insertInto('customers')
    .values(Array.from({ length: count }, (_, k) => {
      const i = from + k;
      return { given_name: `Klant${i}`, card_number: `CARD-${i}`, search_key: i, created_at: 1, updated_at: 1, last_seen_at: 1,
        archived_at: i % 10 === 0 ? NOW : null } as never;
    }))
    .returning('id').execute();
  return rows.map((r) => r.id);
}

async function addTag(db: Kysely<DB>, name: string): Promise<number> {
  const row = await db.insertInto('tags').values({ name, folded: name.toLowerCase(), created_at: NOW }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Gives `tag` to every customer `which` picks, in one statement (as an import's chunk does). */
const tagAll = (db: Kysely<DB>, tag: number, which: (ids: number[]) => number[], ids: number[]) =>
  db.insertInto('customer_tags')
    .values(which(ids).map((id) => ({ customer_id: id, tag_id: tag, staff: '', created_at: NOW })))
    .onConflict((oc) => oc.doNothing())
    .execute();

/** Each tag's kept count beside its customers counted now: what the tag list shows and what is true. */
async function counts(db: Kysely<DB>) {
  const rows = await db.selectFrom('tags as t')
    .leftJoin('customer_tags as ct', 'ct.tag_id', 't.id')
    .leftJoin('customers as c', 'c.id', 'ct.customer_id')
    .select(['t.name', 't.customer_count', sql<number>`sum(CASE WHEN c.id IS NOT NULL AND c.archived_at IS NULL THEN 1 ELSE 0 END)`.as('holders')])
    .groupBy(['t.id', 't.name', 't.customer_count'])
    .orderBy('t.id')
    .execute();
  return rows.map((r) => ({ name: r.name, kept: Number(r.customer_count), holders: Number(r.holders) }));
}

const kept = async (db: Kysely<DB>) => Object.fromEntries((await counts(db)).map((r) => [r.name, r.kept]));

/** A shop before 018: three interests given in bulk, some customers archived since. */
async function shop(db: Kysely<DB>) {
  const ids = await addCustomers(db, 1, CUSTOMERS);
  const poezie = await addTag(db, 'Poëzie');
  const fietsen = await addTag(db, 'Fietsen');
  const vip = await addTag(db, 'Vip');
  await tagAll(db, poezie, (all) => all, ids);
  await tagAll(db, fietsen, (all) => all.filter((_, k) => k % 3 === 0), ids);
  await tagAll(db, vip, (all) => all.slice(0, 12), ids);
  // Archived later: their tags stop counting (customers 2, 4, 6, 8); one is restored.
  await db.updateTable('customers').set({ archived_at: NOW }).where('id', 'in', [ids[1]!, ids[3]!, ids[5]!, ids[7]!]).execute();
  await db.updateTable('customers').set({ archived_at: null }).where('id', '=', ids[7]!).execute();
  return { ids, poezie, fietsen, vip };
}

/** 300 customers, 30 archived at the start and 3 since: 267 count (Fietsen: 100 given, 11 archived; Vip: 12 given, 4 archived). */
const BEFORE = { 'Poëzie': 267, Fietsen: 89, Vip: 8 };

/** After the step: bulk writes on the archive, each checked against its customers counted again. */
async function bulkWrites(db: Kysely<DB>, shop: { ids: number[]; poezie: number; fietsen: number; vip: number }) {
  const { ids, poezie, fietsen, vip } = shop;
  const honest = async () => (await counts(db)).forEach((r) => expect(r, r.name).toMatchObject({ kept: r.holders }));

  // An import's chunk: 200 new customers (20 archived) given Poëzie, with the ones who have it already.
  const added = await addCustomers(db, CUSTOMERS + 1, 200);
  await tagAll(db, poezie, (all) => all, [...ids, ...added]);
  expect(await kept(db)).toEqual({ ...BEFORE, 'Poëzie': 267 + 180 });
  await honest();

  // Vip for everyone in one statement: the archived ones get it too, and are not counted.
  await tagAll(db, vip, (all) => all, [...ids, ...added]);
  expect((await kept(db)).Vip).toBe(267 + 180);
  await honest();

  // Rewriting who gave the tag changes no count.
  await db.updateTable('customer_tags').set({ staff: 'Eva' }).where('tag_id', '=', poezie).execute();
  expect((await kept(db))['Poëzie']).toBe(447);

  // Archiving 50 customers at once, then restoring them: their tags leave the counts and come back.
  const fifty = added.filter((_, k) => (CUSTOMERS + 1 + k) % 10 !== 0).slice(0, 50);
  await db.updateTable('customers').set({ archived_at: NOW }).where('id', 'in', fifty).execute();
  expect(await kept(db)).toEqual({ 'Poëzie': 397, Fietsen: 89, Vip: 397 });
  await honest();
  await db.updateTable('customers').set({ archived_at: null }).where('id', 'in', fifty).execute();
  expect(await kept(db)).toEqual({ 'Poëzie': 447, Fietsen: 89, Vip: 447 });

  // Bulk deletes, one statement each: every Fietsen, then Poëzie and Vip for every second customer
  // (archived ones among them, who were not counted and are not taken off).
  await db.deleteFrom('customer_tags').where('tag_id', '=', fietsen).execute();
  await db.deleteFrom('customer_tags').where('customer_id', 'in', [...ids, ...added].filter((_, k) => k % 2 === 0)).execute();
  await honest();
  expect((await kept(db)).Fietsen).toBe(0);
  expect((await kept(db))['Poëzie']).toBe((await counts(db)).find((r) => r.name === 'Poëzie')!.holders);

  // A statement that fails changes nothing: a tag for a customer who does not exist.
  const beforeFailure = await kept(db);
  await expect(db.insertInto('customer_tags')
    .values([{ customer_id: ids[1]!, tag_id: fietsen, staff: '', created_at: NOW }, { customer_id: 999_999, tag_id: fietsen, staff: '', created_at: NOW }])
    .execute()).rejects.toThrow();
  expect(await kept(db)).toEqual(beforeFailure);

  // And everything off: every count back to nought.
  await db.deleteFrom('customer_tags').execute();
  expect(await kept(db)).toEqual({ 'Poëzie': 0, Fietsen: 0, Vip: 0 });
}

describe('the tag counts migration (018)', () => {
  it('keeps a SQLite archive\'s counts, and its per-row triggers keep counting bulk writes', async () => {
    const file = path.join(tempDir(), 'a.sqlite');
    const old = openArchive(file, { migrations: before018(migrations) });
    const data = await shop(old.db);
    expect(await kept(old.db)).toEqual(BEFORE);
    await old.close();

    const archive = openArchive(file, { migrations: upTo018(migrations) });
    try {
      expect(archive.schemaVersion).toBe(migration018.version);
      expect(await kept(archive.db)).toEqual(BEFORE);
      await bulkWrites(archive.db, data);
    } finally {
      await archive.close();
    }
  });

  describe.skipIf(!postgresAvailable())('on PostgreSQL', () => {
    let server: TestPostgres;
    let db: Kysely<DB>;

    beforeAll(async () => {
      server = await startPostgres();
      db = postgresKysely<DB>(await server.createDatabase('tag_counts'));
    }, 120_000);

    afterAll(async () => {
      await db?.destroy();
      await server?.stop();
    });

    it('keeps the counts of an archive with data, and counts each bulk statement once per tag, as the rows were counted before', async () => {
      await migratePostgres(db, before018(postgresMigrations));
      const data = await shop(db);
      expect(await kept(db)).toEqual(BEFORE);

      expect(await migratePostgres(db)).toMatchObject({ from: migration018.version - 1 });
      expect(await kept(db)).toEqual(BEFORE);
      // Counted per statement now, over the statement's rows.
      const triggers = await sql<{ trigger_name: string; event_manipulation: string; action_orientation: string }>`
        SELECT trigger_name, event_manipulation, action_orientation FROM information_schema.triggers
        WHERE event_object_table = 'customer_tags' AND trigger_name LIKE 'customer_tags_count_%' ORDER BY trigger_name`.execute(db);
      expect(triggers.rows).toEqual([
        { trigger_name: 'customer_tags_count_d', event_manipulation: 'DELETE', action_orientation: 'STATEMENT' },
        { trigger_name: 'customer_tags_count_i', event_manipulation: 'INSERT', action_orientation: 'STATEMENT' },
      ]);

      await bulkWrites(db, data);

      // One statement tagging 20,000 customers: the tag's row is written once, not 20,000 times.
      const many = await addCustomersInChunks(db, 1_000, 20_000);
      const busy = await addTag(db, 'Druk');
      const updates = await db.transaction().execute(async (trx) => {
        await trx.insertInto('customer_tags').columns(['customer_id', 'tag_id', 'staff', 'created_at'])
          .expression(trx.selectFrom('customers').select(['id', sql<number>`${busy}`.as('tag_id'), sql<string>`''`.as('staff'), sql<number>`${NOW}`.as('created_at')])
            .where('id', '>=', many[0]!))
          .execute();
        return tagRowUpdates(trx);
      });
      expect(updates).toBe(1);
      expect((await kept(db)).Druk).toBe(many.length - many.length / 10);
      // TRUNCATE stays refused: it would skip the counts.
      await expect(sql`TRUNCATE customer_tags`.execute(db)).rejects.toThrow(/customer tags are counted/);
    }, 60_000);
  });
});

/** Customers from `from` on, `count` of them, a thousand a statement (the parameters' limit). */
async function addCustomersInChunks(db: Kysely<DB>, from: number, count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let k = 0; k < count; k += 1000) ids.push(...await addCustomers(db, from * 1000 + k, Math.min(1000, count - k)));
  return ids;
}

/** Rows of tags updated so far in this transaction, as the server counts them. */
async function tagRowUpdates(trx: Kysely<DB>): Promise<number> {
  const row = await sql<{ n: number }>`SELECT n_tup_upd AS n FROM pg_stat_xact_user_tables WHERE relname = 'tags'`.execute(trx);
  return Number(row.rows[0]?.n ?? 0);
}
