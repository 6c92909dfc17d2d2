import { sqliteArchive } from '../../db/archive.js';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Customer } from '../../main/api/contract.js';
import { CUSTOMER_TABLES, SERVER_CUSTOMER_TABLES } from '../../db/privacy/coverage.js';
import { seedArchive } from '../../main/node/seed.js';
import { dayOf } from '../../main/core/days.js';
import { testApp, type TestApp } from '../support/services.js';
import pg from 'pg';
import { itOnServer, onServer } from '../support/engine.js';
import { testDatabaseUrl } from '../support/postgres-each.js';

// Erasing a customer: their personal data is gone from every table and from both search
// indexes; their purchases and stamps stay in the books without a name. Checked on the
// bytes of the storage too, not only through the API:
//  - SQLite: the file's free pages and its WAL;
//  - PostgreSQL: every file of the test's database in the server's data folder (the test's
//    own throwaway cluster, tests/support/postgres-project.ts). Right after the erasure's
//    commit no query finds her, but her old row versions are still in the tables' and
//    indexes' pages; the scrub's steps rewrite those tables (VACUUM FULL, see
//    db/privacy/scrub-postgres.ts), after which no file of the database holds her. What
//    the server still keeps then is its WAL (pg_wal), until its segments are recycled, and
//    what its owner copied (WAL archives, base backups): not read here.

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

/** Every table of the archive (SQLite: the FTS5 tables and their shadow tables too). */
async function tableNames(app: TestApp): Promise<string[]> {
  if (!onServer) {
    return sqliteArchive(app.archive).sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  }
  const { rows } = await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(app.archive.db);
  return rows.map((r) => r.name);
}

/** Rows in any table that still mention her, found through SQL. */
async function tracesInTables(app: TestApp, extra: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const table of await tableNames(app)) {
    const { rows } = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(app.archive.db);
    for (const row of rows) {
      const text = Object.values(row).map((v) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : String(v))).join(' ').toLowerCase();
      for (const t of [...TRACES, ...extra]) if (text.includes(t.toLowerCase())) found.push(`${table}: ${t}`);
    }
  }
  return found;
}

/**
 * Her traces in the bytes of the archive's storage. SQLite: the file (after a passive
 * checkpoint) and its WAL. PostgreSQL: every file of this database in the server's data
 * folder, after a CHECKPOINT has written the server's buffers out; named by relation.
 */
async function tracesInStorage(app: TestApp, extra: readonly string[] = []): Promise<string[]> {
  if (!onServer) {
    const { file, sqlite } = sqliteArchive(app.archive);
    sqlite.pragma('wal_checkpoint(PASSIVE)');
    return [...tracesIn(file, extra), ...tracesIn(`${file}-wal`, extra).map((t) => `WAL: ${t}`)];
  }
  const db = app.archive.db;
  await sql`CHECKPOINT`.execute(db);
  const { rows: [where] } = await sql<{ data: string; folder: string }>`SELECT current_setting('data_directory') AS data,
    'base/' || (SELECT oid FROM pg_database WHERE datname = current_database()) AS folder`.execute(db);
  const { rows: relations } = await sql<{ file: string; name: string }>`SELECT pg_relation_filepath(oid) AS file, relname AS name
    FROM pg_class WHERE pg_relation_filepath(oid) IS NOT NULL`.execute(db);
  const names = new Map(relations.map((r) => [path.basename(r.file), r.name]));
  const folder = path.join(where!.data, where!.folder);
  const found: string[] = [];
  // Segments (16384.1), free space maps (16384_fsm) and files of dropped relations included.
  for (const file of fs.readdirSync(folder).sort()) {
    const relation = names.get(file.split(/[._]/)[0]!) ?? `file ${file}`;
    for (const t of tracesIn(path.join(folder, file), extra)) found.push(`${relation}: ${t}`);
  }
  return found;
}

async function scrubAll(app: TestApp, erased: { scrubSteps: readonly string[]; erasedAt: number }) {
  for (let step = 0; step < erased.scrubSteps.length; step++) {
    const progress = await app.ok('privacy.scrub', { step, upTo: erased.erasedAt });
    expect(progress.done).toBe(step === erased.scrubSteps.length - 1);
  }
}

async function eraseAll(app: TestApp, customerId: number) {
  const erased = await app.ok('privacy.erase', { customerId, confirm: true });
  await scrubAll(app, erased);
  return erased;
}

/** Her purchases in the books: how many, and what they came to. */
async function purchasesOf(app: TestApp, customerId: number): Promise<{ n: number; cents: number }> {
  const row = await app.archive.db.selectFrom('visits')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('amount_cents').as('cents')])
    .where('customer_id', '=', customerId)
    .executeTakeFirstOrThrow();
  return { n: Number(row.n), cents: Number(row.cents) };
}

