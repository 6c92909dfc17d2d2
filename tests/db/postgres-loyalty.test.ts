import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../db/archive.js';
import type { DB } from '../../db/schema.js';
import * as repo from '../../db/loyalty/repo.js';
import { engineOf } from '../../db/engine.js';
import { ArchiveBusyError, RETRY_ATTEMPTS, writeTransaction } from '../../db/transaction.js';
import { createApi, toApiError, type Api } from '../../main/api/dispatch.js';
import type { Deps } from '../../main/api/deps.js';
import type { Result } from '../../main/api/errors.js';
import type { CounterResult } from '../../main/api/loyalty/schema.js';
import { earn } from '../../main/core/loyalty/rules.js';
import { loadProgram } from '../../main/api/loyalty/service.js';
import { postgresAvailable, postgresKysely, startMigratedPostgres, type TestPostgres } from '../support/postgres.js';

// The loyalty counter on a shared PostgreSQL archive: the same handlers, service and
// repository the SQLite archive runs (main/api/loyalty/, db/loyalty/repo.ts), called through
// the dispatcher, with each till its own pool of connections to one server. What
// tests/api/loyalty*.test.ts prove of one file, proven here of a server several tills
// write at once: the ledger adds up to the kept balance, the last reward goes to one till,
// a repeated redemption is one, and a serialization conflict is retried, never `internal`.

type Db = Kysely<DB>;
type Answer<T> = Result<T>;

interface Till {
  db: Db;
  api: Api;
  /** Whatever the dispatcher logged as `internal`: must stay empty. */
  internal: unknown[];
}

let cards = 0;

