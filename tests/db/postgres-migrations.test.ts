import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DB, LedgerKind } from '../../db/schema.js';
import { ArchiveRefusedError } from '../../db/archive-file.js';
import { openArchive } from '../../db/open.js';
import { migrations as sqliteMigrations, LATEST_SCHEMA_VERSION } from '../../db/migrations/index.js';
import { postgresMigrations, LATEST_POSTGRES_SCHEMA_VERSION } from '../../db/migrations/postgres/index.js';
import { migration007 } from '../../db/migrations/postgres/007_insights.js';
import { visitStatsOf } from '../../db/memory/visit-stats.js';
import { insightVersion } from '../../db/insights/state.js';
import { dayNumber, shopDayNumber } from '../../main/core/days.js';
import { migratePostgres } from '../../db/migrations/postgres/run.js';
import type { PostgresMigration } from '../../db/migrations/postgres/types.js';
import { postgresAvailable, postgresKysely, startMigratedPostgres, startPostgres, type TestPostgres } from '../support/postgres.js';
import { tempDir } from '../support/services.js';

// The PostgreSQL schema (db/migrations/postgres/) on a real server: a throwaway cluster per
// run of this file (tests/support/postgres.ts). It proves, on data, what the SQLite
// migration tests prove of the SQLite schema, through Kysely with PostgresDialect and the
// app's own table types (db/schema.ts).

const at = (day: string, time = '10:00:00') => Date.parse(`${day}T${time}Z`);
const month = (year: number, m: number) => year * 12 + m - 1;
/** A moment in Amsterdam's winter time (UTC+1). */
const amsterdam = (day: string, time: string) => Date.parse(`${day}T${time}:00+01:00`);

