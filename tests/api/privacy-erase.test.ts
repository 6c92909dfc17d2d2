import { sqliteArchive } from '../../db/archive.js';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Customer } from '../../main/api/contract.js';
import { CUSTOMER_TABLES } from '../../db/privacy/coverage.js';
import { seedArchive } from '../../main/node/seed.js';
import { dayOf } from '../../main/core/days.js';
import { testApp, type TestApp } from '../support/services.js';

// Erasing a customer: their personal data is gone from every table, from both search
// indexes, from the free pages of the file and from its WAL; their purchases and stamps stay
// in the books without a name. Checked on the bytes of the file, not only through the API.

const ZOELLA = {
  givenName: 'Zoëlla', namePrefix: 'van', familyName: 'Quakkelstein', salutation: 'Mevrouw Quakkelstein',
  phones: ['06-18273645', '+31 20 555 1234'], email: 'zoella.quakkelstein@example.org',
  address: { street: 'Ooievaarsnest 12', postalCode: '3512 QK', city: 'Utrecht' },
  birthday: { day: 14, month: 2, year: 1981 }, preferredChannel: 'whatsapp' as const, marketingConsent: true,
};

/** Every form of her name, phones and e-mail the archive ever held: as typed, folded by the search index, in digits. */
const TRACES = [
  'Zoëlla', 'zoella', 'Quakkelstein', 'quakkelstein', 'vanquakkelstein', 'akkelstein',
  '06-18273645', '18273645', '0618273645', '31618273645', '+31618273645',
  '+31 20 555 1234', '205551234', '0205551234', '31205551234',
  'zoella.quakkelstein@example.org', 'zoellaquakkelsteinexampleorg',
  // Her earlier e-mail address, replaced months before she asked to be erased.
  'zq1981@example.net', 'zq1981examplenet',
  'Ooievaarsnest', '3512 QK',
];

function tracesIn(file: string, extra: readonly string[] = []): string[] {
  if (!fs.existsSync(file)) return [];
  // Case-blind on the raw bytes; latin1 keeps every byte, so UTF-8 text lowercases as ASCII does.
  const bytes = fs.readFileSync(file).toString('latin1').toLowerCase();
  return [...TRACES, ...extra].filter((t) => bytes.includes(Buffer.from(t.toLowerCase(), 'utf8').toString('latin1')));
}

/** Rows in any table that still mention her, found through SQL. */
function tracesInTables(app: TestApp, extra: readonly string[]): string[] {
  const db = sqliteArchive(app.archive).sqlite;
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  const found: string[] = [];
  for (const table of tables) {
    for (const row of db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]) {
      const text = Object.values(row).map((v) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : String(v))).join(' ').toLowerCase();
      for (const t of [...TRACES, ...extra]) if (text.includes(t.toLowerCase())) found.push(`${table}: ${t}`);
    }
  }
  return found;
}

async function eraseAll(app: TestApp, customerId: number) {
  const erased = await app.ok('privacy.erase', { customerId, confirm: true });
  for (let step = 0; step < erased.scrubSteps.length; step++) {
    const progress = await app.ok('privacy.scrub', { step, upTo: erased.erasedAt });
    expect(progress.done).toBe(step === erased.scrubSteps.length - 1);
  }
  return erased;
}

/** A customer with a history: seen often, edited, written about, buying, saving, referring. */
async function zoellaWithHistory(app: TestApp): Promise<{ zoella: Customer; bob: Customer; friend: Customer }> {
  seedArchive(app.archive, { count: 2000, now: app.now.value });
  const zoella = await app.ok('customers.create', { customer: { ...ZOELLA, email: 'zq1981@example.net' } });
  const bob = await app.ok('customers.create', { customer: { givenName: 'Bob', familyName: 'Bakker', phones: ['06-11223344'], marketingConsent: true } });
  const friend = await app.ok('customers.create', { customer: { givenName: 'Fenna', familyName: 'Friso' } });
  await app.ok('customers.setReferrer', { id: friend.id, referrerId: zoella.id });
  for (let i = 0; i < 25; i++) await app.ok('customers.get', { id: zoella.id, markSeen: true });
  await app.ok('customers.update', { id: zoella.id, customer: { ...ZOELLA, cardNumber: zoella.cardNumber } });

  const note = await app.ok('notes.add', { customerId: zoella.id, kind: 'note', text: 'Zoëlla Quakkelstein brings her own tin for the sourdough' });
  await app.ok('notes.edit', { id: note.id, text: 'Zoëlla brings her own tin; call her on 06-18273645 when rye is in' });
  const complaint = await app.ok('notes.add', { customerId: zoella.id, kind: 'complaint', text: 'Quakkelstein order was late' });
  await app.ok('notes.setStatus', { id: complaint.id, status: 'resolved', resolution: 'Delivered to Ooievaarsnest 12 ourselves' });
  await app.ok('notes.add', { customerId: zoella.id, kind: 'wish', text: 'Spelt loaf for Zoëlla' });
  await app.ok('facts.add', { customerId: zoella.id, text: 'Allergic to nuts (Zoëlla)' });
  await app.ok('tags.add', { customerId: zoella.id, name: 'Sourdough' });
  await app.ok('tags.add', { customerId: bob.id, name: 'Sourdough' });
  await app.ok('followups.add', { customerId: zoella.id, text: 'Call Zoëlla about the wedding cake', dueOn: dayOf(app.now.value) });
  const field = await app.ok('fields.define', { name: 'Favourite author', kind: 'text' });
  await app.ok('fields.setValues', { customerId: zoella.id, values: { [field.id]: 'Quakkelstein family cookbook' } });
  await app.ok('fields.setValues', { customerId: bob.id, values: { [field.id]: 'Annie M.G. Schmidt' } });
  const sale = await app.ok('loyalty.recordPurchase', { customerId: zoella.id, amount: '34,50', locale: 'nl', description: 'Wedding cake for Zoëlla Quakkelstein' });
  await app.ok('loyalty.recordPurchase', { customerId: zoella.id, amount: '12,00', locale: 'nl' });
  await app.ok('loyalty.adjust', { customerId: zoella.id, amount: 2, reason: 'Quakkelstein forgot her card twice' });
  await app.ok('receipts.create', { source: { kind: 'loyalty', visitId: sale.visit.id } });
  await app.ok('receipts.create', { source: { kind: 'member_card', customerId: zoella.id } });
  await app.ok('loyalty.recordPurchase', { customerId: bob.id, amount: '5,00', locale: 'nl', description: 'Two croissants' });
  return { zoella, bob, friend };
}

