import net from 'node:net';
import util from 'node:util';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../db/schema.js';
import { APPLICATION_ID, ArchiveRefusedError } from '../../db/archive-file.js';
import { isPostgres } from '../../db/engine.js';
import { LATEST_POSTGRES_SCHEMA_VERSION } from '../../db/migrations/postgres/index.js';
import { ArchiveUnreachableError, CONNECT_TIMEOUT_MS, LOCK_TIMEOUT_MS, openPostgresArchive, type PostgresArchive } from '../../db/open-postgres.js';
import { isUnreachable } from '../../db/transaction.js';
import { archiveFailure } from '../../main/api/archive-errors.js';
import { postgresAvailable, postgresKysely, startPostgres, type TestPostgres } from '../support/postgres.js';

// The production connection to a shared PostgreSQL archive (db/open-postgres.ts) on a real
// throwaway cluster: it migrates, every connection of its pool runs in the shop's zone under
// the till's name, numbers come back as numbers, and a server that is gone, refuses or is
// newer is told as a stable code within seconds, never with the password in the words.

/** Not the server's zone (Europe/Amsterdam): the pool's setting must be what shows. */
const ZONE = 'America/New_York';
/** A space and a backslash: libpq's options need both escaped. */
const TILL = 'Till 2 back\\room';

const opened: PostgresArchive[] = [];
async function open(url: string, options: Partial<Parameters<typeof openPostgresArchive>[1]> = {}): Promise<PostgresArchive> {
  const archive = await openPostgresArchive(url, { zone: ZONE, till: TILL, ...options });
  opened.push(archive);
  return archive;
}

/** The rejection of `promise`, and how long it took to come. */
async function failure(promise: Promise<unknown>): Promise<{ error: Error; ms: number }> {
  const started = performance.now();
  try {
    await promise;
  } catch (error) {
    return { error: error as Error, ms: performance.now() - started };
  }
  throw new Error('expected a failure');
}

/** Everything an error could show in a message, a log line or a crash report. */
const everythingSaid = (error: Error) => [error.message, error.stack ?? '', String(error), util.inspect(error, { depth: 5 }), JSON.stringify(error)].join('\n');

const passwordOf = (url: string) => decodeURIComponent(new URL(url).password);

