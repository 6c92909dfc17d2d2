import { sqliteArchive, type Archive } from '../../db/archive.js';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../db/open.js';
import { openPostgresArchive } from '../../db/open-postgres.js';
import { openServices } from '../../main/node/services.js';
import { createApi } from '../../main/api/dispatch.js';
import { customerInput } from '../../main/api/customers/schema.js';
import { normalisePhone } from '../../main/core/phone.js';
import { fold } from '../../main/core/text.js';
import { confSettings } from '../../main/node/conf-settings.js';
import { ARCHIVE_FILE } from '../../main/node/data-dir.js';
import { seedCli } from '../../main/node/seed-cli.js';
import { demoCustomers, seedArchive, type DemoCustomer } from '../../main/node/seed.js';
import { tempDir, testApp } from '../support/services.js';
import { postgresAvailable, startMigratedPostgres, type TestPostgres } from '../support/postgres.js';

const NOW = Date.UTC(2026, 10, 25, 10, 0, 0);
const people = (count: number, seed?: number, start?: number) => [...demoCustomers(count, seed, start)];

describe('demo customers', () => {
  it('are the same for the same seed, whatever the count or where seeding starts', () => {
    const many = people(2100);
    expect(people(2100)).toEqual(many);
    expect(people(30)).toEqual(many.slice(0, 30));
    // Across a reseeding block boundary, as when --append continues an archive.
    expect(people(20, undefined, 1990)).toEqual(many.slice(1990, 2010));
    expect(people(30, 7)).not.toEqual(many.slice(0, 30));
  });

  it('pass the create contract unchanged, with every phone valid', () => {
    const all = people(2000, 3);
    for (const c of all) {
      for (const raw of c.phones) expect(normalisePhone(raw), raw).not.toBeNull();
      const { address, birthday, ...rest } = customerInput.parse(c);
      expect({ ...rest, address, birthday }).toEqual(c);
    }
    const share = (test: (c: DemoCustomer) => boolean) => all.filter(test).length / all.length;
    expect(share((c) => c.namePrefix !== '')).toBeGreaterThan(0.2);
    expect(share((c) => c.email !== '')).toBeCloseTo(0.7, 1);
    expect(share((c) => c.birthday !== null)).toBeCloseTo(0.6, 1);
    expect(share((c) => c.marketingConsent)).toBeCloseTo(0.5, 1);
    expect(share((c) => fold(c.givenName) !== c.givenName.toLowerCase())).toBeGreaterThan(0.03);
    const phones = all.flatMap((c) => c.phones);
    const shapes = new Set(phones.map((p) => p.replace(/\d/g, '9')));
    expect(shapes.size).toBeGreaterThan(20);
    for (const form of [/^06-\d{8}$/, /^06 \d\d \d\d \d\d \d\d$/, /^\+31 6 \d{4} \d{4}$/, /^00316\d{8}$/, /^0\d\d-\d{7}$/, /^\+32 4/]) {
      expect(phones.some((p) => form.test(p)), String(form)).toBe(true);
    }
  });
});

