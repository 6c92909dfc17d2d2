import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { DB } from '../../db/schema.js';
import { openServices, type Services } from '../../main/node/services.js';
import { confSettings } from '../../main/node/conf-settings.js';
import { checkCommand } from '../../main/node/cli/loyalty.js';
import type { ArchiveCommand } from '../../main/node/cli/types.js';
import type { CounterResult } from '../../main/api/loyalty/schema.js';
import { postgresAvailable, postgresKysely, startPostgres, type TestPostgres } from '../support/postgres.js';
import { tempDir } from '../support/services.js';

// The shared archive's server stops answering in the middle of the day's sales without
// closing anything — a frozen host, a cut network cable: the till's open connections stay
// open and nothing comes back on them (simulated by SIGSTOP on every process of the cluster).
// What the shop must see: every sale answered within 3 s, either gone through or refused as
// `archive_unreachable`, never half-written; once the server runs again the same app works
// by itself. And a query that is merely slow on a healthy server is never cut for being slow.

/** The issue's promise: "the shared archive cannot be reached" within 3 s. */
const TOLD_WITHIN_MS = 3000;
/** Callers ringing up sales at once on the till (a till and its second screen, say). */
const CALLERS = 3;
/** A connection cut by the till (or dropped by the server) is logged as such; nothing else may be. */
const DROPPED = 'the shared archive dropped a connection';