describe.runIf(postgresAvailable())('the shared archive on PostgreSQL: opening it (db/open-postgres.ts)', () => {
  let server: TestPostgres;
  let n = 0;
  const freshDatabase = () => server.createDatabase(`open_${++n}`);

  beforeAll(async () => {
    server = await startPostgres();
  }, 120_000);

  afterAll(async () => {
    for (const archive of opened) await archive.close().catch(() => {});
    await server?.stop();
  });

  it('opens an empty database and migrates it to the latest schema', async () => {
    const url = await freshDatabase();
    const archive = await open(url);
    expect(archive.engine).toBe('postgres');
    expect(isPostgres(archive.db)).toBe(true);
    expect(archive.schemaVersion).toBe(LATEST_POSTGRES_SCHEMA_VERSION);
    expect(archive.address).toBe(`127.0.0.1:${server.port}/open_${n}`);
    expect(archive.address).not.toContain(passwordOf(url));
    const version = await sql<{ version: number }>`SELECT version FROM schema_version`.execute(archive.db);
    expect(version.rows).toEqual([{ version: LATEST_POSTGRES_SCHEMA_VERSION }]);
    await archive.close();
    // Opened again: nothing to do, the same version.
    expect((await open(url)).schemaVersion).toBe(LATEST_POSTGRES_SCHEMA_VERSION);
  });

  it('lets two tills open a new archive at the same moment: one migrates, the other waits for it', async () => {
    const url = await freshDatabase();
    const [a, b, c] = await Promise.all([open(url, { till: 'Till 1' }), open(url, { till: 'Till 2' }), open(url, { till: 'Till 3' })]);
    expect([a!.schemaVersion, b!.schemaVersion, c!.schemaVersion]).toEqual([LATEST_POSTGRES_SCHEMA_VERSION, LATEST_POSTGRES_SCHEMA_VERSION, LATEST_POSTGRES_SCHEMA_VERSION]);
    const rows = await sql<{ version: number }>`SELECT version FROM schema_version`.execute(b!.db);
    expect(rows.rows).toEqual([{ version: LATEST_POSTGRES_SCHEMA_VERSION }]);
  });

  it('waits past its lock_timeout for another till that is still migrating, then finds the work done', async () => {
    const url = await freshDatabase();
    // Another till's migration, as run.ts takes it: the advisory lock, held longer than lock_timeout.
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1::bigint)', [APPLICATION_ID]);
      const started = performance.now();
      const opening = open(url);
      opening.catch(() => {}); // awaited below, after the wait
      await new Promise((resolve) => setTimeout(resolve, LOCK_TIMEOUT_MS + 1500));
      await other.query('SELECT pg_advisory_unlock($1::bigint)', [APPLICATION_ID]);
      expect((await opening).schemaVersion).toBe(LATEST_POSTGRES_SCHEMA_VERSION);
      expect(performance.now() - started).toBeGreaterThan(LOCK_TIMEOUT_MS + 1500);
    } finally {
      await other.end();
    }
  }, 30_000);

  it('runs every connection of the pool in the shop\'s zone, under the till\'s name, with its timeouts', async () => {
    // The URL's own settings do not override the app's; its other options stay.
    const base = await freshDatabase();
    const url = `${base}?application_name=someone-else&options=${encodeURIComponent('-c search_path=public -c TimeZone=UTC')}`;
    const archive = await open(url, { poolSize: 5 });
    // Five connections at once, each held while it answers: five different sessions.
    const answers = await Promise.all(Array.from({ length: 5 }, () => archive.db.connection().execute(async (conn) => {
      const row = await sql<{ pid: number; zone: string; name: string; statement: string; lock: string; idle: string; path: string }>`
        SELECT pg_backend_pid() AS pid, current_setting('TimeZone') AS zone, current_setting('application_name') AS name,
          current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock,
          current_setting('idle_in_transaction_session_timeout') AS idle, current_setting('search_path') AS path,
          pg_sleep(0.2)::text AS slept`.execute(conn);
      return row.rows[0]!;
    })));
    expect(new Set(answers.map((a) => a.pid)).size).toBe(5);
    for (const answer of answers) {
      expect(answer.zone).toBe(ZONE);
      expect(answer.name).toBe(TILL);
      expect(answer.statement).toBe('2min');
      expect(answer.lock).toBe(`${LOCK_TIMEOUT_MS / 1000}s`);
      expect(answer.idle).toBe('1min');
      expect(answer.path).toBe('public');
    }
    // The server sees the till by name too (what another till's operator looks at).
    const seen = await sql<{ n: number }>`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = ${TILL}`.execute(archive.db);
    expect(seen.rows[0]!.n).toBeGreaterThanOrEqual(1);
    // A migration's trigger counted in the writing session's zone: a fresh connection counts alike.
    const day = await sql<{ today: string }>`SELECT to_char(to_timestamp(0), 'YYYY-MM-DD HH24') AS today`.execute(archive.db);
    expect(day.rows[0]!.today).toBe('1969-12-31 19');
  });

  it('reads BIGINT and NUMERIC (a sum of BIGINTs) as numbers, throws beyond 2^53, and leaves node-postgres\'s own parsers alone', async () => {
    const archive = await open(await freshDatabase());
    const row = await sql<{ total: number; n: number; id: number; mean: number }>`
      SELECT sum(v) AS total, count(*) AS n, max(v) AS id, avg(v) AS mean
      FROM (VALUES (4503599627370496::bigint), (4503599627370495::bigint)) AS t(v)`.execute(archive.db);
    expect(row.rows[0]).toEqual({ total: 9007199254740991, n: 2, id: 4503599627370496, mean: 4503599627370495.5 });
    await expect(sql`SELECT 9007199254740993::bigint AS v`.execute(archive.db)).rejects.toThrow(/does not fit/);
    await expect(sql`SELECT sum(v) AS v FROM (VALUES (9007199254740991::bigint), (2::bigint)) AS t(v)`.execute(archive.db)).rejects.toThrow(/does not fit/);
    // The pool survives a row it could not read.
    expect((await sql<{ v: number }>`SELECT 1::bigint AS v`.execute(archive.db)).rows).toEqual([{ v: 1 }]);
    // Nothing global changed: another pool in this process still gets strings.
    expect(pg.types.getTypeParser(20, 'text')('5')).toBe('5');
    const plain = new pg.Client({ connectionString: server.url });
    await plain.connect();
    try {
      expect((await plain.query('SELECT 5::bigint AS v, 1.5::numeric AS w')).rows).toEqual([{ v: '5', w: '1.5' }]);
    } finally {
      await plain.end();
    }
  });

  it('refuses an archive of a newer schema (db_too_new) and leaves it alone', async () => {
    const url = await freshDatabase();
    await (await open(url)).close();
    const admin: Kysely<DB> = postgresKysely<DB>(url);
    try {
      await sql`UPDATE schema_version SET version = ${LATEST_POSTGRES_SCHEMA_VERSION + 1}`.execute(admin);
      const { error } = await failure(openPostgresArchive(url, { zone: ZONE, till: TILL }));
      expect(error).toBeInstanceOf(ArchiveRefusedError);
      expect((error as ArchiveRefusedError).code).toBe('db_too_new');
      const still = await sql<{ version: number }>`SELECT version FROM schema_version`.execute(admin);
      expect(still.rows).toEqual([{ version: LATEST_POSTGRES_SCHEMA_VERSION + 1 }]);
    } finally {
      await admin.destroy();
    }
  });

  it('refuses another program\'s database (not_an_archive)', async () => {
    const url = await freshDatabase();
    const admin = postgresKysely(url);
    try {
      await sql`CREATE TABLE invoices (id int)`.execute(admin);
    } finally {
      await admin.destroy();
    }
    const { error } = await failure(openPostgresArchive(url, { zone: ZONE, till: TILL }));
    expect((error as ArchiveRefusedError).code).toBe('not_an_archive');
  });

  it('says a wrong password, an unknown database or an unknown zone as archive_unreachable, never with the password', async () => {
    const url = await freshDatabase();
    const wrong = new URL(url);
    wrong.password = 'Wr0ng-s3cret-Pa55';
    const login = await failure(openPostgresArchive(wrong.toString(), { zone: ZONE, till: TILL }));
    expect(login.error).toBeInstanceOf(ArchiveUnreachableError);
    expect((login.error as ArchiveUnreachableError).code).toBe('archive_unreachable');
    expect((login.error as ArchiveUnreachableError).reason).toBe('login_refused');
    expect(everythingSaid(login.error)).not.toContain('Wr0ng-s3cret-Pa55');

    const missing = await failure(openPostgresArchive(server.urlFor('no_such_db'), { zone: ZONE, till: TILL }));
    expect((missing.error as ArchiveUnreachableError).reason).toBe('no_database');
    expect(everythingSaid(missing.error)).not.toContain(passwordOf(url));

    const zone = await failure(openPostgresArchive(url, { zone: 'Mars/Olympus_Mons', till: TILL }));
    expect((zone.error as ArchiveUnreachableError).reason).toBe('bad_setting');
    expect(everythingSaid(zone.error)).not.toContain(passwordOf(url));

    // Node's URL error would carry the whole address: not this one.
    const bad = await failure(openPostgresArchive('postgres://till:Top-s3cret@host:port/db', { zone: ZONE, till: TILL }));
    expect((bad.error as ArchiveUnreachableError).reason).toBe('bad_url');
    expect(everythingSaid(bad.error)).not.toContain('Top-s3cret');
  });

  it('says a server that refuses connections, or answers nothing, as archive_unreachable within 3 s, never with the password', async () => {
    // A port nobody listens on: refused at once.
    const closed = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const refused = await failure(openPostgresArchive(`postgres://till:Refused-s3cret@127.0.0.1:${closed}/shop`, { zone: ZONE, till: TILL }));
    expect((refused.error as ArchiveUnreachableError).code).toBe('archive_unreachable');
    expect((refused.error as ArchiveUnreachableError).reason).toBe('unreachable');
    expect(refused.ms).toBeLessThan(CONNECT_TIMEOUT_MS);
    expect(everythingSaid(refused.error)).not.toContain('Refused-s3cret');

    // A server that takes the connection and never answers (a hung host, a firewall's black hole).
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as net.AddressInfo;
      const hung = await failure(openPostgresArchive(`postgres://till:Silent-s3cret@127.0.0.1:${port}/shop`, { zone: ZONE, till: TILL }));
      expect((hung.error as ArchiveUnreachableError).code).toBe('archive_unreachable');
      expect(hung.ms).toBeLessThan(CONNECT_TIMEOUT_MS + 700);
      expect(everythingSaid(hung.error)).not.toContain('Silent-s3cret');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  }, 15_000);

  it('survives its connections being ended by the server, idle or busy, and carries on with new ones', async () => {
    const url = await freshDatabase();
    const heard: Error[] = [];
    const archive = await open(url, { poolSize: 3, onConnectionError: (error) => heard.push(error) });
    // One connection busy in a long query, others idle in the pool.
    await Promise.all([1, 2, 3].map(() => sql`SELECT pg_sleep(0.05)`.execute(archive.db)));
    const busy = sql`SELECT pg_sleep(10)`.execute(archive.db);
    busy.catch(() => {}); // awaited below, after the termination
    // And one checked out with no query running (a transaction between two statements):
    // node-postgres emits its 'error' on that client alone, while the pool does not watch it.
    let terminated!: () => void;
    const afterTermination = new Promise<void>((resolve) => { terminated = resolve; });
    const held = archive.db.connection().execute(async (conn) => {
      await sql`SELECT 1`.execute(conn);
      await afterTermination;
      await new Promise((resolve) => setTimeout(resolve, 200));
      return await sql`SELECT 2`.execute(conn);
    });
    held.catch(() => {}); // awaited below
    await new Promise((resolve) => setTimeout(resolve, 200));
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const ended = await admin.query('SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database() AND pid <> pg_backend_pid()) AS t', [TILL]);
      expect(ended.rows[0].n).toBe(3);
    } finally {
      await admin.end();
      terminated();
    }
    const { error } = await failure(busy);
    expect(isUnreachable(error)).toBe(true);
    expect(archiveFailure(error)?.code).toBe('archive_unreachable');
    const heldError = (await failure(held)).error;
    expect(archiveFailure(heldError)?.code).toBe('archive_unreachable');
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The listeners heard it (the process would have died otherwise), and the pool goes on.
    expect(heard.length).toBeGreaterThanOrEqual(1);
    expect((await sql<{ v: number }>`SELECT 1::bigint AS v`.execute(archive.db)).rows).toEqual([{ v: 1 }]);
  }, 20_000);

  it('tells a server stopped mid-way as archive_unreachable within 3 s, and the process lives on', async () => {
    // A server of its own: this one is stopped for good.
    const doomed = await startPostgres();
    const password = passwordOf(doomed.url);
    const heard: Error[] = [];
    let archive: PostgresArchive | null = null;
    try {
      archive = await openPostgresArchive(doomed.url, { zone: ZONE, till: TILL, poolSize: 3, onConnectionError: (error) => heard.push(error) });
      await Promise.all([1, 2].map(() => sql`SELECT pg_sleep(0.05)`.execute(archive!.db)));
      const busy = sql`SELECT pg_sleep(30)`.execute(archive.db);
      busy.catch(() => {}); // awaited below, once the server is going
      await new Promise((resolve) => setTimeout(resolve, 200));
      const stopping = doomed.stop();
      const inFlight = await failure(busy);
      expect(archiveFailure(inFlight.error)?.code).toBe('archive_unreachable');
      await stopping;

      // The next sale after the server went: told within 3 s.
      const next = await failure(sql`SELECT 1`.execute(archive.db));
      expect(archiveFailure(next.error)?.code).toBe('archive_unreachable');
      expect(next.ms).toBeLessThan(CONNECT_TIMEOUT_MS);
      expect(everythingSaid(next.error)).not.toContain(password);

      // Opening it now (another till starting): archive_unreachable, within 3 s.
      const reopen = await failure(openPostgresArchive(doomed.url, { zone: ZONE, till: TILL }));
      expect((reopen.error as ArchiveUnreachableError).code).toBe('archive_unreachable');
      expect(reopen.ms).toBeLessThan(CONNECT_TIMEOUT_MS);
      expect(everythingSaid(reopen.error)).not.toContain(password);

      expect(heard.length).toBeGreaterThanOrEqual(1);
      for (const error of heard) expect(everythingSaid(error)).not.toContain(password);
    } finally {
      await archive?.close().catch(() => {});
      await doomed.stop();
    }
  }, 60_000);
});