describe('seedArchive', () => {
  it('writes exactly what customers.create writes: rows, phones and search index', async () => {
    const count = 300;
    const seeded = openArchive(path.join(tempDir(), ARCHIVE_FILE));
    await seedArchive(seeded, { count, seed: 9, now: NOW });

    // Replay the same people through the real handler, with its clock and card random
    // fed the moments and card numbers the seeder chose.
    const made = seeded.sqlite.prepare('SELECT last_seen_at, card_number FROM customers ORDER BY id').all() as
      { last_seen_at: number; card_number: string }[];
    const dir = tempDir();
    const archive = openArchive(path.join(dir, ARCHIVE_FILE));
    let i = 0;
    const api = createApi({
      archive,
      settings: confSettings(dir, 'nl-NL'),
      clock: () => made[i]!.last_seen_at,
      random: () => Number(made[i]!.card_number.slice(2, 12)),
      app: { version: 'test', mode: 'cli', dataDir: dir },
    });
    for (const customer of demoCustomers(count, 9)) {
      const result = await api.call('customers.create', { customer });
      expect(result.ok, JSON.stringify(result)).toBe(true);
      i++;
    }

    // Every FTS table of the counter search, whatever the index design of the day, term by
    // term (memory_search holds notes, which seeding does not write).
    const dump = (sqlite: BetterSqlite3.Database) => {
      const fts = sqlite
        .prepare("SELECT name FROM sqlite_schema WHERE sql LIKE 'CREATE VIRTUAL TABLE%fts5%' AND name <> 'memory_search' ORDER BY name")
        .pluck().all() as string[];
      const tables = ['customers', 'customer_phones'].map((t) => sqlite.prepare(`SELECT * FROM ${t} ORDER BY id`).all());
      for (const name of fts) {
        sqlite.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab_${name} USING fts5vocab(main, '${name}', 'instance')`);
        tables.push(sqlite.prepare(`SELECT term, doc, col, offset FROM temp.vocab_${name} ORDER BY doc, col, offset`).all());
      }
      return tables;
    };
    const seededDump = dump(seeded.sqlite);
    expect(seededDump[0]).toHaveLength(count);
    expect(seededDump.length).toBeGreaterThan(2);
    for (const index of seededDump.slice(2)) expect(index.length).toBeGreaterThan(count);
    expect(dump(sqliteArchive(archive).sqlite)).toEqual(seededDump);
    await seeded.close();
    await archive.close();
  });

  it('spreads last seen over two years in search_key order, and appends new people', async () => {
    const archive = openArchive(path.join(tempDir(), ARCHIVE_FILE));
    const progress: number[] = [];
    await seedArchive(archive, { count: 700, now: NOW, batchSize: 250, onProgress: (done) => progress.push(done) });
    expect(progress).toEqual([250, 500, 700]);
    const second = await seedArchive(archive, { count: 600, now: NOW + 1000 });
    expect(second).toMatchObject({ start: 700, inserted: 600 });
    const rows = sqliteArchive(archive).sqlite.prepare('SELECT given_name, family_name, search_key, last_seen_at FROM customers ORDER BY id').all() as
      { given_name: string; family_name: string; search_key: number; last_seen_at: number }[];
    expect(rows.map((r) => [r.given_name, r.family_name])).toEqual(people(1300).map((c) => [c.givenName, c.familyName]));
    rows.forEach((r, at) => {
      expect(r.search_key).toBe(at + 1);
      if (at > 0) expect(r.last_seen_at).toBeGreaterThan(rows[at - 1]!.last_seen_at);
    });
    expect(rows[0]!.last_seen_at).toBeGreaterThan(NOW - 2 * 366 * 24 * 3600 * 1000);
    expect(rows.at(-1)!.last_seen_at).toBeLessThanOrEqual(NOW + 1000);
    await archive.close();
  });

  it('leaves an archive the counter search finds customers in', async () => {
    const app = testApp();
    await seedArchive(app.archive, { count: 2000, seed: 5 });
    const find = async (query: string) => (await app.ok('customers.search', { query })).hits.map((h) => h.id);
    const customer = (id: number) => app.ok('customers.get', { id });

    const accented = sqliteArchive(app.archive).sqlite
      .prepare("SELECT id FROM customers WHERE given_name IN ('José', 'Ünal', 'Zoë', 'Chloé', 'Anaïs', 'Björn', 'Noël', 'Inès', 'Jérôme', 'Søren') ORDER BY id LIMIT 1")
      .pluck().get() as number;
    const c = await customer(accented);
    const plain = fold(c.givenName);
    expect(plain).not.toBe(c.givenName.toLowerCase());
    expect(await find(`${plain.slice(0, 4)} ${c.familyName.slice(0, 3)}`)).toContain(accented);

    const withPhone = sqliteArchive(app.archive).sqlite.prepare('SELECT customer_id FROM customer_phones WHERE e164 LIKE ? ORDER BY id LIMIT 1');
    for (const country of ['+316%', '+31%', '+32%']) {
      const id = withPhone.pluck().get(country) as number;
      const phone = (await customer(id)).phones[0]!;
      const digits = normalisePhone(phone.raw)!.nationalDigits;
      expect(await find(digits.slice(1, 8)), `${phone.raw} by ${digits.slice(1, 8)}`).toContain(id);
      expect(await find(phone.raw), phone.raw).toContain(id);
    }
    const last = await customer(2000);
    expect((await app.ok('customers.search', { query: last.cardNumber })).card?.id).toBe(2000);
  });
});

describe('seed CLI', () => {
  const cli = async (dir: string, ...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await seedCli(argv, { env: { COUNTERPART_DATA_DIR: dir }, out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('fills an empty data folder, refuses a full one, and appends on request', async () => {
    const dir = tempDir();
    expect(await cli(dir, '--customers', '40')).toMatchObject({ code: 0, out: expect.stringMatching(/Seeded 40 demo customers .* it now holds 40\./) });
    expect(await cli(dir, '--customers', '40')).toMatchObject({ code: 1, err: expect.stringMatching(/already holds 40 customers/) });
    expect(await cli(dir, '--customers', '10', '--append')).toMatchObject({ code: 0, out: expect.stringMatching(/it now holds 50\./) });
    expect(await cli(dir, '--customers', 'many')).toMatchObject({ code: 2 });
  });

  it('runs as npm run seed does', async () => {
    const dir = tempDir();
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'main/node/seed-cli.ts', '--customers', '25'], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { ...process.env, COUNTERPART_DATA_DIR: dir },
    });
    expect(stdout).toMatch(/Seeded 25 demo customers .* it now holds 25\./);
  }, 30_000);
});

// The same seeding on the shared archive (COUNTERPART_DATABASE_URL): a Kysely path with
// multi-row statements, a few thousand customers a transaction, on a real server.
describe.skipIf(!postgresAvailable())('seeding a shared archive on PostgreSQL', () => {
  let server: TestPostgres;
  let databases = 0;
  const opened: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    server = await startMigratedPostgres();
  }, 120_000);

  afterAll(async () => {
    await Promise.all(opened.map((a) => a.close()));
    await server?.stop();
  });

  const freshDatabase = () => server.createDatabase(`seed_${++databases}`, { template: 'migrated' });
  const serverArchive = async (url?: string): Promise<Archive> => {
    const archive = await openPostgresArchive(url ?? (await freshDatabase()), { zone: 'Europe/Amsterdam', till: 'seed test' });
    opened.push(archive);
    return archive;
  };
  const rows = async (archive: Archive, query: ReturnType<typeof sql>) => (await query.execute(archive.db)).rows;

  it('writes exactly what customers.create writes there: rows, phones and search tokens, the same people as on the file', async () => {
    const count = 300;
    const seeded = await serverArchive();
    await seedArchive(seeded, { count, seed: 9, now: NOW, batchSize: 120 });

    const made = await rows(seeded, sql`SELECT last_seen_at, card_number FROM customers ORDER BY id`) as { last_seen_at: number; card_number: string }[];
    const archive = await serverArchive();
    const dir = tempDir();
    let i = 0;
    const api = createApi({
      archive,
      settings: confSettings(dir, 'nl-NL'),
      clock: () => made[i]!.last_seen_at,
      random: () => Number(made[i]!.card_number.slice(2, 12)),
      app: { version: 'test', mode: 'cli', dataDir: dir },
    });
    for (const customer of demoCustomers(count, 9)) {
      const result = await api.call('customers.create', { customer });
      expect(result.ok, JSON.stringify(result)).toBe(true);
      i++;
    }
    const dump = (a: Archive) => Promise.all([
      rows(a, sql`SELECT * FROM customers ORDER BY id`),
      rows(a, sql`SELECT * FROM customer_phones ORDER BY id`),
      rows(a, sql`SELECT search_key, field, token FROM customer_search ORDER BY search_key, field, token`),
    ]);
    const seededDump = await dump(seeded);
    expect(seededDump[0]).toHaveLength(count);
    expect(seededDump[2]!.length).toBeGreaterThan(count * 3);
    expect(await dump(archive)).toEqual(seededDump);

    // The same demo shop as the data folder's file gets: every column of every customer.
    const file = openArchive(path.join(tempDir(), ARCHIVE_FILE));
    await seedArchive(file, { count, seed: 9, now: NOW });
    expect(file.sqlite.prepare('SELECT * FROM customers ORDER BY id').all()).toEqual(seededDump[0]);
    await file.close();
  }, 60_000);

  it('spreads last seen over two years in search_key order, and appends new people', async () => {
    const archive = await serverArchive();
    const progress: number[] = [];
    await seedArchive(archive, { count: 700, now: NOW, batchSize: 250, onProgress: (done) => progress.push(done) });
    expect(progress).toEqual([250, 500, 700]);
    const second = await seedArchive(archive, { count: 600, now: NOW + 1000 });
    expect(second).toMatchObject({ start: 700, inserted: 600 });
    const all = await rows(archive, sql`SELECT given_name, family_name, search_key, last_seen_at, card_number FROM customers ORDER BY id`) as
      { given_name: string; family_name: string; search_key: number; last_seen_at: number; card_number: string }[];
    expect(all.map((r) => [r.given_name, r.family_name])).toEqual(people(1300).map((c) => [c.givenName, c.familyName]));
    all.forEach((r, at) => {
      expect(r.search_key).toBe(at + 1);
      if (at > 0) expect(r.last_seen_at).toBeGreaterThan(all[at - 1]!.last_seen_at);
    });
    expect(new Set(all.map((r) => r.card_number)).size).toBe(1300);
    expect(all.at(-1)!.last_seen_at).toBeLessThanOrEqual(NOW + 1000);
  }, 60_000);

  it('leaves an archive the counter search of a till finds customers in', async () => {
    const url = await freshDatabase();
    const services = openServices({ dataDir: tempDir(), mode: 'web', settings: (dir) => confSettings(dir, 'nl-NL'), databaseUrl: url, till: 'seed test', log: process.env.COUNTERPART_TEST_LOG ? (m, e) => console.error(m, e) : () => {} });
    opened.push(services);
    await seedArchive(await serverArchive(url), { count: 2000, seed: 5 });
    const call = async (name: string, input: unknown) => {
      const result = await services.api.call(name as never, input as never);
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      return result.value as never;
    };
    const find = async (query: string) => ((await call('customers.search', { query })) as { hits: { id: number }[] }).hits.map((h) => h.id);
    const customer = (id: number) => call('customers.get', { id }) as Promise<{ givenName: string; familyName: string; cardNumber: string; phones: { raw: string }[] }>;

    const [accented] = await rows(services.archive, sql`SELECT id FROM customers WHERE given_name IN ('José', 'Ünal', 'Zoë', 'Chloé', 'Anaïs', 'Björn', 'Noël', 'Inès', 'Jérôme', 'Søren') ORDER BY id LIMIT 1`) as { id: number }[];
    const c = await customer(accented!.id);
    expect(await find(`${fold(c.givenName).slice(0, 4)} ${c.familyName.slice(0, 3)}`)).toContain(accented!.id);
    for (const country of ['+316%', '+31%', '+32%']) {
      const [row] = await rows(services.archive, sql`SELECT customer_id FROM customer_phones WHERE e164 LIKE ${country} ORDER BY id LIMIT 1`) as { customer_id: number }[];
      const phone = (await customer(row!.customer_id)).phones[0]!;
      const digits = normalisePhone(phone.raw)!.nationalDigits;
      expect(await find(digits.slice(1, 8)), `${phone.raw} by ${digits.slice(1, 8)}`).toContain(row!.customer_id);
      expect(await find(phone.raw), phone.raw).toContain(row!.customer_id);
    }
    const last = await customer(2000);
    expect(((await call('customers.search', { query: last.cardNumber })) as { card: { id: number } | null }).card?.id).toBe(2000);
  }, 60_000);

  it('fills the server COUNTERPART_DATABASE_URL names, refuses a full one, appends on request, never shows the password', async () => {
    const url = await freshDatabase();
    const password = decodeURIComponent(new URL(url).password);
    const cli = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await seedCli(argv, { env: { COUNTERPART_DATABASE_URL: url, COUNTERPART_DATA_DIR: tempDir() }, out: (l) => out.push(l), err: (l) => err.push(l) });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    const first = await cli('--customers', '40');
    expect(first).toMatchObject({ code: 0, out: expect.stringMatching(/Seeded 40 demo customers .* into the shared archive 127\.0\.0\.1:\d+\/seed_\d+ .* it now holds 40\./) });
    expect(await cli('--customers', '40')).toMatchObject({ code: 1, err: expect.stringMatching(/already holds 40 customers.*\n.*COUNTERPART_DATABASE_URL/) });
    expect(await cli('--customers', '10', '--append')).toMatchObject({ code: 0, out: expect.stringMatching(/it now holds 50\./) });
    const unreachable = await seedCli(['--customers', '1'], {
      env: { COUNTERPART_DATABASE_URL: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:1/nowhere` },
      out: () => {}, err: (line) => expect(line).toMatch(/^Not seeding the shared archive: The shared archive cannot be reached/),
    });
    expect(unreachable).toBe(1);
    for (const said of [first.out, first.err]) expect(said).not.toContain(password);
  }, 60_000);

  it('runs as `COUNTERPART_DATABASE_URL=… npm run seed` does', async () => {
    const url = await freshDatabase();
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'main/node/seed-cli.ts', '--customers', '25'], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { ...process.env, COUNTERPART_DATABASE_URL: url, COUNTERPART_DATA_DIR: tempDir() },
    });
    expect(stdout).toMatch(/Seeded 25 demo customers .* it now holds 25\./);
    const archive = await serverArchive(url);
    expect(await rows(archive, sql`SELECT count(*) AS n FROM customer_search`)).not.toEqual([{ n: 0 }]);
  }, 30_000);
});
