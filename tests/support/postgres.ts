import { withoutFakeTime } from './real-clock.js';
import { execFile, spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { listenForConnectionErrors, POSTGRES_TYPES } from '../../db/open-postgres.js';
import { migratePostgres } from '../../db/migrations/postgres/run.js';

// A throwaway PostgreSQL cluster for the shared-archive tests: Debian's PostgreSQL 15
// binaries, a cluster in a temp folder (a copy of one initdb'd template kept in the temp
// folder for later runs: see templateCluster), a server on a free 127.0.0.1 port with fsync
// off (tests only), a database, and everything stopped and removed afterwards — by stop(),
// at process exit, and by a watchdog if the test process is killed outright.
//
// root may not run initdb or the server, so as root everything runs as the `postgres` OS
// user (Debian's package creates it) in a folder it owns; any other user runs them itself.
// TCP connections need the superuser's password (scram-sha-256, a random one per cluster);
// only the cluster's own socket folder is trusted, and the server listens on 127.0.0.1 only.

const execFileAsync = promisify(execFile);
/** The server's tools run on the real clock, also under `test:year-ahead` (real-clock.ts). */
const run = (file: string, args: readonly string[], options: { cwd: string }) =>
  execFileAsync(file, args, { ...options, env: withoutFakeTime() });

/** Debian's package with the server binaries (it pulls in postgresql-15 on bookworm). */
export const POSTGRES_PACKAGE = 'postgresql';
const DEFAULT_BIN = '/usr/lib/postgresql/15/bin';
const TOOLS = ['initdb', 'pg_ctl', 'postgres'] as const;
/** Like a Dutch shop's server, so that nothing can lean on UTC by accident. */
const SERVER_TIMEZONE = 'Europe/Amsterdam';

export class PostgresMissingError extends Error {
  constructor(looked: string[]) {
    super(
      `PostgreSQL's server binaries (${TOOLS.join(', ')}) were not found in ${looked.join(' or ')}. ` +
        `The PostgreSQL tests need them: install Debian's package with \`apt-get install ${POSTGRES_PACKAGE}\` ` +
        '(or point COUNTERPART_PG_BIN at a PostgreSQL 15 bin folder).',
    );
    this.name = 'PostgresMissingError';
  }
}

function candidates(): string[] {
  const fromEnv = process.env.COUNTERPART_PG_BIN;
  return fromEnv ? [fromEnv] : [DEFAULT_BIN];
}

/** The folder holding initdb, pg_ctl and postgres, or null. */
export function findPostgres(): string | null {
  for (const dir of candidates()) {
    const complete = TOOLS.every((tool) => {
      try {
        fs.accessSync(path.join(dir, tool), fs.constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
    if (complete) return dir;
  }
  return null;
}

/** CI (and .ci/run, which sets COUNTERPART_REQUIRE_POSTGRES) never skips these tests. */
function required(): boolean {
  return Boolean(process.env.CI || process.env.COUNTERPART_REQUIRE_POSTGRES);
}

/**
 * Whether the PostgreSQL tests can run here. On a developer machine without PostgreSQL
 * they are skipped with a message saying what to install; in CI a missing PostgreSQL
 * throws, failing the test file loudly instead of skipping it.
 */
export function postgresAvailable(): boolean {
  if (findPostgres()) return true;
  const error = new PostgresMissingError(candidates());
  if (required()) throw error;
  console.warn(`Skipping the PostgreSQL tests. ${error.message}`);
  return false;
}

export interface TestPostgres {
  /** postgres://postgres:<password>@127.0.0.1:<port>/<database> */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly database: string;
  /** The temp folder holding the cluster, its socket and its log; gone after stop(). */
  readonly folder: string;
  /** How long initdb, the start and the database took, in milliseconds. */
  readonly startMs: number;
  /** A further database on the same server, empty or a copy of `template`; its URL. */
  createDatabase(name: string, options?: { template?: string }): Promise<string>;
  /** The URL of another database on this server. */
  urlFor(database: string): string;
  /** Stops the server (fast shutdown) and removes its folder. Safe to call twice. */
  stop(): Promise<void>;
  /** Outage tests: stops the server as a shutdown (fast) or a crash (immediate) does, keeping its folder. */
  halt(mode: 'fast' | 'immediate'): Promise<void>;
  /** Starts a halted server again, on the same port with the same settings. */
  resume(): Promise<void>;
  /**
   * Outage tests: a server that stops answering without closing a connection (a frozen
   * host, a network cut): SIGSTOP to the postmaster and every process of the cluster.
   */
  freeze(): void;
  /** Lets a frozen server run again (SIGCONT); what it had in its sockets it then reads. */
  thaw(): void;
}

interface OsUser {
  uid: number;
  gid: number;
}

function postgresOsUser(): OsUser {
  const id = (flag: string) => {
    const out = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
    if (out.status !== 0) throw new Error('Running as root, the tests start PostgreSQL as the `postgres` OS user, and there is none: install Debian\'s `postgresql` package (it creates the user) or run the tests as another user.');
    return Number(out.stdout.trim());
  };
  return { uid: id('-u'), gid: id('-g') };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const quote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;

/** How PostgreSQL's tools are run: as the `postgres` OS user when we are root. */
interface Runner {
  bin: string;
  owner: OsUser | null;
  argv(file: string, args: string[]): [string, string[]];
}

function runner(bin: string): Runner {
  const owner = process.getuid?.() === 0 ? postgresOsUser() : null;
  return {
    bin,
    owner,
    argv: (file, args) => (owner ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args]),
  };
}

const initdbArgs = (dataDir: string) => [
  '-D', dataDir, '-U', 'postgres',
  // The socket (in the cluster's own folder) is trusted; TCP needs the password set at start.
  '--auth-local=trust', '--auth-host=scram-sha-256',
  '-E', 'UTF8', '--no-locale', '--no-sync', '--no-instructions',
];

/**
 * initdb costs about a second of CPU; copying its result costs a tenth of that. So one
 * initdb'd cluster is kept in the temp folder as a template for every later start on this
 * machine (same binaries, same OS user), made once under an atomic rename. A template that
 * is missing pieces (a temp-folder cleaner) is made again; any trouble falls back to initdb.
 */
async function templateCluster(tools: Runner): Promise<string> {
  const stamp = ['initdb', 'postgres'].map((tool) => fs.statSync(path.join(tools.bin, tool)).mtimeMs).join(':');
  const key = crypto.createHash('sha256').update(`${tools.bin}|${stamp}|${tools.owner?.uid ?? process.getuid?.()}|${initdbArgs('').join(' ')}`).digest('hex').slice(0, 16);
  const root = path.join(os.tmpdir(), `counterpart-pg-template-${key}`);
  const data = path.join(root, 'data');
  const complete = () => ['ready', 'data/PG_VERSION', 'data/global/pg_control', 'data/base'].every((f) => fs.existsSync(path.join(root, f)));
  if (complete()) return data;
  fs.rmSync(root, { recursive: true, force: true });
  const building = fs.mkdtempSync(`${root}.building-`);
  try {
    if (tools.owner) fs.chownSync(building, tools.owner.uid, tools.owner.gid);
    await run(...tools.argv(path.join(tools.bin, 'initdb'), initdbArgs(path.join(building, 'data'))), { cwd: building });
    fs.writeFileSync(path.join(building, 'ready'), '');
    try {
      fs.renameSync(building, root);
    } catch {
      // Another test file made it at the same time: theirs will do.
    }
  } finally {
    fs.rmSync(building, { recursive: true, force: true });
  }
  if (!complete()) throw new Error(`the PostgreSQL template cluster in ${root} is incomplete`);
  return data;
}

/**
 * Starts a throwaway cluster and creates `database` in it (default `counterpart`).
 * `settings` override the test defaults below (the last -c wins): a benchmark measuring
 * durable commits turns fsync, full_page_writes and synchronous_commit back on.
 */
export async function startPostgres(options: { database?: string; settings?: Record<string, string | number> } = {}): Promise<TestPostgres> {
  const started = performance.now();
  const bin = findPostgres();
  if (!bin) throw new PostgresMissingError(candidates());
  const tools = runner(bin);
  const tool = (name: string, args: string[]) => tools.argv(path.join(bin, name), args);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpart-pg-'));
  if (tools.owner) fs.chownSync(dir, tools.owner.uid, tools.owner.gid);
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  const password = crypto.randomBytes(18).toString('base64url');

  let stopped = false;
  let watchdog: ReturnType<typeof spawn> | null = null;
  const serverRunning = () => fs.existsSync(path.join(dataDir, 'postmaster.pid'));
  // The postmaster (its pid file's first line) and every process it started (from /proc).
  const clusterPids = (): number[] => {
    if (!serverRunning()) return [];
    const postmaster = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const children = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name)).filter((pid) => {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
      } catch {
        return false; // gone meanwhile
      }
    });
    return [postmaster, ...children.map(Number)];
  };
  let frozen = false;
  const signalCluster = (signal: 'SIGSTOP' | 'SIGCONT') => {
    // The postmaster first when stopping (it forks no new backend meanwhile), last when continuing.
    const pids = clusterPids();
    for (const pid of signal === 'SIGSTOP' ? pids : pids.reverse()) {
      try {
        process.kill(pid, signal);
      } catch {
        // a backend that ended meanwhile
      }
    }
    frozen = signal === 'SIGSTOP';
  };
  // At process exit (a failed test file included) nothing asynchronous runs any more.
  const stopNow = () => {
    if (stopped) return;
    stopped = true;
    if (frozen) signalCluster('SIGCONT');
    if (serverRunning()) spawnSync(...tool('pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate', '-s']), { stdio: 'ignore' });
    fs.rmSync(dir, { recursive: true, force: true });
    if (watchdog?.pid) {
      try {
        process.kill(-watchdog.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  process.once('exit', stopNow);

  try {
    let template: string | null = null;
    try {
      template = await templateCluster(tools);
      await run(...tools.argv('cp', ['-a', template, dataDir]), { cwd: dir });
    } catch {
      template = null;
      fs.rmSync(dataDir, { recursive: true, force: true });
      await run(...tool('initdb', initdbArgs(dataDir)), { cwd: dir });
    }

    // A test process killed outright (SIGKILL, a crashed worker) runs no exit handler: this
    // shell outlives it by at most a second, then stops the server and removes the folder.
    watchdog = spawn('sh', ['-c', [
      `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done`,
      // A cluster left frozen (freeze()) would not hear pg_ctl stop.
      `if [ -f ${quote(path.join(dataDir, 'postmaster.pid'))} ]; then pm=$(head -n 1 ${quote(path.join(dataDir, 'postmaster.pid'))}); kill -CONT "$pm" $(ps -o pid= --ppid "$pm"); fi`,
      `if [ -f ${quote(path.join(dataDir, 'postmaster.pid'))} ]; then ${tool('pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate', '-s']).flat().map(quote).join(' ')}; fi`,
      `rm -rf ${quote(dir)}`,
    ].join('\n')], { detached: true, stdio: 'ignore' });
    watchdog.unref();

    // Another test file may take the port between our look and the server's bind: try again.
    let port = 0;
    let serverOptions = '';
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      serverOptions = [
        '-c listen_addresses=127.0.0.1', `-p ${port}`, `-k ${quote(dir)}`,
        // Tests only: nothing here must survive a power cut.
        '-c fsync=off', '-c full_page_writes=off', '-c synchronous_commit=off',
        '-c autovacuum=off', '-c shared_buffers=16MB', '-c max_connections=40',
        `-c timezone=${SERVER_TIMEZONE}`, '-c log_timezone=UTC',
        ...Object.entries(options.settings ?? {}).map(([name, value]) => `-c ${name}=${quote(String(value))}`),
      ].join(' ');
      try {
        await run(...tool('pg_ctl', ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '60', '-s', '-o', serverOptions]), { cwd: dir });
        break;
      } catch (error) {
        const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
        if (attempt < 3 && /could not bind|Address already in use/i.test(log)) continue;
        // A damaged template is made afresh by the next start.
        if (template) fs.rmSync(path.dirname(template), { recursive: true, force: true });
        throw new Error(`PostgreSQL did not start: ${(error as Error).message}\n${log}`);
      }
    }

    // Through the trusted socket: the superuser's password for this cluster alone.
    const admin = new pg.Client({ host: dir, port, user: 'postgres', database: 'postgres' });
    await admin.connect();
    try {
      await admin.query(`ALTER ROLE postgres PASSWORD ${pg.escapeLiteral(password)}`);
    } finally {
      await admin.end();
    }

    const host = '127.0.0.1';
    const database = options.database ?? 'counterpart';
    const urlFor = (db: string) => `postgres://postgres:${encodeURIComponent(password)}@${host}:${port}/${encodeURIComponent(db)}`;
    const createDatabase = async (name: string, options: { template?: string } = {}) => {
      const client = new pg.Client({ connectionString: urlFor('postgres') });
      await client.connect();
      try {
        const template = options.template ? ` TEMPLATE ${pg.escapeIdentifier(options.template)}` : '';
        await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}${template}`);
      } finally {
        await client.end();
      }
      return urlFor(name);
    };
    const url = await createDatabase(database);

    return {
      url,
      host,
      port,
      database,
      folder: dir,
      startMs: performance.now() - started,
      createDatabase,
      urlFor,
      async stop() {
        if (stopped) return;
        process.removeListener('exit', stopNow);
        if (frozen) signalCluster('SIGCONT');
        if (serverRunning()) await run(...tool('pg_ctl', ['stop', '-D', dataDir, '-m', 'fast', '-w', '-s']), { cwd: os.tmpdir() });
        stopNow();
      },
      async halt(mode) {
        await run(...tool('pg_ctl', ['stop', '-D', dataDir, '-m', mode, '-w', '-s']), { cwd: os.tmpdir() });
      },
      async resume() {
        await run(...tool('pg_ctl', ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '60', '-s', '-o', serverOptions]), { cwd: dir });
      },
      freeze: () => signalCluster('SIGSTOP'),
      thaw: () => signalCluster('SIGCONT'),
    };
  } catch (error) {
    process.removeListener('exit', stopNow);
    stopNow();
    throw error;
  }
}

/**
 * startPostgres, plus one migrated database named `migrated` that tests copy
 * (`createDatabase(name, { template: 'migrated' })`) instead of migrating again. A template
 * may have no open connections, so its pool is closed.
 */
export async function startMigratedPostgres(): Promise<TestPostgres> {
  const server = await startPostgres();
  try {
    const template = postgresKysely(await server.createDatabase('migrated'));
    try {
      await migratePostgres(template);
    } finally {
      await template.destroy();
    }
    return server;
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/**
 * Kysely over node-postgres for a test database, reading numbers as SQLite hands them over
 * and listening for a connection's 'error' event: the production pool's own type parsers
 * and listener (db/open-postgres.ts), without its settings or migrations.
 */
export function postgresKysely<DB = unknown>(url: string): Kysely<DB> {
  const pool = new pg.Pool({ connectionString: url, max: 4, types: POSTGRES_TYPES });
  // A connection the server ends while it is checked out (pg_terminate_backend, a restart)
  // fails its query, which the caller sees; node-postgres also emits the error on the
  // client, and with no listener there that would end the whole process.
  listenForConnectionErrors(pool);
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}
