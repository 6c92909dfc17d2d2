import { sql, type Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openServices, type Services } from '../../main/node/services.js';
import { confSettings } from '../../main/node/conf-settings.js';
import type { CallInput, CallName, CallOutput } from '../../main/api/contract.js';
import type { Result } from '../../main/api/errors.js';
import type { DB } from '../../db/schema.js';
import { postgresAvailable, postgresKysely, startMigratedPostgres, type TestPostgres } from '../support/postgres.js';
import { tempDir } from '../support/services.js';

// Two tills of one shop on the shared archive, as the shop runs them: two complete app
// instances (openServices, as `npm run web` and `npm start` open them), each with its own
// data folder (its settings, exports, backups) and its own pool of connections, on one
// PostgreSQL database. What one till writes, the other sees at once; the last reward goes
// to exactly one of them.

interface Till {
  services: Services;
  /** What the till logged (an `internal`'s cause): must stay empty. */
  logged: unknown[];
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<Result<CallOutput<N>>>;
  ok<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
}

describe.skipIf(!postgresAvailable())('two tills on one shared archive', () => {
  let server: TestPostgres;
  let databases = 0;
  let open: Till[] = [];

  beforeAll(async () => {
    server = await startMigratedPostgres();
  }, 120_000);

  afterEach(async () => {
    await Promise.all(open.map((t) => t.services.close()));
    open = [];
  });

  afterAll(async () => {
    await server?.stop();
  });

  function till(url: string, name: string): Till {
    const logged: unknown[] = [];
    const services = openServices({
      dataDir: tempDir(),
      mode: 'web',
      settings: (dir) => confSettings(dir, 'nl-NL'),
      databaseUrl: url,
      till: name,
      log: (message, error) => logged.push([message, error]),
    });
    const call = <N extends CallName>(n: N, input: CallInput<N>) => services.api.call(n, input) as Promise<Result<CallOutput<N>>>;
    const t: Till = {
      services,
      logged,
      call,
      async ok(n, input) {
        const result = await call(n, input);
        if (!result.ok) throw new Error(`${name}: ${n} failed: ${JSON.stringify(result.error)}`);
        return result.value;
      },
    };
    open.push(t);
    return t;
  }

  async function shop(): Promise<{ url: string; one: Till; two: Till }> {
    const url = await server.createDatabase(`tills_${++databases}`, { template: 'migrated' });
    return { url, one: till(url, 'till one'), two: till(url, 'till two') };
  }

  it('finds a customer on one till the moment the other created them, and shows the other till’s sale', async () => {
    const { one, two } = await shop();
    const made = await one.ok('customers.create', { customer: { givenName: 'Zoë', familyName: 'Dekker', phones: ['06-12345678'] } });

    // At once: no polling, no refresh. By name (accents folded), by phone, by card.
    for (const query of ['zoe dek', '12345678', made.cardNumber]) {
      const found = await two.ok('customers.search', { query });
      expect([...found.hits.map((h) => h.id), found.card?.id], query).toContain(made.id);
    }
    expect((await two.ok('customers.get', { id: made.id })).familyName).toBe('Dekker');

    const sale = await one.ok('loyalty.recordPurchase', { customerId: made.id, amount: '23,50', locale: 'nl', description: 'taart' });
    expect(sale.earned).toBeGreaterThan(0);
    const seen = await two.ok('loyalty.summary', { customerId: made.id });
    expect(seen.balance).toBe(sale.summary.balance);
    expect(seen.lastVisit).toMatchObject({ id: sale.visit.id, amountCents: 2350, description: 'taart' });

    // And the other way round: the second till's sale adds up on the first.
    const second = await two.ok('loyalty.recordPurchase', { customerId: made.id, amount: '10,00', locale: 'nl', description: '' });
    expect((await one.ok('loyalty.summary', { customerId: made.id })).balance).toBe(second.summary.balance);
    expect(second.summary.balance).toBe(sale.earned + second.earned);
    expect([...one.logged, ...two.logged]).toEqual([]);
  }, 60_000);

  it('gives the last reward to exactly one of two tills pressing redeem at the same moment, 50 rounds', async () => {
    const { url, one, two } = await shop();
    const reward = await one.ok('loyalty.saveReward', { id: null, name: 'Taart', cost: 10, kind: 'free_item', value: 0, activeFrom: null, activeTo: null });
    // Both pools connected before the first round, as at a shop that is open.
    await Promise.all([one, two].map((t) => t.ok('loyalty.program', {})));
    const blocker = postgresKysely<DB>(url);

    const refusals: string[] = [];
    try {
      for (let round = 0; round < 50; round++) {
        const customer = await one.ok('customers.create', { customer: { givenName: `Race ${round}`, familyName: 'Klant' } });
        const bought = await two.ok('loyalty.recordPurchase', { customerId: customer.id, amount: '100,00', locale: 'nl', description: '' });
        expect(bought.summary.balance, 'exactly one reward’s worth').toBe(10);
        const redeem = (t: Till, key: string) => t.call('loyalty.redeem', { customerId: customer.id, rewardId: reward.id, idempotencyKey: `${key}-round-${round}` });
        let results;
        if (round % 2 === 0) {
          // Both requests leave in the same tick, each over its own till's connection.
          results = await Promise.all([redeem(one, 'till-one'), redeem(two, 'till-two')]);
        } else {
          // Both surely inside their transactions at once: another connection holds the
          // balance row until both tills wait for it, then lets go.
          const hold = holdRow(blocker, customer.id);
          await hold.locked;
          const racing = Promise.all([redeem(one, 'till-one'), redeem(two, 'till-two')]);
          await untilWaiting(blocker, 2);
          hold.release();
          await hold.done;
          results = await racing;
        }
        expect(results.filter((r) => r.ok), `round ${round}`).toHaveLength(1);
        for (const r of results) if (!r.ok) refusals.push(r.error.code);
        // Both tills see the balance spent.
        expect((await one.ok('loyalty.summary', { customerId: customer.id })).balance).toBe(0);
        expect((await two.ok('loyalty.summary', { customerId: customer.id })).balance).toBe(0);
      }
      // The loser is told plainly that the points are gone: the code the counter shows as such.
      expect(refusals).toEqual(Array(50).fill('insufficient_balance'));
      const redemptions = await sql<{ n: number }>`SELECT count(*) AS n FROM ledger_entries WHERE kind = 'redeem'`.execute(blocker);
      expect(redemptions.rows[0]!.n).toBe(50);
    } finally {
      await blocker.destroy();
    }
    expect(await one.ok('loyalty.check', {})).toEqual({ ok: true, customers: 50, mismatches: [] });
    expect([...one.logged, ...two.logged]).toEqual([]);
  }, 120_000);
});

/** Another connection's transaction holding a customer's balance row, until release(). */
function holdRow(db: Kysely<DB>, customerId: number) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let isLocked!: () => void;
  const locked = new Promise<void>((resolve) => (isLocked = resolve));
  const done = db.transaction().execute(async (trx) => {
    await sql`SELECT balance FROM loyalty_balances WHERE customer_id = ${customerId} FOR UPDATE`.execute(trx);
    isLocked();
    await released;
  });
  return { locked, release, done };
}

/** Until `n` backends of the database wait for a row lock: the tills behind the held row. */
async function untilWaiting(db: Kysely<DB>, n: number): Promise<void> {
  const giveUp = Date.now() + 10_000;
  for (;;) {
    const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(db);
    if (rows[0]!.n >= n) return;
    if (Date.now() > giveUp) throw new Error(`fewer than ${n} tills came to wait for the held row`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