/** Notes-search documents holding a folded word, read from the index itself. */
async function notesIndexed(app: TestApp, word: string): Promise<number> {
  if (!onServer) {
    return sqliteArchive(app.archive).sqlite.prepare('SELECT count(*) FROM memory_search WHERE memory_search MATCH ?').pluck().get(`body : ${word}`) as number;
  }
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM memory_search WHERE words @@ to_tsquery('simple', ${word})`.execute(app.archive.db);
  return Number(rows[0]!.n);
}

/** A customer with a history: seen often, edited, written about, buying, saving, referring. */
async function zoellaWithHistory(app: TestApp): Promise<{ zoella: Customer; bob: Customer; friend: Customer }> {
  await seedArchive(app.archive, { count: 2000, now: app.now.value });
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
    // The test itself would pass on storage that never held her: make sure it did.
    expect((await tracesInStorage(app, [card])).length).toBeGreaterThan(10);
    const before = await purchasesOf(app, zoella.id);
    const balance = (await app.ok('loyalty.summary', { customerId: zoella.id })).balance;

    const erased = await app.ok('privacy.erase', { customerId: zoella.id, confirm: true });
    if (onServer) {
      // Committed: no query finds her. Her old row versions are still in the pages of the
      // tables and indexes until the scrub rewrites them.
      expect(await tracesInTables(app, [card])).toEqual([]);
      expect(await tracesInStorage(app, [card])).not.toEqual([]);
      expect(await app.ok('privacy.status', { id: zoella.id })).toMatchObject({ scrubbed: false, pendingScrubs: 1 });
    }
    await scrubAll(app, erased);
    expect(await app.ok('privacy.status', { id: zoella.id })).toMatchObject({ scrubbed: true, pendingScrubs: 0 });

    expect(await tracesInTables(app, [card])).toEqual([]);
    expect(await tracesInStorage(app, [card])).toEqual([]);

    // The books: her purchases and stamps stay, with no name or text.
    expect(await purchasesOf(app, zoella.id)).toEqual(before);
    expect((await app.archive.db.selectFrom('visits').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('customer_id', '=', zoella.id).where('description', '<>', '').executeTakeFirstOrThrow()).n).toEqual(0);
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

    // SQLite: the FTS5 indexes are sound after the merge of their segments, by their own
    // check. (PostgreSQL rebuilt the rewritten tables' indexes: the searches above read them.)
    if (!onServer) {
      for (const table of ['customer_search', 'customer_numbers', 'memory_search']) {
        expect(() => sqliteArchive(app.archive).sqlite.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('integrity-check', 0)`).run()).not.toThrow();
      }
      expect(sqliteArchive(app.archive).sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    }
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
    expect(await notesIndexed(app, 'quakkelstein')).toBe(0);
    expect((await app.ok('customers.search', { query: 'Quakkel' })).hits.map((h) => h.id)).toEqual([kees.id]);
    expect(await tracesInStorage(app)).toEqual([]);
  });

  itOnServer('waits for a till that holds a table it must rewrite, then says the archive is busy; tried again, it goes through', async () => {
    const app = testApp();
    const zoella = await app.ok('customers.create', { customer: ZOELLA });
    const erased = await app.ok('privacy.erase', { customerId: zoella.id, confirm: true });
    // Another till in the middle of a long read of the customers: VACUUM FULL needs the table to itself.
    const till = new pg.Client({ connectionString: testDatabaseUrl() });
    await till.connect();
    try {
      await till.query('BEGIN');
      await till.query('SELECT count(*) FROM customers');
      const step = erased.scrubSteps.indexOf('customer_tables');
      expect(step).toBeGreaterThanOrEqual(0);
      expect((await app.fail('privacy.scrub', { step, upTo: erased.erasedAt })).code).toBe('archive_busy');
      await till.query('COMMIT');
    } finally {
      await till.end();
    }
    expect(await app.ok('privacy.status', { id: zoella.id })).toMatchObject({ scrubbed: false, pendingScrubs: 1 });
    await scrubAll(app, erased);
    expect(await app.ok('privacy.status', { id: zoella.id })).toMatchObject({ scrubbed: true, pendingScrubs: 0 });
  });

  it('knows every table that holds a customer id', async () => {
    const app = testApp();
    const holding: Record<string, string[]> = {};
    for (const table of await tableNames(app)) {
      const columns = [...new Set([...await customerKeysOf(app, table), ...await columnsOf(app, table)].filter((c) => c !== ''))].sort();
      if (columns.length) holding[table] = columns;
    }
    const tables = { ...CUSTOMER_TABLES, ...(onServer ? SERVER_CUSTOMER_TABLES : {}) };
    const listed = Object.fromEntries(Object.entries(tables).map(([table, t]) => [table, [...t.columns].sort()]));
    expect(holding).toEqual(listed);
  });
});

/** A table's columns with a foreign key to customers. */
async function customerKeysOf(app: TestApp, table: string): Promise<string[]> {
  if (!onServer) {
    return (sqliteArchive(app.archive).sqlite.prepare(`PRAGMA foreign_key_list("${table}")`).all() as { table: string; from: string }[])
      .filter((fk) => fk.table === 'customers').map((fk) => fk.from);
  }
  const { rows } = await sql<{ name: string }>`SELECT a.attname AS name FROM pg_constraint k
    JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)
    WHERE k.contype = 'f' AND k.conrelid = ${table}::regclass AND k.confrelid = 'customers'::regclass`.execute(app.archive.db);
  return rows.map((r) => r.name);
}

/** A table's column named customer_id, if it has one. */
async function columnsOf(app: TestApp, table: string): Promise<string[]> {
  if (!onServer) {
    return (sqliteArchive(app.archive).sqlite.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[])
      .map((c) => c.name).filter((name) => name === 'customer_id');
  }
  const { rows } = await sql<{ name: string }>`SELECT column_name AS name FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = ${table} AND column_name = 'customer_id'`.execute(app.archive.db);
  return rows.map((r) => r.name);
}
