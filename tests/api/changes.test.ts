import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { ChangesPage } from '../../main/api/changes/types.js';
import { itOnFile, itOnServer, onServer } from '../support/engine.js';
import { sqliteArchive } from '../../db/archive.js';
import { tempDir, testApp, type TestApp } from '../support/services.js';

// Live screens (issue 14): a till hears what changed through app.changes, a long-poll the
// renderer makes over IPC or HTTP alike. On the shared server two tills share the archive,
// and one hears what the other wrote — from the archive's own NOTIFY (migration 019). On the
// SQLite file a till hears its own writes at once, and another process's on the same file
// through data_version, as 'any'.

/** The bound: another till's screen follows within 1 s. */
const WITHIN_MS = 1000;

async function changesOf(app: TestApp, after: string | null, waitMs: number): Promise<{ page: ChangesPage; ms: number }> {
  const started = performance.now();
  const page = await app.ok('app.changes', { after, waitMs });
  return { page, ms: performance.now() - started };
}

/** Probes stand for customers no archive holds. */
const PROBE = 900_000_000;

/**
 * The till's cursor once its LISTEN connection hears the server (it connects as the app
 * opens): probe NOTIFYs are sent until one is heard, every one before it heard too (they
 * come in the order sent). On the file, just the cursor of now.
 */
async function listening(app: TestApp): Promise<string> {
  let cursor = (await app.ok('app.changes', { after: null })).cursor;
  if (!onServer) return cursor;
  for (let k = 1; k <= 50; k++) {
    const payload = JSON.stringify({ topic: 'receipts', customers: [PROBE + k] });
    await sql`SELECT pg_notify('counterpart_changes', ${payload})`.execute(app.archive.db);
    const page = await app.ok('app.changes', { after: cursor, waitMs: 200 });
    cursor = page.cursor;
    if (page.changes.some((c) => Array.isArray(c.customers) && c.customers.includes(PROBE + k))) return cursor;
  }
  throw new Error('the till never heard the server');
}

/** Two tills of one shop: on the server, two apps; on the file, one (its own writes). */
function tills(): { writer: TestApp; reader: TestApp } {
  const writer = testApp();
  return { writer, reader: onServer ? testApp() : writer };
}

const createCustomer = async (app: TestApp, givenName: string) =>
  (await app.ok('customers.create', { customer: { givenName, familyName: 'Live' } as never })).id;