/** The shop's zone: every connection these tests make sets it, as the app's pool does (013). */
const SHOP_ZONE = 'Europe/Amsterdam';
/** A connection URL whose sessions start with TimeZone set to `zone`. */
const inZone = (url: string, zone: string) => `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c TimeZone=${zone}`)}`;

type Db = Kysely<DB>;

async function insertCustomer(db: Db, name: string, card: string, extra: { archived_at?: number | null } = {}): Promise<number> {
  const row = await db.insertInto('customers').values({
    given_name: name, name_prefix: '', family_name: '', salutation: '', email: null,
    address_street: '', address_postal_code: '', address_city: '',
    birthday_day: null, birthday_month: null, birth_year: null, preferred_channel: null,
    language: 'nl', marketing_consent: 0, consent_changed_at: null, card_number: card,
    search_key: sql<number>`(SELECT coalesce(max(search_key), 0) + 1 FROM customers)`,
    created_at: 1, updated_at: 1, last_seen_at: 1, archived_at: extra.archived_at ?? null,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

async function insertVisit(db: Db, customerId: number, amountCents: number, occurredAt: number, reversesId: number | null = null, description = ''): Promise<number> {
  const row = await db.insertInto('visits')
    .values({ customer_id: customerId, kind: 'purchase', amount_cents: amountCents, description, carry_cents: 0, reverses_id: reversesId, occurred_at: occurredAt })
    .returning('id').executeTakeFirstOrThrow();
  return row.id;
}

const rows = async <T>(db: Db, query: RawBuilder<T>) => (await query.execute(db)).rows;
const value = async <T>(db: Db, query: RawBuilder<{ v: T }>) => (await query.execute(db)).rows[0]?.v;

/** Tables, columns, indexes and triggers of the current schema: what a second run must leave alone. */
async function schemaOf(db: Db) {
  return {
    columns: await rows(db, sql<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>`
      SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
      WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`),
    indexes: await rows(db, sql<{ indexname: string; indexdef: string }>`
      SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname`),
    triggers: await rows(db, sql<{ tgname: string }>`SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname`),
    functions: await rows(db, sql<{ proname: string; src: string }>`
      SELECT p.proname, p.prosrc AS src FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = current_schema() ORDER BY p.proname`),
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe.skipIf(!postgresAvailable())('the PostgreSQL schema', () => {
  let server: TestPostgres;
  const pools: Db[] = [];
  let databases = 0;

  beforeAll(async () => {
    server = await startMigratedPostgres();
  }, 120_000);

  // Each test's pools close after it: the server takes 40 connections, and a pool keeps up to 4.
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((db) => db.destroy()));
  });

  afterAll(async () => {
    await Promise.all(pools.map((db) => db.destroy()));
    await server?.stop();
  });

  /** A pool whose every connection sets `zone` (null: the server's or database's default). */
  async function connect(url: string, zone: string | null = SHOP_ZONE): Promise<Db> {
    const db = postgresKysely<DB>(zone === null ? url : inZone(url, zone));
    pools.push(db);
    return db;
  }
  const emptyDatabase = async () => connect(await server.createDatabase(`empty_${++databases}`));
  const migratedDatabase = async () => connect(await server.createDatabase(`data_${++databases}`, { template: 'migrated' }));

  describe('the migrations and their runner', () => {
    it('are SQLite’s steps, numbered and named alike, every one of them', () => {
      expect(postgresMigrations.map((m) => m.version)).toEqual(postgresMigrations.map((_, i) => i + 1));
      expect(LATEST_POSTGRES_SCHEMA_VERSION).toBe(postgresMigrations.length);
      // A new SQLite migration needs its PostgreSQL step, with the same number and name, in
      // the same commit: a schema version must mean the same tables on either engine.
      const missing = sqliteMigrations
        .filter((m) => !postgresMigrations.some((p) => p.version === m.version && p.name === m.name))
        .map((m) => `db/migrations/postgres/${String(m.version).padStart(3, '0')}_${m.name}.ts`);
      expect(missing, 'SQLite migrations without a PostgreSQL counterpart (write these, add them to db/migrations/postgres/index.ts)').toEqual([]);
      expect(postgresMigrations.map((m) => [m.version, m.name])).toEqual(sqliteMigrations.map((m) => [m.version, m.name]));
      expect(LATEST_POSTGRES_SCHEMA_VERSION).toBe(LATEST_SCHEMA_VERSION);

      // And file for file: NNN_name.ts in db/migrations/ beside NNN_name.ts in postgres/, each
      // exporting the step its file name says (a file written but not listed is caught too).
      const steps = (dir: string) => fs.readdirSync(dir).filter((f) => /^\d{3}_[a-z0-9_]+\.ts$/.test(f)).sort();
      const root = path.join(import.meta.dirname, '../../db/migrations');
      const liteFiles = steps(root);
      expect(liteFiles).toEqual(sqliteMigrations.map((m) => `${String(m.version).padStart(3, '0')}_${m.name}.ts`));
      expect(steps(path.join(root, 'postgres'))).toEqual(liteFiles);
    });

    it('migrate an empty database in steps to the latest version, and a second run changes nothing', async () => {
      const db = await emptyDatabase();
      expect(await migratePostgres(db, postgresMigrations.slice(0, 3))).toEqual({ from: 0, to: 3 });
      expect(await rows(db, sql`SELECT id, application_id, version FROM schema_version`))
        .toEqual([{ id: 1, application_id: 0x43505254, version: 3 }]);
      expect(await migratePostgres(db)).toEqual({ from: 3, to: LATEST_POSTGRES_SCHEMA_VERSION });

      const before = await schemaOf(db);
      const state = await rows(db, sql`SELECT * FROM insight_state`);
      const programs = await rows(db, sql`SELECT * FROM loyalty_programs`);
      expect(await migratePostgres(db)).toEqual({ from: LATEST_POSTGRES_SCHEMA_VERSION, to: LATEST_POSTGRES_SCHEMA_VERSION });
      expect(await schemaOf(db)).toEqual(before);
      expect(await rows(db, sql`SELECT * FROM insight_state`)).toEqual(state);
      expect(await rows(db, sql`SELECT * FROM loyalty_programs`)).toEqual(programs);
      expect(await value(db, sql<{ v: number }>`SELECT version AS v FROM schema_version`)).toBe(LATEST_POSTGRES_SCHEMA_VERSION);
    });

    it('make the tables, columns, indexes and triggers SQLite has, less the search structures, which differ by engine on purpose', async () => {
      const file = path.join(tempDir(), 'a.sqlite');
      const archive = openArchive(file, { migrations: sqliteMigrations.slice(0, LATEST_POSTGRES_SCHEMA_VERSION) });
      const lite = archive.sqlite;
      const virtual = lite.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'").pluck().all() as string[];
      expect(virtual.sort()).toEqual(['customer_numbers', 'customer_search', 'memory_search']);
      const tables = (lite.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[])
        .filter((name) => !virtual.some((v) => name === v || name.startsWith(`${v}_`)));
      const sqliteColumns = tables.flatMap((table) =>
        (lite.prepare('SELECT name, type, "notnull", pk FROM pragma_table_info(?) ORDER BY cid').all(table) as { name: string; type: string; notnull: number; pk: number }[])
          .map((c) => ({ table, column: c.name, type: c.type === 'INTEGER' ? 'integer' : 'text', notNull: c.notnull === 1 || c.pk > 0 })));
      const sqliteIndexes = lite.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").pluck().all() as string[];
      const sqliteTriggers = lite.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").pluck().all() as string[];
      await archive.close();

      const db = await migratedDatabase();
      // The counter search index is per engine (db/customers/customer-search-index.ts): SQLite's
      // FTS5 tables above, here a token table with a btree and a pg_trgm index (001).
      // The notes search likewise (db/memory/memory-search-index.ts): a table with a GIN index (016).
      const pgSearch = {
        tables: ['customer_search', 'memory_search'],
        indexes: ['customer_search_inside', 'customer_search_key', 'customer_search_token', 'memory_search_customer', 'memory_search_words'],
      };
      // The insights' change counts per connection (017): SQLite's one writer keeps the one row.
      const pgOnly = ['insight_changes'];
      const pgColumns = (await rows(db, sql<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>`
        SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name <> 'schema_version' ORDER BY table_name, ordinal_position`))
        .filter((c) => !pgSearch.tables.includes(c.table_name) && !pgOnly.includes(c.table_name))
        .map((c) => ({
          table: c.table_name, column: c.column_name,
          type: c.data_type === 'bigint' || c.data_type === 'integer' ? 'integer' : c.data_type,
          notNull: c.is_nullable === 'NO',
        }));
      expect(pgColumns).toEqual(sqliteColumns.sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : 0)));

      // Named indexes (not the ones behind a primary key or UNIQUE), by the same names.
      const pgIndexes = await rows(db, sql<{ name: string }>`
        SELECT i.relname AS name FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
        WHERE n.nspname = current_schema() AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)
        ORDER BY 1`);
      expect(pgIndexes.map((i) => i.name).filter((name) => !pgSearch.indexes.includes(name))).toEqual(sqliteIndexes);
      expect(pgIndexes.map((i) => i.name)).toEqual(expect.arrayContaining(pgSearch.indexes));

      // The same triggers, and on each append-only (or counted) table one refusing TRUNCATE,
      // which SQLite does not have.
      const pgTriggers = (await rows(db, sql<{ tgname: string }>`SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname`)).map((t) => t.tgname);
      const truncate = ['customer_entry_revisions_append_only_t', 'customer_merges_append_only_t', 'customer_tags_count_t', 'erasure_register_append_only_t',
        'ledger_entries_append_only_t', 'visits_append_only_t'];
      // The change notifications (019): a file has no NOTIFY, so SQLite has no such triggers.
      const notifying = (t: string) => /_changes_[iud]$/.test(t);
      expect(pgTriggers.filter((t) => !truncate.includes(t) && !notifying(t))).toEqual(sqliteTriggers);
      expect(pgTriggers).toEqual(expect.arrayContaining(truncate));
    });

    it('refuse a schema newer than the app, leaving it as it is', async () => {
      const db = await migratedDatabase();
      await sql`UPDATE schema_version SET version = ${LATEST_POSTGRES_SCHEMA_VERSION + 1}`.execute(db);
      const before = await schemaOf(db);
      const error = await migratePostgres(db).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ArchiveRefusedError);
      expect(error).toMatchObject({ code: 'db_too_new', details: { fileVersion: LATEST_POSTGRES_SCHEMA_VERSION + 1, appVersion: LATEST_POSTGRES_SCHEMA_VERSION } });
      expect(await value(db, sql<{ v: number }>`SELECT version AS v FROM schema_version`)).toBe(LATEST_POSTGRES_SCHEMA_VERSION + 1);
      expect(await schemaOf(db)).toEqual(before);

      // An older app against a database an update has migrated further.
      const newer = await migratedDatabase();
      await expect(migratePostgres(newer, postgresMigrations.slice(0, 9)))
        .rejects.toMatchObject({ code: 'db_too_new', details: { fileVersion: LATEST_POSTGRES_SCHEMA_VERSION, appVersion: 9 } });
    });

    it('refuse another program’s database without touching it', async () => {
      const db = await emptyDatabase();
      await sql`CREATE TABLE invoices (id BIGINT PRIMARY KEY)`.execute(db);
      await sql`INSERT INTO invoices VALUES (1)`.execute(db);
      await expect(migratePostgres(db)).rejects.toMatchObject({ code: 'not_an_archive' });
      const tables = await rows(db, sql<{ tablename: string }>`SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`);
      expect(tables).toEqual([{ tablename: 'invoices' }]);

      const lookalike = await emptyDatabase();
      await sql`CREATE TABLE schema_version (id INTEGER PRIMARY KEY, application_id INTEGER, version INTEGER)`.execute(lookalike);
      await sql`INSERT INTO schema_version VALUES (1, 42, 1)`.execute(lookalike);
      await expect(migratePostgres(lookalike)).rejects.toMatchObject({ code: 'not_an_archive' });
    });

    it('roll a failing migration back whole, and refuse building visit statistics over existing visits', async () => {
      const db = await emptyDatabase();
      await migratePostgres(db, postgresMigrations.slice(0, 2));
      const broken: PostgresMigration = {
        version: 3,
        name: 'broken',
        statements: ['CREATE TABLE half_done (id BIGINT)', "UPDATE loyalty_programs SET config = '{}'", 'THIS IS NOT SQL'],
      };
      await expect(migratePostgres(db, [...postgresMigrations.slice(0, 2), broken])).rejects.toThrow(/migration 3 \(broken\) failed/);
      expect(await value(db, sql<{ v: number }>`SELECT version AS v FROM schema_version`)).toBe(2);
      expect(await value(db, sql<{ v: string | null }>`SELECT to_regclass('half_done')::text AS v`)).toBeNull();

      // Up to 3, a customer with a visit: 004 cannot make their statistics on this engine.
      expect(await migratePostgres(db, postgresMigrations.slice(0, 3))).toEqual({ from: 2, to: 3 });
      const truus = await insertCustomer(db, 'Truus', 'CARD-1');
      await insertVisit(db, truus, 1000, 1);
      await expect(migratePostgres(db)).rejects.toThrow(/cannot build the visit statistics/);
      expect(await value(db, sql<{ v: number }>`SELECT version AS v FROM schema_version`)).toBe(3);
      expect(await value(db, sql<{ v: string | null }>`SELECT to_regclass('tags')::text AS v`)).toBeNull();
    });

    it('run each step once when two tills start against an empty database at the same moment', async () => {
      const first = await emptyDatabase();
      const second = await connect(server.urlFor(`empty_${databases}`));
      const results = await Promise.all([migratePostgres(first), migratePostgres(second)]);
      expect(results.map((r) => r.to)).toEqual([LATEST_POSTGRES_SCHEMA_VERSION, LATEST_POSTGRES_SCHEMA_VERSION]);
      expect(await value(first, sql<{ v: number }>`SELECT count(*) AS v FROM loyalty_programs`)).toBe(1);
      expect(await value(first, sql<{ v: number }>`SELECT count(*) AS v FROM insight_settings`)).toBe(1);
    });
  });

  describe('on data', () => {
    it('keeps visits and the ledger append-only and the kept balance at zero or more', async () => {
      const db = await migratedDatabase();
      const program = await db.selectFrom('loyalty_programs').selectAll().executeTakeFirstOrThrow();
      expect(JSON.parse(program.config).rule).toEqual({ kind: 'per_amount', stamps: 1, everyCents: 1000, carryRemainder: true });

      const truus = await insertCustomer(db, 'Truus', 'CARD-1');
      const kees = await insertCustomer(db, 'Kees', 'CARD-2');
      const visit = await insertVisit(db, truus, 2350, at('2026-11-02'));
      const earn = await db.insertInto('ledger_entries')
        .values({ customer_id: truus, kind: 'earn', amount: 2, visit_id: visit, program_id: program.id, created_at: at('2026-11-02') })
        .returning('id').executeTakeFirstOrThrow();
      await db.insertInto('loyalty_balances').values({ customer_id: truus, balance: 2, updated_at: at('2026-11-02') }).execute();
      // Read back as SQLite gives them: numbers, not strings.
      expect(await db.selectFrom('ledger_entries').select(['id', 'customer_id', 'amount', 'visit_id', 'reason', 'created_at']).execute())
        .toEqual([{ id: earn.id, customer_id: truus, amount: 2, visit_id: visit, reason: '', created_at: at('2026-11-02') }]);
      expect(await value(db, sql<{ v: number }>`SELECT sum(amount) AS v FROM ledger_entries WHERE customer_id = ${truus}`)).toBe(2);

      // The ledger: no update, no delete, no truncate.
      await expect(db.updateTable('ledger_entries').set({ amount: 5 }).where('id', '=', earn.id).execute()).rejects.toThrow(/ledger entries are append-only/);
      await expect(db.updateTable('ledger_entries').set({ reason: 'oops' }).execute()).rejects.toThrow(/ledger entries are append-only/);
      await expect(db.deleteFrom('ledger_entries').where('id', '=', earn.id).execute()).rejects.toThrow(/ledger entries are append-only/);
      await expect(sql`TRUNCATE ledger_entries`.execute(db)).rejects.toThrow(/ledger entries are append-only/);
      // Visits likewise; a mistake is undone by a reversing row.
      await expect(db.updateTable('visits').set({ amount_cents: 0 }).execute()).rejects.toThrow(/visits are append-only/);
      await expect(db.deleteFrom('visits').execute()).rejects.toThrow(/visits are append-only/);
      await expect(sql`TRUNCATE visits CASCADE`.execute(db)).rejects.toThrow(/append-only/);
      await expect(insertVisit(db, truus, -100, 5)).rejects.toThrow(/visits_check/);
      const undo = await insertVisit(db, truus, -2350, at('2026-11-03'), visit);
      await expect(insertVisit(db, truus, -2350, at('2026-11-03'), visit)).rejects.toThrow(/duplicate key.*reverses_id/);
      const reverse = await db.insertInto('ledger_entries')
        .values({ customer_id: truus, kind: 'reverse', amount: -2, reverses_id: earn.id, visit_id: undo, created_at: at('2026-11-03') })
        .returning('id').executeTakeFirstOrThrow();
      expect(reverse.id).toBeGreaterThan(earn.id);
      await expect(db.updateTable('loyalty_programs').set({ created_at: 0 }).execute()).rejects.toThrow(/program versions are append-only/);

      // The kept balance never goes below zero, however it is written.
      await expect(db.insertInto('loyalty_balances').values({ customer_id: kees, balance: -1, updated_at: 1 }).execute())
        .rejects.toThrow(/loyalty_balances_balance_check/);
      await expect(db.updateTable('loyalty_balances').set({ balance: sql`balance - 3` }).where('customer_id', '=', truus).execute())
        .rejects.toThrow(/loyalty_balances_balance_check/);
      await db.updateTable('loyalty_balances').set({ balance: sql`balance - 2` }).where('customer_id', '=', truus).execute();
      expect(await db.selectFrom('loyalty_balances').select(['customer_id', 'balance']).execute()).toEqual([{ customer_id: truus, balance: 0 }]);

      // What else the ledger refuses: a zero amount, an unknown kind, a repeated request, a stranger.
      const entry = (values: { amount?: number; kind?: string; idempotency_key?: string; customer_id?: number }) => db.insertInto('ledger_entries')
        .values({ customer_id: values.customer_id ?? kees, kind: (values.kind ?? 'adjust') as LedgerKind, amount: values.amount ?? 1, idempotency_key: values.idempotency_key ?? null, created_at: 9 })
        .execute();
      await expect(entry({ amount: 0 })).rejects.toThrow(/ledger_entries_amount_check/);
      await expect(entry({ kind: 'gift' })).rejects.toThrow(/ledger_entries_kind_check/);
      await entry({ idempotency_key: 'redeem-1' });
      await expect(entry({ idempotency_key: 'redeem-1' })).rejects.toThrow(/duplicate key.*idempotency_key/);
      await expect(entry({ customer_id: 999 })).rejects.toThrow(/foreign key/);
      expect(await value(db, sql<{ v: number }>`SELECT count(*) AS v FROM ledger_entries`)).toBe(3);
    });

    it('refuses in the other tables what SQLite’s checks refuse', async () => {
      const db = await migratedDatabase();
      const truus = await insertCustomer(db, 'Truus', 'CARD-1');
      const kees = await insertCustomer(db, 'Kees', 'CARD-2');
      await expect(insertCustomer(db, 'Truus again', 'CARD-1')).rejects.toThrow(/duplicate key.*card_number/);
      await expect(insertCustomer(db, '', 'CARD-3')).rejects.toThrow(/customers_given_name_check/);
      await expect(db.updateTable('customers').set({ birthday_day: 3 }).where('id', '=', truus).execute()).rejects.toThrow(/customers_check/);
      await expect(db.updateTable('customers').set({ referred_by: truus }).where('id', '=', truus).execute()).rejects.toThrow(/customers_referred_by_check/);
      // COLLATE NOCASE reads as in SQLite, through the index made for it.
      await db.updateTable('customers').set({ email: 'Truus@Example.nl', family_name: 'de Vries' }).where('id', '=', truus).execute();
      expect(await rows(db, sql`SELECT id FROM customers WHERE email COLLATE NOCASE = ${'truus@example.NL'}`)).toEqual([{ id: truus }]);
      expect(await rows(db, sql`SELECT id FROM customers ORDER BY family_name COLLATE NOCASE DESC, given_name COLLATE NOCASE, id`)).toEqual([{ id: truus }, { id: kees }]);

      // Print jobs (003): the same refusals as tests/db/migrations.test.ts.
      const job = (kind: string, customerId: number | null, sourceId: number | null, receipt: string, status: string, printedAt: number | null) =>
        db.insertInto('print_jobs').values({ kind, customer_id: customerId, source_id: sourceId, receipt, status, created_at: 5, updated_at: 5, printed_at: printedAt } as never).execute();
      await job('loyalty', truus, 1, JSON.stringify({ kind: 'loyalty', customer: { name: 'Truus' } }), 'pending', null);
      expect(await db.selectFrom('print_jobs').select(['kind', 'status', 'attempts', 'last_error', 'receipt']).execute())
        .toEqual([{ kind: 'loyalty', status: 'pending', attempts: 0, last_error: null, receipt: '{"kind":"loyalty","customer":{"name":"Truus"}}' }]);
      await expect(job('loyalty', truus, 1, 'not json', 'pending', null)).rejects.toThrow(/print_jobs_receipt_check/);
      await expect(job('loyalty', truus, 1, '{}', 'lost', null)).rejects.toThrow(/print_jobs_status_check/);
      await expect(job('loyalty', truus, 1, '{}', 'printed', null)).rejects.toThrow(/print_jobs_check/);
      await expect(job('member_card', 99, 99, '{}', 'pending', null)).rejects.toThrow(/foreign key/);
      await expect(job('redemption', truus, null, '{}', 'pending', null)).rejects.toThrow(/print_jobs_check/);
      await job('test', null, null, '{}', 'printed', 6);

      // Customer memory (004): entries' rules, tag counts that follow archiving, revisions kept.
      const entry = (kind: string, text: string, status: string | null, score: number | null = null) => db.insertInto('customer_entries')
        .values({ customer_id: truus, kind, text, status, score, at: 1, created_at: 1, updated_at: 1 } as never).returning('id').executeTakeFirstOrThrow();
      const complaint = await entry('complaint', 'dry cake', 'open');
      await expect(entry('note', 'x', 'open')).rejects.toThrow(/customer_entries_check/);
      await expect(entry('feedback', 'x', null)).rejects.toThrow(/customer_entries_check/);
      await expect(entry('note', '', null)).rejects.toThrow(/customer_entries_check/);
      await entry('feedback', 'Lovely bread', null, 5);
      await db.insertInto('customer_entry_revisions')
        .values({ entry_id: complaint.id, text: 'dry', score: null, at: 1, staff: '', written_at: 1, replaced_at: 2 }).execute();
      await expect(db.updateTable('customer_entry_revisions').set({ text: 'x' }).execute()).rejects.toThrow(/entry revisions are append-only/);
      await expect(db.deleteFrom('customer_entry_revisions').execute()).rejects.toThrow(/entry revisions are append-only/);
      const tag = await db.insertInto('tags').values({ name: 'Poetry', folded: 'poetry', created_at: 1 }).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('customer_tags').values([{ customer_id: truus, tag_id: tag.id, staff: '', created_at: 1 }, { customer_id: kees, tag_id: tag.id, staff: '', created_at: 1 }]).execute();
      const count = () => value(db, sql<{ v: number }>`SELECT customer_count AS v FROM tags WHERE id = ${tag.id}`);
      expect(await count()).toBe(2);
      await db.updateTable('customers').set({ archived_at: 5 }).where('id', '=', kees).execute();
      expect(await count()).toBe(1);
      await db.updateTable('customers').set({ archived_at: 6 }).where('id', '=', kees).execute();
      expect(await count()).toBe(1);
      await db.deleteFrom('customer_tags').where('customer_id', '=', truus).execute();
      expect(await count()).toBe(0);
      await db.updateTable('customers').set({ archived_at: null }).where('id', '=', kees).execute();
      expect(await count()).toBe(1);
      await expect(sql`TRUNCATE customer_tags`.execute(db)).rejects.toThrow(/do not truncate/);
      const followUp = (dueOn: string) => db.insertInto('follow_ups')
        .values({ customer_id: truus, text: 'Call', due_on: dueOn, anchor_on: dueOn, created_at: 1, updated_at: 1 } as never).execute();
      await followUp('2026-12-24');
      await expect(followUp('24-12-2026')).rejects.toThrow(/follow_ups_due_on_check/);
      await expect(followUp('2026-12-24 ')).rejects.toThrow(/follow_ups_due_on_check/);
      await expect(db.insertInto('custom_fields').values({ name: 'Size', kind: 'choice', options: '[{"id":1', position: 1, created_at: 1, updated_at: 1 } as never).execute())
        .rejects.toThrow(/custom_fields_options_check/);

      // Saved filters (005): one per folded name, JSON stored as written.
      const save = (name: string, folded: string, filter: string) =>
        db.insertInto('saved_filters').values({ name, folded, filter, created_at: 1, updated_at: 1 } as never).execute();
      await save('Poëzie', 'poezie', '{"criteria":[]}');
      await expect(save('POEZIE', 'poezie', '{"criteria":[]}')).rejects.toThrow(/duplicate key.*folded/);
      await expect(save('Broken', 'broken', '{criteria')).rejects.toThrow(/saved_filters_filter_check/);
      await expect(save('', 'empty', '{}')).rejects.toThrow(/saved_filters_name_check/);
      expect(await rows(db, sql`SELECT name, filter FROM saved_filters`)).toEqual([{ name: 'Poëzie', filter: '{"criteria":[]}' }]);
    });

    it('lets through only blanking an erased customer’s text and re-pointing a merged one’s rows (006)', async () => {
      const db = await migratedDatabase();
      const truus = await insertCustomer(db, 'Truus', 'CARD-1');
      const kees = await insertCustomer(db, 'Kees', 'CARD-2');
      const dubbel = await insertCustomer(db, 'Truus dubbel', 'CARD-3');
      const cake = await insertVisit(db, truus, 1250, 10, null, 'Taart voor Truus');
      const bread = await insertVisit(db, dubbel, 800, 11, null, 'Brood');
      const ledger = await db.insertInto('ledger_entries').values([
        { customer_id: truus, kind: 'earn', amount: 1, visit_id: cake, reason: '', created_at: 10 },
        { customer_id: truus, kind: 'adjust', amount: 2, visit_id: null, reason: 'Truus vergat haar kaart', created_at: 12 },
        { customer_id: dubbel, kind: 'earn', amount: 1, visit_id: bread, reason: '', created_at: 11 },
      ]).returning('id').execute();
      const [, adjust, dubbelEarn] = ledger.map((r) => r.id);
      const note = await db.insertInto('customer_entries')
        .values({ customer_id: truus, kind: 'note', text: 'Truus houdt van zuurdesem', at: 1, created_at: 1, updated_at: 2, revisions: 1 } as never)
        .returning('id').executeTakeFirstOrThrow();
      await db.insertInto('customer_entry_revisions').values({ entry_id: note.id, text: 'Truus houdt van brood', score: null, at: 1, staff: '', written_at: 1, replaced_at: 2 }).execute();

      // History is append-only for a customer who is neither erased nor merged.
      await expect(db.updateTable('visits').set({ description: '' }).where('id', '=', cake).execute()).rejects.toThrow(/visits are append-only/);
      await expect(db.updateTable('ledger_entries').set({ reason: '' }).where('id', '=', adjust!).execute()).rejects.toThrow(/ledger entries are append-only/);
      await expect(db.updateTable('visits').set({ customer_id: kees }).where('id', '=', cake).execute()).rejects.toThrow(/visits are append-only/);
      await expect(db.updateTable('visits').set({ description: sql`description` }).where('id', '=', cake).execute()).rejects.toThrow(/visits are append-only/);
      await expect(db.deleteFrom('visits').where('id', '=', cake).execute()).rejects.toThrow(/visits are append-only/);
      await expect(db.deleteFrom('customer_entry_revisions').execute()).rejects.toThrow(/entry revisions are append-only/);

      // Merged: Truus dubbel into Truus. Her rows may move to Truus, and nowhere else.
      await db.insertInto('customer_merges').values({ merged_id: dubbel, survivor_id: truus, merged_at: 20 } as never).execute();
      await expect(db.updateTable('visits').set({ customer_id: kees }).where('id', '=', bread).execute()).rejects.toThrow(/visits are append-only/);
      await expect(db.updateTable('visits').set({ customer_id: truus, description: 'x' }).where('id', '=', bread).execute()).rejects.toThrow(/visits are append-only/);
      await db.updateTable('visits').set({ customer_id: truus }).where('id', '=', bread).execute();
      await db.updateTable('ledger_entries').set({ customer_id: truus }).where('id', '=', dubbelEarn!).execute();
      await expect(db.updateTable('ledger_entries').set({ amount: 5 }).where('id', '=', dubbelEarn!).execute()).rejects.toThrow(/ledger entries are append-only/);
      await expect(sql`UPDATE customer_merges SET survivor_id = ${kees}`.execute(db)).rejects.toThrow(/merges are append-only/);
      await expect(sql`DELETE FROM customer_merges`.execute(db)).rejects.toThrow(/merges are append-only/);

      // Erased: Truus. Her free text may be blanked, and nothing else changed.
      await db.updateTable('customers').set({ given_name: `#${truus}`, erased_at: 30, archived_at: 30, card_number: `erased-${truus}` }).where('id', '=', truus).execute();
      await expect(db.updateTable('visits').set({ description: 'x' }).where('id', '=', cake).execute()).rejects.toThrow(/visits are append-only/);
      await expect(db.updateTable('visits').set({ description: '', amount_cents: 1 }).where('id', '=', cake).execute()).rejects.toThrow(/visits are append-only/);
      await db.updateTable('visits').set({ description: '' }).where('customer_id', '=', truus).execute();
      await db.updateTable('ledger_entries').set({ reason: '' }).where('customer_id', '=', truus).execute();
      await db.deleteFrom('customer_entry_revisions').execute();
      await expect(db.deleteFrom('visits').where('customer_id', '=', truus).execute()).rejects.toThrow(/visits are append-only/);
      expect(await db.selectFrom('visits').select(['description', 'amount_cents']).orderBy('id').execute())
        .toEqual([{ description: '', amount_cents: 1250 }, { description: '', amount_cents: 800 }]);
      expect(await value(db, sql<{ v: number }>`SELECT sum(amount) AS v FROM ledger_entries WHERE customer_id = ${truus}`)).toBe(4);

      // An erased row stays erased: no name back, no restoring from the archive.
      const refused = (set: Record<string, unknown>) =>
        expect(db.updateTable('customers').set(set).where('id', '=', truus).execute()).rejects.toThrow(/^customer_erased$/);
      await refused({ given_name: 'Truus' });
      await refused({ archived_at: null });
      await refused({ card_number: 'CARD-9' });
      await refused({ erased_at: null });
      await refused({ email: 'truus@example.nl' });
      await refused({ referred_by: kees });
      await db.updateTable('customers').set({ last_seen_at: 40 }).where('id', '=', truus).execute();
      await db.updateTable('customers').set({ card_number: 'merged-1' }).where('id', '=', truus).execute();
    });

    it('keeps the monthly figures in step with visits, in the shop’s months, and marks the changed customers (007, 010, 013)', async () => {
      const db = await migratedDatabase();
      // Counted from 1, as 007 left it (013 and 014 moved it on): the insights' change marker,
      // insight_state.version plus the per-connection counts of 017.
      const base = (await insightVersion(db)) - 1;
      const version = async () => (await insightVersion(db)) - base;
      expect(await version()).toBe(1);
      const truus = await insertCustomer(db, 'Truus', 'C1');
      const kees = await insertCustomer(db, 'Kees', 'C2');
      const anna = await insertCustomer(db, 'Anna', 'C3');
      const dubbel = await insertCustomer(db, 'Truus dubbel', 'C4');
      expect(await version()).toBe(5);
      expect(await rows(db, sql`SELECT customer_id, layer, spend_cents FROM customer_segments ORDER BY customer_id`)).toEqual(
        [truus, kees, anna, dubbel].map((id) => ({ customer_id: id, layer: 'prospect', spend_cents: 0 })));

      // Truus: €10 in October and €20 in November, then €50 at 23:30 UTC on 30 November — already
      // 1 December in the shop (Europe/Amsterdam, the session's zone) — undone the next day: it
      // counts in December, as nothing. Kees: €25 in 2024. Anna never bought.
      await insertVisit(db, truus, 1000, at('2026-10-05'));
      await insertVisit(db, truus, 2000, at('2026-11-02'));
      const late = await insertVisit(db, truus, 5000, at('2026-11-30', '23:30:00'));
      await insertVisit(db, truus, -5000, at('2026-12-01'), late);
      await insertVisit(db, kees, 2500, at('2024-03-01'));
      await insertVisit(db, dubbel, 800, at('2026-11-15'));
      const months = () => rows(db, sql<{ customer_id: number; month: number; spend_cents: number; visit_count: number }>`
        SELECT customer_id, month, spend_cents, visit_count FROM customer_months ORDER BY customer_id, month`);
      expect(await months()).toEqual([
        { customer_id: truus, month: month(2026, 10), spend_cents: 1000, visit_count: 1 },
        { customer_id: truus, month: month(2026, 11), spend_cents: 2000, visit_count: 1 },
        { customer_id: truus, month: month(2026, 12), spend_cents: 0, visit_count: 0 },
        { customer_id: kees, month: month(2024, 3), spend_cents: 2500, visit_count: 1 },
        { customer_id: dubbel, month: month(2026, 11), spend_cents: 800, visit_count: 1 },
      ]);
      // What db/insights/check.ts compares: the months summed afresh from the visits.
      const recount = await rows(db, sql`
        SELECT v.customer_id, unix_ms_month(coalesce(o.occurred_at, v.occurred_at)) AS month, sum(v.amount_cents) AS spend_cents,
               sum(CASE WHEN v.reverses_id IS NULL THEN 1 ELSE -1 END) AS visit_count
        FROM visits v LEFT JOIN visits o ON o.id = v.reverses_id GROUP BY 1, 2 ORDER BY 1, 2`);
      expect(recount).toEqual(await months());
      expect(await version()).toBe(11);
      const dirty = () => rows(db, sql<{ customer_id: number }>`SELECT customer_id FROM insight_dirty ORDER BY 1`).then((r) => r.map((x) => x.customer_id));
      expect(await dirty()).toEqual([truus, kees, dubbel]);

      // A merge re-points Truus dubbel's visit: her month empties into Truus's.
      await db.insertInto('customer_merges').values({ merged_id: dubbel, survivor_id: truus, merged_at: 20 } as never).execute();
      await db.updateTable('visits').set({ customer_id: truus }).where('customer_id', '=', dubbel).execute();
      expect((await months()).filter((m) => m.month === month(2026, 11))).toEqual([
        { customer_id: truus, month: month(2026, 11), spend_cents: 2800, visit_count: 2 },
        { customer_id: dubbel, month: month(2026, 11), spend_cents: 0, visit_count: 0 },
      ]);
      expect(await version()).toBe(12);

      // Archiving marks the customer; the figures refuse nothing the app writes but bad settings.
      await sql`DELETE FROM insight_dirty`.execute(db);
      await db.updateTable('customers').set({ archived_at: 50 }).where('id', '=', anna).execute();
      expect(await dirty()).toEqual([anna]);
      expect(await version()).toBe(13);
      await expect(sql`UPDATE insight_settings SET top_pct = 60`.execute(db)).rejects.toThrow(/insight_settings_check/);
      expect(await rows(db, sql`SELECT top_pct, large_pct, medium_pct, period_months FROM insight_settings`))
        .toEqual([{ top_pct: 20, large_pct: 50, medium_pct: 80, period_months: 12 }]);

      // 010: inside an import the customer insert trigger stands aside.
      await sql`UPDATE insight_state SET bulk_load = 1`.execute(db);
      const bram = await insertCustomer(db, 'Bram', 'C5');
      expect(await value(db, sql<{ v: number }>`SELECT count(*) AS v FROM customer_segments WHERE customer_id = ${bram}`)).toBe(0);
      expect(await version()).toBe(13);
      await expect(sql`UPDATE insight_state SET bulk_load = 2`.execute(db)).rejects.toThrow(/insight_state_bulk_load_check/);
      await sql`UPDATE insight_state SET bulk_load = 0`.execute(db);
      await insertCustomer(db, 'Els', 'C6');
      expect(await version()).toBe(14);
      await db.insertInto('search_backlog').values({ search_key: 4 }).execute();
      await expect(db.insertInto('search_backlog').values({ search_key: 4 }).execute()).rejects.toThrow(/duplicate key/);
    });

    it('builds the monthly figures from visits already there when 007 runs, in UTC, and again in the shop’s months when 013 runs', async () => {
      const db = await emptyDatabase();
      await migratePostgres(db, postgresMigrations.slice(0, 6));
      const truus = await insertCustomer(db, 'Truus', 'C1');
      const kees = await insertCustomer(db, 'Kees', 'C2');
      const anna = await insertCustomer(db, 'Anna', 'C3');
      await insertVisit(db, truus, 2000, at('2026-11-02'));
      const late = await insertVisit(db, truus, 5000, at('2026-11-30', '23:30:00'));
      await insertVisit(db, truus, -5000, at('2026-12-01'), late);
      await insertVisit(db, kees, 2500, at('2024-03-01'));
      // 00:15 on 1 December in Amsterdam: 23:15 UTC on 30 November.
      await insertVisit(db, kees, 700, amsterdam('2026-12-01', '00:15'));
      const months = () => rows(db, sql`SELECT customer_id, month, spend_cents, visit_count FROM customer_months ORDER BY 1, 2`);
      expect(await migratePostgres(db, postgresMigrations.slice(0, 12))).toEqual({ from: 6, to: 12 });
      // Up to 12, as on SQLite: UTC months, whatever the session's zone.
      expect(await months()).toEqual([
        { customer_id: truus, month: month(2026, 11), spend_cents: 2000, visit_count: 1 },
        { customer_id: kees, month: month(2024, 3), spend_cents: 2500, visit_count: 1 },
        { customer_id: kees, month: month(2026, 11), spend_cents: 700, visit_count: 1 },
      ]);
      await sql`UPDATE insight_state SET period_from = ${month(2025, 12)}, period_to = ${month(2026, 11)}, thresholds = '{}'`.execute(db);
      await sql`DELETE FROM insight_dirty`.execute(db);
      const version = await value(db, sql<{ v: number }>`SELECT version AS v FROM insight_state`);

      // 013: the same visits in the shop's months (the session's zone, Europe/Amsterdam).
      expect(await migratePostgres(db)).toEqual({ from: 12, to: LATEST_POSTGRES_SCHEMA_VERSION });
      expect(await months()).toEqual([
        { customer_id: truus, month: month(2026, 11), spend_cents: 2000, visit_count: 1 },
        { customer_id: truus, month: month(2026, 12), spend_cents: 0, visit_count: 0 },
        { customer_id: kees, month: month(2024, 3), spend_cents: 2500, visit_count: 1 },
        { customer_id: kees, month: month(2026, 12), spend_cents: 700, visit_count: 1 },
      ]);
      // Everyone is classified afresh: the version moved, and the window is forgotten.
      expect(await rows(db, sql`SELECT version > ${version} AS moved, period_from, period_to, thresholds FROM insight_state`))
        .toEqual([{ moved: true, period_from: null, period_to: null, thresholds: null }]);
      expect(await rows(db, sql`SELECT customer_id FROM insight_dirty ORDER BY 1`)).toEqual([truus, kees, anna].map((id) => ({ customer_id: id })));

      // A later sale at 00:30 on 1 January lands in January, and the months equal a recount.
      await insertVisit(db, anna, 900, amsterdam('2027-01-01', '00:30'));
      expect(await rows(db, sql`SELECT month, spend_cents FROM customer_months WHERE customer_id = ${anna}`)).toEqual([{ month: month(2027, 1), spend_cents: 900 }]);
      expect(await rows(db, sql`
        SELECT v.customer_id, unix_ms_month(coalesce(o.occurred_at, v.occurred_at)) AS month, sum(v.amount_cents) AS spend_cents,
               sum(CASE WHEN v.reverses_id IS NULL THEN 1 ELSE -1 END) AS visit_count
        FROM visits v LEFT JOIN visits o ON o.id = v.reverses_id GROUP BY 1, 2 ORDER BY 1, 2`)).toEqual(await months());
    });

    it('registers every erasure the archive already knows, ids and times only, and keeps them (011)', async () => {
      const db = await emptyDatabase();
      await migratePostgres(db, postgresMigrations.slice(0, 10));
      await insertCustomer(db, 'Truus', 'CARD-1');
      const two = await insertCustomer(db, 'Kees', 'CARD-2');
      const three = await insertCustomer(db, 'Anna', 'CARD-3');
      await sql`UPDATE customers SET created_at = id * 1000`.execute(db);
      await sql`UPDATE customers SET given_name = '#' || id, card_number = 'erased-' || id, erased_at = 5000, archived_at = 5000 WHERE id IN (${two}, ${three})`.execute(db);
      await sql`INSERT INTO customer_erasures (customer_id, erased_at, staff, scrubbed_at) VALUES (${two}, 5000, 'Anna', 6000), (${three}, 5001, '', NULL)`.execute(db);

      expect(await migratePostgres(db, postgresMigrations.slice(0, 11))).toEqual({ from: 10, to: 11 });
      expect(await rows(db, sql`SELECT * FROM erasure_register ORDER BY customer_id`)).toEqual([
        { customer_id: two, customer_created_at: two * 1000, erased_at: 5000 },
        { customer_id: three, customer_created_at: three * 1000, erased_at: 5001 },
      ]);
      // Only numbers: no staff, no name.
      expect(await rows(db, sql`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'erasure_register' ORDER BY ordinal_position`))
        .toEqual(['customer_id', 'customer_created_at', 'erased_at'].map((c) => ({ column_name: c, data_type: 'bigint' })));
      // An id the archive does not hold (erased in a newer copy of it) may be registered.
      await sql`INSERT INTO erasure_register (customer_id, customer_created_at, erased_at) VALUES (99, 9000, 9500)`.execute(db);
      // The promise is kept: a registered erasure is never taken back, not even all at once.
      await expect(sql`DELETE FROM erasure_register WHERE customer_id = ${two}`.execute(db)).rejects.toThrow(/the erasure register is append-only/);
      await expect(sql`UPDATE erasure_register SET erased_at = 1 WHERE customer_id = ${three}`.execute(db)).rejects.toThrow(/the erasure register is append-only/);
      await expect(sql`TRUNCATE erasure_register`.execute(db)).rejects.toThrow(/the erasure register is append-only/);
      await expect(sql`INSERT INTO erasure_register (customer_id, customer_created_at, erased_at) VALUES (99, 1, 1)`.execute(db)).rejects.toThrow(/duplicate key/);
      expect(await value(db, sql<{ v: number }>`SELECT count(*) AS v FROM erasure_register`)).toBe(3);
    });

    it('lets only an import being undone delete its own customers’ migration entries (012)', async () => {
      const db = await migratedDatabase();
      const sanne = await insertCustomer(db, 'Sanne', 'C1');
      const half1 = await insertCustomer(db, 'Half1', 'C2');
      const half2 = await insertCustomer(db, 'Half2', 'C3');
      const bram = await insertCustomer(db, 'Bram', 'C4');
      const entry = async (customerId: number, kind: LedgerKind, amount: number) => (await db.insertInto('ledger_entries')
        .values({ customer_id: customerId, kind, amount, reason: kind === 'migrate' ? 'Migrated from x.csv' : '', created_at: 5 })
        .returning('id').executeTakeFirstOrThrow()).id;
      // Sanne's stamps came with an earlier import, long finished; Half1 and Half2 are this one's.
      const sanneMigrated = await entry(sanne, 'migrate', 4);
      const migrated1 = await entry(half1, 'migrate', 3);
      const migrated2 = await entry(half2, 'migrate', 3);
      const bramMigrated = await entry(bram, 'migrate', 2);
      // A till gave Half1 a stamp meanwhile: the shop's own entry.
      const given = await entry(half1, 'adjust', 1);
      const run = async (state: string) => (await rows(db, sql<{ id: number }>`
        INSERT INTO import_runs (started_at, state, alive_at) VALUES (1, ${state}, 1) RETURNING id`))[0]!.id;
      const ours = await run('writing');
      const other = await run('undoing');
      await sql`INSERT INTO import_run_chunks (run_id, first_id, last_id) VALUES (${ours}, ${half1}, ${half2}), (${other}, ${bram}, ${bram})`.execute(db);
      await sql`INSERT INTO import_run_tags (run_id, tag_id) VALUES (${ours}, 7)`.execute(db);
      const del = (id: number) => db.deleteFrom('ledger_entries').where('id', '=', id).execute();
      const refused = (id: number) => expect(del(id)).rejects.toThrow(/ledger entries are append-only/);

      // While it is written, nothing of it may go; another run being undone does not open it.
      await refused(migrated1);
      await refused(migrated2);
      await refused(sanneMigrated);
      // Being undone: its own customers' migration entries go, and nothing else of theirs or anyone's.
      await sql`UPDATE import_runs SET state = 'undoing' WHERE id = ${ours}`.execute(db);
      await refused(given);
      await refused(sanneMigrated);
      const gone = await db.deleteFrom('ledger_entries').where('customer_id', 'in', [half1, half2]).where('kind', '=', 'migrate').executeTakeFirst();
      expect(gone.numDeletedRows).toBe(2n);
      await expect(db.deleteFrom('ledger_entries').where('customer_id', '=', half1).execute()).rejects.toThrow(/ledger entries are append-only/);
      await expect(db.updateTable('ledger_entries').set({ reason: '' }).where('id', '=', bramMigrated).execute()).rejects.toThrow(/ledger entries are append-only/);
      await expect(sql`TRUNCATE ledger_entries CASCADE`.execute(db)).rejects.toThrow(/ledger entries are append-only/);
      // Once undone (or done), its customers' entries are the books again.
      const again = await entry(half2, 'migrate', 1);
      await sql`UPDATE import_runs SET state = 'undone' WHERE id = ${ours}`.execute(db);
      await refused(again);
      await del(bramMigrated);
      expect(await db.selectFrom('ledger_entries').select('id').orderBy('id').execute())
        .toEqual([sanneMigrated, given, again].map((id) => ({ id })));

      // What the journal refuses, as SQLite's checks do.
      await expect(run('lost')).rejects.toThrow(/import_runs_state_check/);
      await expect(sql`INSERT INTO import_run_chunks (run_id, first_id, last_id) VALUES (${ours}, 10, 9)`.execute(db)).rejects.toThrow(/import_run_chunks_check/);
      await expect(sql`INSERT INTO import_run_chunks (run_id, first_id, last_id) VALUES (${ours}, ${half1}, ${half1})`.execute(db)).rejects.toThrow(/duplicate key/);
      await expect(sql`INSERT INTO import_run_chunks (run_id, first_id, last_id) VALUES (999, 1, 1)`.execute(db)).rejects.toThrow(/foreign key/);
      await expect(sql`INSERT INTO import_run_tags (run_id, tag_id) VALUES (999, 1)`.execute(db)).rejects.toThrow(/foreign key/);
    });
  });

  describe('the shop’s time zone (013, 014)', () => {
    const DEC = month(2026, 12);
    // 00:30 and 00:45 on 1 December in Amsterdam: 23:30 and 23:45 UTC on 30 November.
    const first = amsterdam('2026-12-01', '00:30');
    const second = amsterdam('2026-12-01', '00:45');

    /**
     * Two tills on one database, each its own pool whose connections set the shop's zone: till A
     * sells at 00:30, till B sells at 00:45 and undoes A's sale the next day. The database's own
     * default is UTC, as many servers' are. Returns the customer's months and what a session
     * on the default zone makes of the first sale's month.
     */
    async function twoTills(name: string, prepare?: (db: Db) => Promise<void>) {
      const url = await server.createDatabase(name, { template: 'migrated' });
      const admin = await connect(url, null);
      await sql.raw(`ALTER DATABASE ${name} SET TimeZone = 'UTC'`).execute(admin);
      if (prepare) await prepare(admin);
      const tillA = await connect(url);
      const tillB = await connect(url);
      const untouched = await connect(url, null);
      const zones = await Promise.all([tillA, tillB, untouched].map((db) => value(db, sql<{ v: string }>`SELECT current_setting('TimeZone') AS v`)));
      expect(zones).toEqual([SHOP_ZONE, SHOP_ZONE, 'UTC']);

      const truus = await insertCustomer(tillA, 'Truus', 'C1');
      const sale = await insertVisit(tillA, truus, 1250, first);
      await insertVisit(tillB, truus, 800, second);
      await insertVisit(tillB, truus, -1250, amsterdam('2026-12-02', '09:00'), sale);
      return {
        months: await rows(tillB, sql`SELECT month, spend_cents, visit_count FROM customer_months WHERE customer_id = ${truus} ORDER BY month`),
        monthOnTill: await Promise.all([tillA, tillB].map((db) => value(db, sql<{ v: number }>`SELECT unix_ms_month(${first}::bigint) AS v`))),
        monthOnDefault: await value(untouched, sql<{ v: number }>`SELECT unix_ms_month(${first}::bigint) AS v`),
      };
    }

    it('counts a 00:30 sale in the shop’s month on every till whose connection sets the shop’s zone', async () => {
      const counted = await twoTills(`zones_${++databases}`);
      expect(counted.months).toEqual([{ month: DEC, spend_cents: 800, visit_count: 1 }]);
      expect(counted.monthOnTill).toEqual([DEC, DEC]);
      // Why every connection sets it: one left on the server's default counts in its own month.
      expect(counted.monthOnDefault).toBe(month(2026, 11));
    });

    it('would count it in November if the months read UTC: the test above tells the two apart', async () => {
      // 007's unix_ms_month (UTC whatever the session says) put back over 013's.
      const utc = migration007.statements.find((s) => s.includes('FUNCTION unix_ms_month'))!.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION');
      expect(utc).toMatch(/AT TIME ZONE 'UTC'/);
      const counted = await twoTills(`zones_${++databases}`, async (db) => {
        await sql.raw(utc).execute(db);
      });
      expect(counted.months).toEqual([{ month: month(2026, 11), spend_cents: 800, visit_count: 1 }]);
      expect(counted.monthOnTill).toEqual([month(2026, 11), month(2026, 11)]);
    });

    it('makes months and days of a moment by the session’s zone, as the app does in that zone, in STABLE functions no index may use', async () => {
      const url = await server.createDatabase(`zones_${++databases}`, { template: 'migrated' });
      const db = await connect(url);
      expect(await rows(db, sql`SELECT proname, provolatile FROM pg_proc WHERE proname IN ('unix_ms_month', 'unix_ms_day') ORDER BY 1`))
        .toEqual([{ proname: 'unix_ms_day', provolatile: 's' }, { proname: 'unix_ms_month', provolatile: 's' }]);
      await expect(sql`CREATE INDEX visits_month ON visits (unix_ms_month(occurred_at))`.execute(db)).rejects.toThrow(/must be marked IMMUTABLE/);
      await expect(sql`CREATE INDEX visits_day ON visits (unix_ms_day(occurred_at))`.execute(db)).rejects.toThrow(/must be marked IMMUTABLE/);

      // 23:30 UTC on 30 November; 22:30 UTC on 31 March 2026, after Amsterdam's clocks went
      // forward (00:30 on 1 April there, in summer time, where winter time would say 23:30).
      const moments = [first, Date.parse('2026-03-31T22:30:00Z'), Date.parse('2026-10-25T00:30:00Z'), 0, Date.parse('2027-01-01T00:00:00Z') - 1];
      const read = async (zone: string) => {
        const session = postgresKysely<DB>(inZone(url, zone));
        try {
          return await Promise.all(moments.map(async (ms) => (await rows(session, sql<{ month: number; day: number }>`
            SELECT unix_ms_month(${ms}::bigint) AS month, unix_ms_day(${ms}::bigint) AS day`))[0]));
        } finally {
          await session.destroy();
        }
      };
      const amsterdamReads = await read(SHOP_ZONE);
      expect(amsterdamReads.slice(0, 2)).toEqual([
        { month: DEC, day: dayNumber('2026-12-01') },
        { month: month(2026, 4), day: dayNumber('2026-04-01') },
      ]);
      expect((await read('UTC')).slice(0, 2)).toEqual([
        { month: month(2026, 11), day: dayNumber('2026-11-30') },
        { month: month(2026, 3), day: dayNumber('2026-03-31') },
      ]);
      // The app's own definitions (main/core/days.ts shopDayNumber, the months of
      // main/core/insights/months.ts) in the process's zone give the same, zone for zone.
      const zone = process.env.TZ;
      try {
        for (const tz of [SHOP_ZONE, 'UTC', 'Pacific/Auckland', 'America/New_York', 'Asia/Kolkata']) {
          process.env.TZ = tz;
          const app = moments.map((ms) => {
            const d = new Date(ms);
            return { month: d.getFullYear() * 12 + d.getMonth(), day: shopDayNumber(ms) };
          });
          expect(await read(tz), tz).toEqual(app);
        }
      } finally {
        if (zone === undefined) delete process.env.TZ;
        else process.env.TZ = zone;
      }
    });

    it('counts the visit statistics again in local days when 014 runs, in SQL over the visits there', async () => {
      const db = await emptyDatabase();
      await migratePostgres(db, postgresMigrations.slice(0, 13));
      const [truus, kees, anna, piet, els] = [
        await insertCustomer(db, 'Truus', 'C1'), await insertCustomer(db, 'Kees', 'C2'), await insertCustomer(db, 'Anna', 'C3'),
        await insertCustomer(db, 'Piet', 'C4'), await insertCustomer(db, 'Els', 'C5'),
      ];
      // Truus comes daily at 00:30 (23:30 UTC the day before), last on 1 December.
      for (const day of ['2026-11-29', '2026-11-30', '2026-12-01']) await insertVisit(db, truus, 1000, amsterdam(day, '00:30'));
      // Kees on three local days, two of them one UTC day (1 November): no regular in UTC.
      for (const [day, time] of [['2026-11-01', '12:00'], ['2026-11-02', '00:30'], ['2026-11-03', '23:30']]) await insertVisit(db, kees, 1000, amsterdam(day!, time!));
      // Anna late on 1 November, Piet just after midnight: one UTC day, two local days.
      await insertVisit(db, anna, 1000, amsterdam('2026-11-01', '23:30'));
      await insertVisit(db, piet, 1000, amsterdam('2026-11-02', '00:30'));
      // Els bought once, and it was undone.
      await insertVisit(db, els, 1000, amsterdam('2026-11-05', '10:00'), null);
      await insertVisit(db, els, -1000, amsterdam('2026-11-05', '10:05'), (await rows(db, sql<{ id: number }>`SELECT max(id) AS id FROM visits`))[0]!.id);
      // What UTC days made of it, as the app kept the rows before 014 (and one for Els, stale).
      const stale = (customerId: number, interval: number | null, overdue: number | null) => ({
        customer_id: customerId, visit_count: 1, spend_cents: 1, last_visit_at: 1, usual_interval_days: interval, overdue_day: overdue, updated_at: 1,
      });
      await db.insertInto('customer_visit_stats').values([stale(truus, 1, dayNumber('2026-12-03')), stale(kees, null, null), stale(els, null, null)]).execute();
      await sql`UPDATE insight_state SET thresholds = '{}'`.execute(db);
      await sql`DELETE FROM insight_dirty`.execute(db);
      const version = await value(db, sql<{ v: number }>`SELECT version AS v FROM insight_state`);

      expect(await migratePostgres(db, postgresMigrations.slice(0, 14))).toEqual({ from: 13, to: 14 });
      expect(await rows(db, sql`SELECT customer_id, visit_count, spend_cents, last_visit_at, usual_interval_days, overdue_day
        FROM customer_visit_stats ORDER BY customer_id`)).toEqual([
        { customer_id: truus, visit_count: 3, spend_cents: 3000, last_visit_at: amsterdam('2026-12-01', '00:30'), usual_interval_days: 1, overdue_day: dayNumber('2026-12-04') },
        { customer_id: kees, visit_count: 3, spend_cents: 3000, last_visit_at: amsterdam('2026-11-03', '23:30'), usual_interval_days: 1, overdue_day: dayNumber('2026-11-06') },
        { customer_id: anna, visit_count: 1, spend_cents: 1000, last_visit_at: amsterdam('2026-11-01', '23:30'), usual_interval_days: null, overdue_day: null },
        { customer_id: piet, visit_count: 1, spend_cents: 1000, last_visit_at: amsterdam('2026-11-02', '00:30'), usual_interval_days: null, overdue_day: null },
      ]);
      // Everyone is classified again: the version moved and the thresholds are forgotten.
      expect(await rows(db, sql`SELECT version > ${version} AS moved, thresholds FROM insight_state`)).toEqual([{ moved: true, thresholds: null }]);
      expect(await rows(db, sql`SELECT customer_id FROM insight_dirty ORDER BY 1`)).toEqual([truus, kees, anna, piet, els].map((id) => ({ customer_id: id })));
    });

    it('rebuilds the visit statistics as visitStatsOf counts them, on many customers across clock changes', async () => {
      const db = await emptyDatabase();
      await migratePostgres(db, postgresMigrations.slice(0, 13));
      // A fixed pseudo-random shop: times near local midnight and around both 2026 clock changes,
      // several visits a day, reversals (of the customer's own visits), customers with 0–12 visit days.
      let seed = 0x5eed;
      const random = () => {
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
      const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
      const starts = ['2026-03-20', '2026-10-18', '2026-12-25', '2026-06-01'];
      const times = ['00:00', '00:30', '01:59', '02:30', '12:00', '22:59', '23:30', '23:59'];
      const visits: { customer_id: number; amount_cents: number; occurred_at: number }[] = [];
      const customers: number[] = [];
      for (let c = 0; c < 40; c++) {
        const id = await insertCustomer(db, `Klant ${c}`, `K${c}`);
        customers.push(id);
        const start = Date.parse(`${pick(starts)}T00:00:00Z`);
        const days = Math.floor(random() * 13);
        let day = 0;
        for (let v = 0; v < days; v++) {
          day += pick([0, 1, 1, 2, 3, 7, 14]);
          const date = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
          // Written as Amsterdam's winter time; across the change that is an hour off its wall clock, as real sales are.
          visits.push({ customer_id: id, amount_cents: 100 + Math.floor(random() * 5000), occurred_at: amsterdam(date, pick(times)) });
        }
      }
      const written = visits.length === 0 ? [] : await db.insertInto('visits')
        .values(visits.map((v) => ({ ...v, kind: 'purchase' as const, description: '', carry_cents: 0, reverses_id: null })))
        .returning(['id', 'customer_id', 'amount_cents', 'occurred_at']).execute();
      const undone = written.filter(() => random() < 0.15);
      if (undone.length > 0) {
        await db.insertInto('visits').values(undone.map((v) => ({
          customer_id: v.customer_id, kind: 'purchase' as const, amount_cents: -v.amount_cents, description: '', carry_cents: 0, reverses_id: v.id, occurred_at: v.occurred_at + 60_000,
        }))).execute();
      }
      expect(await migratePostgres(db, postgresMigrations.slice(0, 14))).toEqual({ from: 13, to: 14 });

      const all = await db.selectFrom('visits').select(['id', 'customer_id', 'amount_cents', 'reverses_id', 'occurred_at']).execute();
      const zone = process.env.TZ;
      process.env.TZ = SHOP_ZONE;
      let expected;
      try {
        expected = customers.flatMap((id) => {
          const stats = visitStatsOf(all.filter((v) => v.customer_id === id));
          return stats ? [{ customer_id: id, ...stats }] : [];
        });
      } finally {
        if (zone === undefined) delete process.env.TZ;
        else process.env.TZ = zone;
      }
      // The shop is varied enough to mean something: regulars, rounded medians, customers with none.
      expect(expected.filter((s) => s.usual_interval_days !== null).length).toBeGreaterThan(10);
      expect(expected.length).toBeLessThan(customers.length);
      expect(await rows(db, sql`SELECT customer_id, visit_count, spend_cents, last_visit_at, usual_interval_days, overdue_day
        FROM customer_visit_stats ORDER BY customer_id`)).toEqual(expected);
    });
  });

  describe('the throwaway server', () => {
    it('stops when told: the port refuses connections and the folder is gone', async () => {
      const other = await startPostgres({ database: 'probe' });
      const db = postgresKysely(other.url);
      expect(await value(db as unknown as Db, sql<{ v: number }>`SELECT 1 AS v`)).toBe(1);
      await db.destroy();
      expect(await accepts(other.port)).toBe(true);
      await other.stop();
      expect(await accepts(other.port)).toBe(false);
      expect(fs.existsSync(other.folder)).toBe(false);
      await other.stop();
    }, 60_000);

    it('is stopped and removed when its test process exits or is killed without stopping it', async () => {
      const orphan = (mode: 'exit' | 'wait') => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/postgres-orphan.ts', mode], { stdio: ['ignore', 'pipe', 'inherit'] });
        const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
        const started = new Promise<{ port: number; folder: string }>((resolve, reject) => {
          readline.createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line)));
          void exited.then(() => reject(new Error(`the ${mode} child ended before starting its server`)));
        });
        return { child, exited, started };
      };
      const leaving = orphan('exit');
      const killed = orphan('wait');
      const [left, dead] = await Promise.all([leaving.started, killed.started]);

      // Exits without stop(): its exit handler stops the server before the process is gone.
      expect(await leaving.exited).toBe(3);
      expect(await accepts(left.port)).toBe(false);
      expect(fs.existsSync(left.folder)).toBe(false);

      // Killed outright: no handler runs, the watchdog does it within a second or two.
      expect(await accepts(dead.port)).toBe(true);
      killed.child.kill('SIGKILL');
      await killed.exited;
      await expect.poll(() => accepts(dead.port), { timeout: 15_000 }).toBe(false);
      await expect.poll(() => fs.existsSync(dead.folder), { timeout: 15_000 }).toBe(false);
    }, 90_000);
  });
});
