import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../db/open.js';
import { TargetNotEmptyError } from '../../db/copy/copy-archive.js';
import { confSettings } from '../../main/node/conf-settings.js';
import { moveToFile, moveToServer } from '../../main/node/cli/move.js';
import { moveToServerCommand } from '../../main/node/cli/move-commands.js';
import { openServices } from '../../main/node/services.js';
import { ARCHIVE_FILE } from '../../main/node/data-dir.js';
import { postgresAvailable, postgresKysely, startMigratedPostgres, type TestPostgres } from '../support/postgres.js';
import { archiveRows, buildCopyShop, type CopyShop } from '../support/copy-shop.js';
import { tempDir, testApp } from '../support/services.js';

// `npm run cli -- move-to-server` and `move-to-file` (main/node/cli/move.ts): a shop's
// archive goes from its SQLite file into an empty PostgreSQL database and back, every row
// with its id, and each copy proves itself (row counts, `check`, the same search answers).

describe.skipIf(!postgresAvailable())('moving an archive between the file and the server', () => {
  let server: TestPostgres;
  let shop: CopyShop;
  let databases = 0;
  const emptyDatabase = () => server.createDatabase(`moved_${++databases}`);

  beforeAll(async () => {
    server = await startMigratedPostgres();
    shop = await buildCopyShop(tempDir('counterpart-shop-', false));
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    if (shop) fs.rmSync(shop.dataDir, { recursive: true, force: true });
  });

  const rowsOfFile = async (file: string) => {
    const archive = openArchive(file, { readonly: true });
    try {
      return await archiveRows(archive.db);
    } finally {
      await archive.close();
    }
  };

  const rowsOfServer = async (url: string) => {
    const db = postgresKysely<never>(url);
    try {
      return await archiveRows(db as never);
    } finally {
      await db.destroy();
    }
  };

  it('moves the file to an empty server and back: every row alike, verified each way', async () => {
    const url = await emptyDatabase();
    const seen: string[] = [];
    const began = performance.now();
    const moved = await moveToServer(shop.dataDir, url, { onProgress: (table, done, total) => done === total && seen.push(table) });
    console.log(`move-to-server of the test shop (${moved.counts.customers} customers, ${moved.counts.visits} visits): ${Math.round(performance.now() - began)} ms`);
    expect(moved.verification).toMatchObject({ ok: true, counts: [], balances: { mismatches: 0 }, searches: { differing: [] } });
    expect(moved.verification.searches.asked).toBeGreaterThanOrEqual(15);
    expect(seen).toEqual(expect.arrayContaining(['customers', 'ledger_entries', 'counter search', 'notes search']));
    const original = await rowsOfFile(shop.file);
    expect(original.customers!.length).toBeGreaterThan(200);
    expect(await rowsOfServer(url)).toEqual(original);

    const back = path.join(tempDir(), 'back', ARCHIVE_FILE);
    fs.mkdirSync(path.dirname(back));
    const returned = await moveToFile(url, back);
    expect(returned.verification.ok).toBe(true);
    expect(returned.counts).toEqual(moved.counts);
    // A standalone file, like a backup.
    expect(fs.existsSync(`${back}-wal`)).toBe(false);
    expect(await rowsOfFile(back)).toEqual(original);

    // The file that came back works like the one that left: notes and names are found alike.
    const before = testApp({ dataDir: shop.dataDir });
    const after = testApp({ dataDir: path.dirname(back) });
    for (const query of [shop.noteWord, 'José', 'van den berg', '0612345678']) {
      expect(await after.ok('customers.search', { query })).toEqual(await before.ok('customers.search', { query }));
    }
    expect(await after.ok('loyalty.summary', { customerId: shop.regular })).toEqual(await before.ok('loyalty.summary', { customerId: shop.regular }));
    await before.close();
    await after.close();
  }, 120_000);

  it('leaves a server a till can carry on with: fresh ids and search keys, the shop found by name', async () => {
    const url = await emptyDatabase();
    expect((await moveToServer(shop.dataDir, url)).verification.ok).toBe(true);
    const now = { value: Date.UTC(2026, 11, 7, 10) };
    const till = openServices({ dataDir: tempDir(), mode: 'web', settings: (dir) => confSettings(dir, 'nl-NL'), clock: () => now.value++, databaseUrl: url, till: 'test', log: () => {} });
    try {
      const call = async (name: string, input: unknown) => {
        const result = await till.api.call(name as never, input as never);
        if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
        return result.value as never;
      };
      const highest = Math.max(...(await rowsOfFile(shop.file)).customers!.map((c) => (c as { id: number }).id));
      const created: { id: number } = await call('customers.create', { customer: { givenName: 'Nieuwe', familyName: 'Klant' } });
      expect(created.id).toBeGreaterThan(highest);
      await call('loyalty.recordPurchase', { customerId: created.id, amount: '12,50', locale: 'nl', description: '' });
      const found: { hits: { id: number }[] } = await call('customers.search', { query: 'nieuwe klant' });
      expect(found.hits[0]?.id).toBe(created.id);
      // The newest customer comes first among the moved ones too: their search key is the highest.
      const berg: { hits: { displayName: string }[] } = await call('customers.search', { query: 'berg' });
      expect(berg.hits[0]?.displayName).toBe('José van den Berg');
      expect(await call('loyalty.check', {})).toMatchObject({ ok: true });
      expect(await call('notes.timeline', { customerId: shop.regular })).toBeTruthy();
    } finally {
      await till.close();
    }
  }, 120_000);

  it('refuses a target that already holds an archive, and a file that exists, writing nothing', async () => {
    const url = await emptyDatabase();
    await moveToServer(shop.dataDir, url);
    const before = await rowsOfServer(url);
    await expect(moveToServer(shop.dataDir, url)).rejects.toBeInstanceOf(TargetNotEmptyError);
    expect(await rowsOfServer(url)).toEqual(before);

    const existing = path.join(tempDir(), 'there.sqlite');
    fs.writeFileSync(existing, 'mine');
    await expect(moveToFile(url, existing)).rejects.toThrow(/exists already/);
    expect(fs.readFileSync(existing, 'utf8')).toBe('mine');

    // The command line says so in one line and exits 1.
    const lines: string[] = [];
    const code = await moveToServerCommand.run({ dataDir: shop.dataDir, settings: confSettings(shop.dataDir, 'nl-NL') }, [url], (line) => lines.push(line));
    expect(code).toBe(1);
    expect(lines.at(-1)).toMatch(/not empty .*Nothing was written/);
  }, 120_000);

  it('a copy that fails at its last step leaves the server as empty as it was, indexes and foreign keys in place', async () => {
    const url = await server.createDatabase(`moved_${++databases}`, { template: 'migrated' });
    const db = postgresKysely<never>(url);
    const schemaOf = async () => (await sql<{ what: string }>`
      SELECT 'index ' || indexdef AS what FROM pg_indexes WHERE schemaname = current_schema()
      UNION ALL SELECT 'constraint ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace
      ORDER BY 1`.execute(db)).rows.map((r) => r.what);
    try {
      const schema = await schemaOf();
      expect(schema.filter((line) => line.includes('FOREIGN KEY')).length).toBeGreaterThan(10);
      const rows = await archiveRows(db as never);
      // A file whose one phone points at a customer it does not hold: found only when the
      // server checks its foreign keys, after every row and search document is in.
      const broken = tempDir();
      const source = new BetterSqlite3(shop.file, { readonly: true });
      await source.backup(path.join(broken, ARCHIVE_FILE));
      source.close();
      const file = new BetterSqlite3(path.join(broken, ARCHIVE_FILE));
      file.pragma('foreign_keys = OFF');
      file.prepare("INSERT INTO customer_phones (customer_id, position, raw, e164, national_digits) VALUES (999999, 0, '0612', '+31612', '0612')").run();
      file.close();
      await expect(moveToServer(broken, url)).rejects.toThrow(/foreign key/);
      expect(await archiveRows(db as never)).toEqual(rows);
      expect(await schemaOf()).toEqual(schema);
      // And the sound file goes in afterwards.
      expect((await moveToServer(shop.dataDir, url)).verification.ok).toBe(true);
    } finally {
      await db.destroy();
    }
  }, 120_000);

  it('moves through the command line, reporting progress and the proof', async () => {
    const url = await emptyDatabase();
    const lines: string[] = [];
    const code = await moveToServerCommand.run({ dataDir: shop.dataDir, settings: confSettings(shop.dataDir, 'nl-NL') }, [url], (line) => lines.push(line));
    expect(code).toBe(0);
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^ {2}customers: \d/), expect.stringMatching(/^Verified: /)]));
  }, 120_000);
});