async function insertCustomer(db: Db, name: string): Promise<number> {
  const row = await db.insertInto('customers').values({
    given_name: name, name_prefix: '', family_name: '', salutation: '', email: null,
    address_street: '', address_postal_code: '', address_city: '',
    birthday_day: null, birthday_month: null, birth_year: null, preferred_channel: null,
    language: 'nl', marketing_consent: 0, consent_changed_at: null, card_number: `CARD-${++cards}`,
    search_key: sql<number>`(SELECT coalesce(max(search_key), 0) + 1 FROM customers)`,
    created_at: 1, updated_at: 1, last_seen_at: 1, archived_at: null,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

const ledgerSum = async (db: Db, customerId: number) =>
  Number((await sql<{ s: number }>`SELECT coalesce(sum(amount), 0) AS s FROM ledger_entries WHERE customer_id = ${customerId}`.execute(db)).rows[0]!.s);

const count = async (db: Db, query: ReturnType<typeof sql<{ n: number }>>) => Number((await query.execute(db)).rows[0]!.n);

describe.skipIf(!postgresAvailable())('the loyalty counter on a shared PostgreSQL archive', () => {
  let server: TestPostgres;
  const pools: Db[] = [];
  let databases = 0;

  beforeAll(async () => {
    server = await startMigratedPostgres();
  }, 120_000);

  afterAll(async () => {
    await Promise.all(pools.map((db) => db.destroy()));
    await server?.stop();
  });

  /** A fresh migrated archive on the server, and `n` tills with a pool each. */
  async function shop(n: number): Promise<{ url: string; tills: Till[] }> {
    const url = await server.createDatabase(`shop_${++databases}`, { template: 'migrated' });
    const tills = Array.from({ length: n }, () => till(url));
    // Every pool connected before the race starts, as at a shop that is open.
    await Promise.all(tills.flatMap((t) => Array.from({ length: 2 }, () => sql`SELECT 1`.execute(t.db))));
    return { url, tills };
  }

  function till(url: string): Till {
    const db = postgresKysely<DB>(url);
    pools.push(db);
    const internal: unknown[] = [];
    const deps = {
      archive: { db } as unknown as Archive,
      clock: () => Date.now(),
      random: () => Math.floor(Math.random() * 1e10),
    } as unknown as Deps;
    return { db, api: createApi(deps, { log: (_message, error) => internal.push(error) }), internal };
  }

  const call = <T>(t: Till, name: string, input: unknown) => t.api.call(name, input) as Promise<Answer<T>>;
  async function ok<T>(t: Till, name: string, input: unknown): Promise<T> {
    const result = await call<T>(t, name, input);
    if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
    return result.value;
  }

  /** Until `n` backends of this database wait for a row lock (the tills behind the held row). */
  async function untilWaitingForLock(db: Db, n: number): Promise<void> {
    const query = sql<{ n: number }>`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
    const giveUp = Date.now() + 10_000;
    while ((await count(db, query)) < n) {
      if (Date.now() > giveUp) throw new Error(`fewer than ${n} tills came to wait for the held row`);
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  /**
   * Holds the customer's balance row locked (another till's transaction) until `release`,
   * so the calls started meanwhile are all inside their transactions, past their reads,
   * when it lets go.
   */
  function holdBalanceRow(db: Db, customerId: number) {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const done = db.transaction().execute(async (trx) => {
      await sql`SELECT balance FROM loyalty_balances WHERE customer_id = ${customerId} FOR UPDATE`.execute(trx);
      locked();
      await released;
    });
    return { isLocked, release, done };
  }

  it('detects the engine from the Kysely instance, its transactions and connections alike', async () => {
    const { tills: [t] } = await shop(1);
    expect(engineOf(t!.db)).toBe('postgres');
    await t!.db.transaction().execute(async (trx) => expect(engineOf(trx)).toBe('postgres'));
    await t!.db.connection().execute(async (conn) => expect(engineOf(conn)).toBe('postgres'));
    const isolation = await writeTransaction(t!.db, async (trx) => (await sql<{ i: string }>`SELECT current_setting('transaction_isolation') AS i`.execute(trx)).rows[0]!.i);
    expect(isolation).toBe('serializable');
  });

  it('gives the last reward to exactly one of two tills, 50 times, and the ledger adds up', async () => {
    const { tills } = await shop(3);
    const [one, two, blocker] = tills as [Till, Till, Till];
    const reward = await ok<{ id: number }>(one, 'loyalty.saveReward', { id: null, name: 'Taart', cost: 10, kind: 'free_item', value: 0, activeFrom: null, activeTo: null });
    const losers: string[] = [];
    const customers: number[] = [];
    for (let round = 0; round < 50; round++) {
      const customerId = await insertCustomer(one.db, `Race ${round}`);
      customers.push(customerId);
      await ok(one, 'loyalty.recordPurchase', { customerId, amount: '100,00', locale: 'nl', description: '' });
      const redeem = (t: Till, key: string) => call<{ entryId: number }>(t, 'loyalty.redeem', { customerId, rewardId: reward.id, idempotencyKey: `${key}-${round}` });
      let results: Answer<{ entryId: number }>[];
      if (round % 2 === 0) {
        // Both at the same moment, as they come.
        results = await Promise.all([redeem(one, 'till-one'), redeem(two, 'till-two')]);
      } else {
        // Both surely inside their transactions at once: a third writer holds the balance
        // row until both wait for it; whichever writes second must be run again.
        const hold = holdBalanceRow(blocker.db, customerId);
        await hold.isLocked;
        const racing = Promise.all([redeem(one, 'till-one'), redeem(two, 'till-two')]);
        await untilWaitingForLock(blocker.db, 2);
        hold.release();
        await hold.done;
        results = await racing;
      }
      expect(results.filter((r) => r.ok), `round ${round}`).toHaveLength(1);
      for (const r of results) if (!r.ok) losers.push(r.error.code);
      expect(await repo.balanceOf(one.db, customerId)).toBe(0);
    }
    // What the SQLite path answers the loser (tests/api/loyalty.concurrency.test.ts).
    expect(new Set(losers)).toEqual(new Set(['insufficient_balance']));
    expect(losers).toHaveLength(50);
    expect(one.internal).toEqual([]);
    expect(two.internal).toEqual([]);
    expect(await count(one.db, sql<{ n: number }>`SELECT count(*) AS n FROM ledger_entries WHERE kind = 'redeem'`)).toBe(50);
    for (const customerId of customers) expect(await ledgerSum(one.db, customerId)).toBe(0);
    expect(await repo.balanceMismatches(one.db)).toEqual([]);
    expect(await ok(one, 'loyalty.check', {})).toEqual({ ok: true, customers: 50, mismatches: [] });
  }, 120_000);

  it('answers a repeated redemption as before and writes it once, also from two tills at once', async () => {
    const { tills } = await shop(3);
    const [one, two, blocker] = tills as [Till, Till, Till];
    const customerId = await insertCustomer(one.db, 'Dubbel');
    const reward = await ok<{ id: number }>(one, 'loyalty.saveReward', { id: null, name: 'Koffie', cost: 5, kind: 'free_item', value: 0, activeFrom: null, activeTo: null });
    await ok(one, 'loyalty.recordPurchase', { customerId, amount: '200,00', locale: 'nl', description: '' });

    const input = { customerId, rewardId: reward.id, idempotencyKey: 'same-click-key' };
    const first = await ok<{ entryId: number; code: string; summary: { balance: number } }>(one, 'loyalty.redeem', input);
    const again = await ok<{ entryId: number; code: string }>(two, 'loyalty.redeem', input);
    expect(again.entryId).toBe(first.entryId);
    expect(again.code).toBe(first.code);
    expect(first.summary.balance).toBe(15);

    // The same click arriving from two tills at once, both past their look for the key.
    const hold = holdBalanceRow(blocker.db, customerId);
    await hold.isLocked;
    const both = Promise.all([
      ok<{ entryId: number }>(one, 'loyalty.redeem', { ...input, idempotencyKey: 'double-click-key' }),
      ok<{ entryId: number }>(two, 'loyalty.redeem', { ...input, idempotencyKey: 'double-click-key' }),
    ]);
    await untilWaitingForLock(blocker.db, 2);
    hold.release();
    await hold.done;
    const [a, b] = await both;
    expect(a.entryId).toBe(b.entryId);

    // The same key for another reward is refused at the field, as on SQLite.
    const other = await ok<{ id: number }>(one, 'loyalty.saveReward', { id: null, name: 'Thee', cost: 1, kind: 'free_item', value: 0, activeFrom: null, activeTo: null });
    const reused = await call(one, 'loyalty.redeem', { ...input, rewardId: other.id });
    expect(reused).toMatchObject({ ok: false, error: { code: 'validation', fields: { idempotencyKey: { code: 'invalid' } } } });

    expect(await count(one.db, sql<{ n: number }>`SELECT count(*) AS n FROM ledger_entries WHERE kind = 'redeem'`)).toBe(2);
    expect(await repo.balanceOf(one.db, customerId)).toBe(10);
    expect(await ledgerSum(one.db, customerId)).toBe(10);
    expect([...one.internal, ...two.internal]).toEqual([]);
  }, 60_000);

  it('loses and doubles no purchase when four tills ring up sales at once for seconds', async () => {
    const { tills } = await shop(4);
    const first = tills[0]!;
    const customers: number[] = [];
    for (const name of ['Ada', 'Bram', 'Cor', 'Dewi', 'Eef']) customers.push(await insertCustomer(first.db, name));
    const before = await sql<{ r: number }>`SELECT xact_rollback AS r FROM pg_stat_database WHERE datname = current_database()`.execute(first.db);

    const sales: { customerId: number; cents: number; visitId: number; earned: number }[] = [];
    const refused: string[] = [];
    const until = Date.now() + 3000;
    // Two callers per till (a till's pool has four connections): eight sales in flight.
    await Promise.all(tills.flatMap((t, i) => [0, 1].map(async (j) => {
      let n = 0;
      while (Date.now() < until) {
        const customerId = customers[(i + j + n++) % customers.length]!;
        const cents = 100 + Math.floor(Math.random() * 4000);
        const amount = `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
        const result = await call<CounterResult>(t, 'loyalty.recordPurchase', { customerId, amount, locale: 'nl', description: `till ${i}` });
        if (result.ok) sales.push({ customerId, cents, visitId: result.value.visit.id, earned: result.value.earned });
        else refused.push(result.error.code);
      }
    })));

    const after = await sql<{ r: number }>`SELECT xact_rollback AS r FROM pg_stat_database WHERE datname = current_database()`.execute(first.db);
    console.info(`four tills, 3 s: ${sales.length} sales, ${refused.length} refused (${[...new Set(refused)].join(', ') || 'none'}), ` +
      `${Number(after.rows[0]!.r) - Number(before.rows[0]!.r)} transactions rolled back and run again`);
    expect(sales.length).toBeGreaterThan(50);
    // A busy archive is told, never internal; every answered sale is there once, nothing else is.
    expect(refused.filter((code) => code !== 'archive_busy')).toEqual([]);
    expect(tills.flatMap((t) => t.internal)).toEqual([]);
    const visits = await first.db.selectFrom('visits').select(['id', 'customer_id', 'amount_cents', 'carry_cents']).orderBy('id').execute();
    expect(visits.map((v) => v.id)).toEqual(sales.map((s) => s.visitId).sort((a, b) => a - b));
    const byId = new Map(sales.map((s) => [s.visitId, s]));
    for (const v of visits) expect(v.amount_cents).toBe(byId.get(v.id)!.cents);
    const earns = await first.db.selectFrom('ledger_entries').select(['visit_id', 'amount']).where('kind', '=', 'earn').execute();
    expect(earns.length).toBe(sales.filter((s) => s.earned > 0).length);
    for (const e of earns) expect(e.amount).toBe(byId.get(e.visit_id!)!.earned);

    // Each customer's sales, replayed one after the other in the order written, earn and
    // carry exactly what was stored: no sale decided on a carry another had already used.
    const program = await loadProgram(first.db);
    for (const customerId of customers) {
      let carry = 0;
      let total = 0;
      for (const v of visits.filter((row) => row.customer_id === customerId)) {
        const step = earn(program.rule, { kind: 'purchase', amountCents: v.amount_cents, carryCents: carry, multiplierPercent: 100 });
        expect(v.carry_cents).toBe(step.carryCents);
        expect(byId.get(v.id)!.earned).toBe(step.earned);
        carry = step.carryCents;
        total += step.earned;
      }
      expect(await repo.balanceOf(first.db, customerId)).toBe(total);
      expect(await ledgerSum(first.db, customerId)).toBe(total);
    }
    expect(await repo.balanceMismatches(first.db)).toEqual([]);
  }, 60_000);

  it('runs a transaction again after a serialization failure, unseen by the caller', async () => {
    const { tills } = await shop(2);
    const [one, two] = tills as [Till, Till];
    const customerId = await insertCustomer(one.db, 'Opnieuw');
    await ok(one, 'loyalty.recordPurchase', { customerId, amount: '50,00', locale: 'nl', description: '' });

    // Attempt 1 reads the balance, then another till moves it and commits before attempt 1
    // writes: PostgreSQL refuses attempt 1 (40001); attempt 2 reads the new balance.
    const seen: number[] = [];
    const balance = await writeTransaction(one.db, async (trx) => {
      const read = await repo.balanceOf(trx, customerId);
      seen.push(read);
      if (seen.length === 1) {
        await writeTransaction(two.db, (other) => repo.appendEntry(other, { customer_id: customerId, kind: 'adjust', amount: 2, reason: 'other till', created_at: Date.now() }));
      }
      await repo.appendEntry(trx, { customer_id: customerId, kind: 'adjust', amount: 1, reason: 'this till', created_at: Date.now() });
      return repo.balanceOf(trx, customerId);
    });
    expect(seen).toEqual([5, 7]);
    expect(balance).toBe(8);
    expect(await ledgerSum(one.db, customerId)).toBe(8);
    expect(await count(one.db, sql<{ n: number }>`SELECT count(*) AS n FROM ledger_entries WHERE reason = 'this till'`)).toBe(1);

    // A conflict every time: after the retry budget the caller is told `archive_busy`.
    let attempts = 0;
    const stuck = writeTransaction(one.db, async (trx) => {
      attempts++;
      await sql`DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = 'serialization_failure'; END $$`.execute(trx);
    });
    await expect(stuck).rejects.toBeInstanceOf(ArchiveBusyError);
    expect(attempts).toBe(RETRY_ATTEMPTS);
    expect(toApiError(await stuck.catch((e: unknown) => e), () => {}, 'test').code).toBe('archive_busy');
    // A deadlock is retried the same way, once.
    let deadlocks = 0;
    await writeTransaction(one.db, async (trx) => {
      if (deadlocks++ === 0) await sql`DO $$ BEGIN RAISE EXCEPTION 'deadlock' USING ERRCODE = 'deadlock_detected'; END $$`.execute(trx);
    });
    expect(deadlocks).toBe(2);
  }, 60_000);

  it('answers the archive’s refusals by their code, and a lost server as archive_unreachable', async () => {
    const { url, tills } = await shop(2);
    const [one, two] = tills as [Till, Till];
    const log: unknown[] = [];
    const answer = async (work: (trx: Db) => Promise<unknown>) => {
      try {
        await writeTransaction(one.db, work);
        return 'ok';
      } catch (error) {
        return toApiError(error, (_m, e) => log.push(e), 'test').code;
      }
    };
    const customerId = await insertCustomer(one.db, 'Weg');
    await ok(one, 'loyalty.recordPurchase', { customerId, amount: '20,00', locale: 'nl', description: '' });

    // A trigger naming an error code (RAISE EXCEPTION 'customer_erased', P0001) crosses as it.
    await one.db.updateTable('customers').set({ erased_at: 5, archived_at: 5 }).where('id', '=', customerId).execute();
    expect(await answer((trx) => trx.updateTable('customers').set({ given_name: 'Terug' }).where('id', '=', customerId).execute())).toBe('customer_erased');
    // The append-only triggers and the balance's CHECK (23514) refuse; their words are no
    // error code, so they stay `internal` and logged, as on SQLite.
    expect(await answer((trx) => trx.updateTable('ledger_entries').set({ amount: 99 }).execute())).toBe('internal');
    expect(await answer((trx) => trx.deleteFrom('visits').execute())).toBe('internal');
    expect(await answer((trx) => trx.updateTable('loyalty_balances').set({ balance: -1 }).execute())).toBe('internal');
    expect(log.map((e) => (e as { code?: string }).code)).toEqual(['P0001', 'P0001', '23514']);
    expect(await repo.balanceOf(one.db, customerId)).toBe(2);

    // The server ends this till's connection mid-transaction (57P01 admin_shutdown).
    const pid = await writeTransaction(one.db, async (trx) => (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx)).rows[0]!.pid);
    expect(await answer(async (trx) => {
      const mine = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx)).rows[0]!.pid;
      await sql`SELECT pg_terminate_backend(${mine})`.execute(two.db);
      await sql`SELECT 1`.execute(trx);
    })).toBe('archive_unreachable');
    expect(pid).toBeGreaterThan(0);
    // Nothing there to connect to: a port without a server.
    const nowhere = till(url.replace(`:${server.port}/`, ':1/'));
    const result = await call(nowhere, 'loyalty.recordPurchase', { customerId, amount: '20,00', locale: 'nl', description: '' });
    expect(result).toMatchObject({ ok: false, error: { code: 'archive_unreachable' } });
    expect(nowhere.internal).toEqual([]);
    // The till's pool goes on with a fresh connection.
    await ok(one, 'loyalty.summary', { customerId });
  }, 60_000);
});