describe('erasing a customer', () => {
  it('leaves no trace of her name, phones or e-mail in any table, index, free page or WAL, and keeps the books', async () => {
    const app = testApp();
    const { zoella, bob, friend } = await zoellaWithHistory(app);
    const card = zoella.cardNumber;
    // The test itself would pass on a file that never held her: make sure it did.
    sqliteArchive(app.archive).sqlite.pragma('wal_checkpoint(PASSIVE)');
    expect(tracesIn(sqliteArchive(app.archive).file, [card]).length + tracesIn(`${sqliteArchive(app.archive).file}-wal`, [card]).length).toBeGreaterThan(10);
    const before = sqliteArchive(app.archive).sqlite.prepare('SELECT count(*) AS n, sum(amount_cents) AS cents FROM visits WHERE customer_id = ?').get(zoella.id);
    const balance = (await app.ok('loyalty.summary', { customerId: zoella.id })).balance;

    await eraseAll(app, zoella.id);

    expect(tracesInTables(app, [card])).toEqual([]);
    expect(tracesIn(sqliteArchive(app.archive).file, [card])).toEqual([]);
    expect(tracesIn(`${sqliteArchive(app.archive).file}-wal`, [card])).toEqual([]);

    // The books: her purchases and stamps stay, with no name or text.
    expect(sqliteArchive(app.archive).sqlite.prepare('SELECT count(*) AS n, sum(amount_cents) AS cents FROM visits WHERE customer_id = ?').get(zoella.id)).toEqual(before);
    expect(sqliteArchive(app.archive).sqlite.prepare("SELECT count(*) FROM visits WHERE customer_id = ? AND description <> ''").pluck().get(zoella.id)).toBe(0);
    expect((await app.ok('loyalty.summary', { customerId: zoella.id })).balance).toBe(balance);
    expect(await app.ok('loyalty.check')).toMatchObject({ ok: true, mismatches: [] });
    const row = await app.ok('customers.get', { id: zoella.id });
    expect(row).toMatchObject({ displayName: `#${zoella.id}`, phones: [], email: '', address: { street: '', postalCode: '', city: '' }, birthday: null, marketingConsent: false });
    expect(row.archivedAt).not.toBeNull();

    // Nobody finds her any more; Bob is as he was.
    for (const query of ['Zoëlla', 'zoella', 'Quakkel', 'kkelst', '06-18273645', '0031618273645', '18273645', 'zoella.quakkelstein@example.org', card]) {
      const found = await app.ok('customers.search', { query });
      expect(found.hits.map((h) => h.id), query).not.toContain(zoella.id);
      expect(found.card?.id, query).not.toBe(zoella.id);
      expect(found.notes.map((n) => n.customerId), query).not.toContain(zoella.id);
    }
    expect(await app.ok('customers.byCard', { cardNumber: card })).toBeNull();
    expect((await app.ok('customers.search', { query: 'Bob Bakker' })).hits.map((h) => h.id)).toContain(bob.id);
    expect((await app.ok('customers.search', { query: 'Schmidt' })).notes.map((n) => n.customerId)).toEqual([bob.id]);
    expect((await app.ok('customers.recent', { limit: 50 })).map((c) => c.id)).not.toContain(zoella.id);
    const today = await app.ok('today.get', {});
    expect(JSON.stringify(today)).not.toMatch(/Quakkel|Zo[eë]lla/);
    const sourdough = (await app.ok('tags.list', { prefix: 'sourdough' }))[0]!;
    expect(sourdough.count).toBe(1);
    expect((await app.ok('tags.customers', { tagId: sourdough.id })).items.map((m) => m.id)).toEqual([bob.id]);
    // The customer she brought in stays, without the link to her.
    expect((await app.ok('customers.referrals', { id: friend.id })).referredBy).toBeNull();

    // The search indexes are sound after the merge of their segments.
    for (const table of ['customer_search', 'customer_numbers', 'memory_search']) {
      expect(() => sqliteArchive(app.archive).sqlite.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('integrity-check', 0)`).run()).not.toThrow();
    }
    expect(sqliteArchive(app.archive).sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  }, 60_000);

  it('refuses a second erasure, an export, a merge and bringing the row back, with clear codes', async () => {
    const app = testApp();
    const zoella = await app.ok('customers.create', { customer: ZOELLA });
    const other = await app.ok('customers.create', { customer: { givenName: 'Kees' } });
    expect((await app.fail('privacy.erase', { customerId: zoella.id })).fields).toHaveProperty('confirm');
    expect((await app.fail('privacy.erase', { customerId: zoella.id, confirm: false })).code).toBe('validation');
    expect((await app.fail('privacy.erase', { customerId: 999_999, confirm: true })).code).toBe('not_found');
    expect(await app.ok('customers.get', { id: zoella.id })).toMatchObject({ givenName: 'Zoëlla' });

    const erased = await app.ok('privacy.erase', { customerId: zoella.id, confirm: true });
    expect(await app.ok('privacy.status', { id: zoella.id })).toMatchObject({ erasedAt: erased.erasedAt, scrubbed: false, mergedInto: null, pendingScrubs: 1 });
    expect((await app.fail('privacy.erase', { customerId: zoella.id, confirm: true })).code).toBe('customer_erased');
    expect((await app.fail('privacy.export', { customerId: zoella.id })).code).toBe('customer_erased');
    expect((await app.fail('privacy.mergePreview', { survivorId: other.id, mergedId: zoella.id })).code).toBe('customer_erased');
    expect((await app.fail('privacy.merge', { survivorId: zoella.id, mergedId: other.id })).code).toBe('customer_erased');
    // Restoring from the archive or typing her details back in is refused by the archive itself,
    // and said so in words the shop understands.
    expect((await app.fail('customers.restore', { id: zoella.id })).code).toBe('customer_erased');
    expect((await app.fail('customers.update', { id: zoella.id, customer: ZOELLA })).code).toBe('customer_erased');
    expect((await app.ok('customers.get', { id: zoella.id })).displayName).toBe(`#${zoella.id}`);

    for (let step = 0; step < erased.scrubSteps.length; step++) await app.ok('privacy.scrub', { step, upTo: erased.erasedAt });
    expect(await app.ok('privacy.status', { id: zoella.id })).toMatchObject({ scrubbed: true, pendingScrubs: 0 });
    expect((await app.fail('privacy.scrub', { step: erased.scrubSteps.length, upTo: 0 })).code).toBe('validation');
  });

  it('erases an archived customer too, keeping interest counts and the notes search right', async () => {
    const app = testApp();
    const zoella = await app.ok('customers.create', { customer: ZOELLA });
    const kees = await app.ok('customers.create', { customer: { givenName: 'Kees', familyName: 'Quakkel' } });
    await app.ok('tags.add', { customerId: zoella.id, name: 'Poetry' });
    await app.ok('tags.add', { customerId: kees.id, name: 'Poetry' });
    await app.ok('notes.add', { customerId: zoella.id, kind: 'note', text: 'Reads Quakkelstein poems aloud' });
    await app.ok('customers.archive', { id: zoella.id });
    expect((await app.ok('tags.list', { prefix: 'poetry' }))[0]!.count).toBe(1);

    await eraseAll(app, zoella.id);
    expect((await app.ok('tags.list', { prefix: 'poetry' }))[0]!.count).toBe(1);
    expect(sqliteArchive(app.archive).sqlite.prepare('SELECT count(*) FROM memory_search WHERE memory_search MATCH ?').pluck().get('body : quakkelstein')).toBe(0);
    expect((await app.ok('customers.search', { query: 'Quakkel' })).hits.map((h) => h.id)).toEqual([kees.id]);
    expect(tracesIn(sqliteArchive(app.archive).file)).toEqual([]);
  });

  it('knows every table that holds a customer id', async () => {
    const app = testApp();
    const db = sqliteArchive(app.archive).sqlite;
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    const holding: Record<string, string[]> = {};
    for (const table of tables) {
      const byKey = (db.prepare(`PRAGMA foreign_key_list("${table}")`).all() as { table: string; from: string }[])
        .filter((fk) => fk.table === 'customers').map((fk) => fk.from);
      const byName = (db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[])
        .map((c) => c.name).filter((name) => name === 'customer_id');
      const columns = [...new Set([...byKey, ...byName])].sort();
      if (columns.length) holding[table] = columns;
    }
    const listed = Object.fromEntries(Object.entries(CUSTOMER_TABLES).map(([table, t]) => [table, [...t.columns].sort()]));
    expect(holding).toEqual(listed);
  });
});