interface Sale {
  n: number;
  started: number;
  ms: number;
  visitId: number | null;
  code: string | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!postgresAvailable())('a shared archive whose server stops answering mid-sale', () => {
  let server: TestPostgres | null = null;
  const opened: Services[] = [];

  afterEach(async () => {
    server?.thaw();
    await Promise.all(opened.splice(0).map((s) => s.close()));
    await server?.stop();
    server = null;
  });

  function till(url: string, name: string, logged: string[]): Services {
    const services = openServices({
      dataDir: tempDir(), mode: 'web', settings: (dir) => confSettings(dir, 'nl-NL'), databaseUrl: url, till: name,
      log: (message) => logged.push(message),
    });
    opened.push(services);
    return services;
  }

  it('answers every sale within 3 s while the server is frozen, commits or refuses it whole, and works again once it runs', async () => {
    server = await startPostgres();
    const logged: string[] = [];
    const services = till(server.url, 'till one', logged);
    const customer = await services.api.call('customers.create', { customer: { givenName: 'Bevroren', familyName: 'Server' } });
    if (!customer.ok) throw new Error(JSON.stringify(customer.error));
    const customerId = (customer.value as { id: number }).id;

    const sales: Sale[] = [];
    let next = 0;
    let selling = true;
    const sell = async () => {
      while (selling) {
        const n = next++;
        const started = Date.now();
        const result = await services.api.call('loyalty.recordPurchase', { customerId, amount: '10,00', locale: 'nl', description: `sale #${n}` });
        sales.push({ n, started, ms: Date.now() - started, visitId: result.ok ? (result.value as CounterResult).visit.id : null, code: result.ok ? null : result.error.code });
        // A refused sale is rung up again a moment later, as a shopkeeper would.
        if (!result.ok) await sleep(100);
      }
    };
    const callers = Array.from({ length: CALLERS }, sell);

    await sleep(1500);
    const frozenAt = Date.now();
    server.freeze();
    await sleep(8000);
    const thawedAt = Date.now();
    server.thaw();

    // Running again: the same instance works by itself, no restart.
    let againAt: number | null = null;
    while (Date.now() - thawedAt < 20_000) {
      const after = sales.filter((s) => s.started >= thawedAt && s.visitId !== null);
      if (after.length >= 10) {
        againAt = Math.min(...after.map((s) => s.started + s.ms));
        break;
      }
      await sleep(100);
    }
    selling = false;
    await Promise.all(callers);

    const acked = sales.filter((s) => s.visitId !== null);
    const refused = sales.filter((s) => s.code !== null);
    // Every sale the freeze caught: in flight at that moment, or started while it lasted.
    const caught = sales.filter((s) => s.started + s.ms > frozenAt && s.started < thawedAt - TOLD_WITHIN_MS);
    const inFlight = caught.filter((s) => s.started < frozenAt);
    console.info(`frozen ${thawedAt - frozenAt} ms: ${acked.length} sales went through, ${refused.length} refused; ` +
      `${caught.length} caught by the freeze (${inFlight.length} in flight at it), slowest answer ${Math.max(...caught.map((s) => s.ms))} ms; ` +
      `working again ${againAt === null ? 'never' : `${againAt - thawedAt} ms`} after the thaw`);

    // Answered in time, every one: the sales in flight when it froze included. One in flight
    // may still go through (the server's answer was on its way before the freeze); one
    // started during the freeze cannot, and is refused plainly.
    expect(new Set(refused.map((s) => s.code))).toEqual(new Set(['archive_unreachable']));
    for (const s of caught) expect(s.ms, `sale #${s.n}`).toBeLessThan(TOLD_WITHIN_MS);
    expect(inFlight.some((s) => s.code === 'archive_unreachable')).toBe(true);
    const startedFrozen = caught.filter((s) => s.started >= frozenAt);
    expect(startedFrozen.length).toBeGreaterThanOrEqual(CALLERS);
    for (const s of startedFrozen) expect(s.code, `sale #${s.n}`).toBe('archive_unreachable');
    expect(againAt).not.toBeNull();
    expect(acked.filter((s) => s.started < frozenAt).length).toBeGreaterThan(0);
    expect(logged.filter((message) => message !== DROPPED)).toEqual([]);

    // In the archive after the thaw: every sale the till was told went through, once, with
    // its ledger entry. A refused sale may be there only if it was in flight at the freeze (its
    // COMMIT already sent, landing when the server ran again: the message tells the shop to
    // look first), and then whole.
    const db = postgresKysely<DB>(server.url);
    try {
      const visits = await db.selectFrom('visits').select(['id', 'description']).execute();
      const byDescription = new Map<string, number[]>();
      for (const v of visits) byDescription.set(v.description, [...(byDescription.get(v.description) ?? []), v.id]);
      for (const s of acked) expect(byDescription.get(`sale #${s.n}`), `sale #${s.n}`).toEqual([s.visitId]);
      const refusedButThere = refused.filter((s) => byDescription.has(`sale #${s.n}`));
      for (const s of refusedButThere) {
        expect(s.started, `sale #${s.n} was refused after the freeze, and is there`).toBeLessThan(frozenAt);
        expect(byDescription.get(`sale #${s.n}`)).toHaveLength(1);
      }
      expect(refusedButThere.length).toBeLessThanOrEqual(CALLERS);
      expect(visits).toHaveLength(acked.length + refusedButThere.length);

      // Never half-written: every sale has its one earn entry, every entry its sale, and the balance their sum.
      const entries = await db.selectFrom('ledger_entries').select(['visit_id', 'kind', 'amount']).execute();
      expect(entries.every((e) => e.kind === 'earn' && e.amount === 1)).toBe(true);
      expect(entries.map((e) => e.visit_id).sort((a, b) => a! - b!)).toEqual(visits.map((v) => v.id).sort((a, b) => a - b));
      const balance = await sql<{ balance: number }>`SELECT balance FROM loyalty_balances WHERE customer_id = ${customerId}`.execute(db);
      expect(balance.rows[0]!.balance).toBe(visits.length);
    } finally {
      await db.destroy();
    }
    // What `npm run cli -- check` runs, on the same running till.
    const said: string[] = [];
    expect(await (checkCommand as ArchiveCommand).run(services, [], (line) => said.push(line))).toBe(0);
    expect(said).toEqual(['Checked 1 balance: every one equals the sum of its ledger.']);
  }, 120_000);

  it('leaves a slow query on a server that answers alone, and commits durably on a server set to commit lazily', async () => {
    // The throwaway cluster runs with synchronous_commit off (tests/support/postgres.ts), as a
    // server tuned for speed might: the till's connections turn it on for themselves.
    server = await startPostgres();
    const logged: string[] = [];
    const services = till(server.url, 'till one', logged);
    const admin = postgresKysely(server.url);
    try {
      expect((await sql<{ synchronous_commit: string }>`SHOW synchronous_commit`.execute(admin)).rows[0]!.synchronous_commit).toBe('off');
    } finally {
      await admin.destroy();
    }
    const { db } = services.archive;
    expect((await sql<{ synchronous_commit: string }>`SHOW synchronous_commit`.execute(db)).rows[0]!.synchronous_commit).toBe('on');

    // Longer than the watchdog's wait and its probe together: the server answers the probe, so it is left alone.
    const started = Date.now();
    const slow = await sql<{ done: number }>`SELECT 1 AS done FROM pg_sleep(3)`.execute(db);
    expect(slow.rows).toEqual([{ done: 1 }]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
    // And a sale right after, on the same till.
    const customer = await services.api.call('customers.create', { customer: { givenName: 'Traag', familyName: 'Maar Gezond' } });
    expect(customer.ok).toBe(true);
    expect(logged).toEqual([]);
  }, 60_000);
});