describe('live screens: app.changes', () => {
  it('tells the other till of a purchase, a note, a pinned fact and a receipt within 1 s, naming the topic and the customer', async () => {
    const { writer, reader } = tills();
    const truus = await createCustomer(writer, 'Truus');
    let cursor = await listening(reader);

    const writes: [string, () => Promise<unknown>][] = [
      ['loyalty', () => writer.ok('loyalty.recordPurchase', { customerId: truus, amount: '12,50', locale: 'nl' })],
      ['memory', () => writer.ok('notes.add', { customerId: truus, kind: 'note', text: 'Houdt van groene thee' })],
      ['memory', () => writer.ok('facts.add', { customerId: truus, text: 'Allergisch voor noten' })],
      ['receipts', () => writer.ok('receipts.create', { source: { kind: 'member_card', customerId: truus } })],
      ['customer', () => writer.ok('customers.update', { id: truus, customer: { givenName: 'Truus', familyName: 'Levend' } as never })],
    ];
    for (const [topic, write] of writes) {
      const started = performance.now();
      const heard = changesOf(reader, cursor, 5000);
      await write();
      const { page } = await heard;
      expect(performance.now() - started, topic).toBeLessThan(WITHIN_MS);
      expect(page.missed).toBe(false);
      expect(page.changes, topic).toContainEqual({ topic, customers: [truus] });
      cursor = page.cursor;
    }
  });

  it('hands out a first cursor only once it hears the archive: what is written right after is not missed', async () => {
    const writer = testApp();
    const anna = await createCustomer(writer, 'Anna');
    // A till just started: its first call is what starts it listening on the server.
    const reader = onServer ? testApp() : writer;
    const { cursor } = await reader.ok('app.changes', { after: null });
    await writer.ok('followups.add', { customerId: anna, dueOn: '2026-12-08', text: 'Bellen over de bestelling' });
    const { page, ms } = await changesOf(reader, cursor, 5000);
    expect(ms).toBeLessThan(WITHIN_MS);
    expect(page).toMatchObject({ missed: false, changes: [{ topic: 'memory', customers: [anna] }] });
  });

  it('answers at once when something changed after the cursor, and carries on from the cursor it gave', async () => {
    const { writer, reader } = tills();
    const henk = await createCustomer(writer, 'Henk');
    const before = await listening(reader);
    await writer.ok('notes.add', { customerId: henk, kind: 'note', text: 'Eerste' });
    await writer.ok('loyalty.recordVisit', { customerId: henk });

    // Both already happened: heard at once, merged per topic.
    await expect.poll(async () => (await changesOf(reader, before, 0)).page.changes.map((c) => c.topic).sort()).toEqual(['loyalty', 'memory']);
    const { page, ms } = await changesOf(reader, before, 5000);
    expect(ms).toBeLessThan(WITHIN_MS);
    expect(page).toMatchObject({ missed: false });
    expect(page.changes).toContainEqual({ topic: 'memory', customers: [henk] });
    expect(page.changes).toContainEqual({ topic: 'loyalty', customers: [henk] });

    // From the cursor it answered with, nothing new: it waits out waitMs.
    const quiet = await changesOf(reader, page.cursor, 300);
    expect(quiet.page).toEqual({ cursor: page.cursor, changes: [], missed: false });
    expect(quiet.ms).toBeGreaterThanOrEqual(290);
  });

  it('waits out waitMs when nothing changes, and answers a first call (no cursor) at once', async () => {
    const { reader } = tills();
    const first = await changesOf(reader, null, 20_000);
    expect(first.ms).toBeLessThan(WITHIN_MS);
    expect(first.page).toMatchObject({ changes: [], missed: false });
    const none = await changesOf(reader, first.page.cursor, 400);
    expect(none.page).toEqual({ cursor: first.page.cursor, changes: [], missed: false });
    expect(none.ms).toBeGreaterThanOrEqual(390);
    expect(none.ms).toBeLessThan(400 + WITHIN_MS);
  });

  it('says missed for a cursor it cannot vouch for (another run\'s, or not one at all)', async () => {
    const { reader } = tills();
    for (const after of ['someotherrun.3', 'nonsense', '']) {
      const { page, ms } = await changesOf(reader, after, 5000);
      expect(ms, after).toBeLessThan(WITHIN_MS);
      expect(page.missed, after).toBe(true);
      expect(page.changes).toEqual([{ topic: 'any', customers: 'many' }]);
      // The cursor it answers with is good from then on.
      expect((await changesOf(reader, page.cursor, 0)).page).toEqual({ cursor: page.cursor, changes: [], missed: false });
    }
  });

  it('says nothing of a profile merely opened, or of reads', async () => {
    const { writer, reader } = tills();
    const piet = await createCustomer(writer, 'Piet');
    const cursor = await listening(reader);
    const heard = changesOf(reader, cursor, 600);
    await writer.ok('customers.get', { id: piet, markSeen: true });
    await writer.ok('today.get', {});
    await writer.ok('customers.search', { query: 'Piet' });
    expect((await heard).page).toEqual({ cursor, changes: [], missed: false });
  });

  it('refuses a wait longer than 25 s or a cursor longer than 64 characters', async () => {
    const { reader } = tills();
    expect(await reader.fail('app.changes', { after: null, waitMs: 25_001 })).toMatchObject({ code: 'validation', fields: { waitMs: { code: 'out_of_range' } } });
    expect(await reader.fail('app.changes', { after: 'x'.repeat(65) })).toMatchObject({ code: 'validation', fields: { after: { code: 'invalid' } } });
  });

  itOnFile('hears another process write to the same file, as "any", within 1 s', async () => {
    const mine = testApp();
    const other = testApp({ dataDir: mine.dataDir });
    const customerId = await createCustomer(other, 'Anna');
    const cursor = (await mine.ok('app.changes', { after: null })).cursor;
    const started = performance.now();
    const heard = changesOf(mine, cursor, 5000);
    await other.ok('loyalty.recordPurchase', { customerId, amount: '5,00', locale: 'nl' });
    const { page } = await heard;
    expect(performance.now() - started).toBeLessThan(WITHIN_MS);
    expect(page).toMatchObject({ changes: [{ topic: 'any', customers: 'many' }], missed: false });
  });

  itOnFile('counts a restored backup as everything changed: missed', async () => {
    const app = testApp();
    await createCustomer(app, 'Bep');
    const staged = path.join(tempDir(), 'staged.sqlite');
    sqliteArchive(app.archive).sqlite.exec(`VACUUM INTO '${staged}'`);
    const cursor = (await app.ok('app.changes', { after: null })).cursor;
    const heard = changesOf(app, cursor, 5000);
    await app.replaceArchive(staged);
    const { page, ms } = await heard;
    expect(ms).toBeLessThan(WITHIN_MS);
    expect(page).toMatchObject({ missed: true, changes: [{ topic: 'any', customers: 'many' }] });
  });

  itOnServer('hears a write made beside the app (the CLI, an import) as the archive tells it', async () => {
    const { writer, reader } = tills();
    const kees = await createCustomer(writer, 'Kees');
    const cursor = await listening(reader);
    const heard = changesOf(reader, cursor, 5000);
    await sql`UPDATE customers SET given_name = 'Cees' WHERE id = ${kees}`.execute(writer.archive.db);
    expect((await heard).page.changes).toEqual([{ topic: 'customer', customers: [kees] }]);
  });
});
