import crypto from 'node:crypto';
import { afterEach, beforeEach, inject } from 'vitest';
import pg from 'pg';
import { onServer } from './engine.js';

// setupFile of the `postgres` vitest project: before each test, a fresh database copied
// from the run's migrated template (postgres-project.ts); after it, the database is dropped.
// Every testApp in one test opens that database: two apps in a test are two tills of one shop.

let current: string | null = null;

/** The URL of this test's database; throws outside the `postgres` project. */
export function testDatabaseUrl(): string {
  if (!current) throw new Error('No test database: the PostgreSQL run makes one per test (tests/support/postgres-each.ts)');
  return current;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('postgresAdminUrl') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

if (onServer) {
  let name = '';
  beforeEach(async () => {
    const adminUrl = inject('postgresAdminUrl');
    if (!adminUrl) throw new Error('PostgreSQL is not installed here: install Debian\'s `postgresql` package to run the shared-archive tests');
    name = `t_${crypto.randomBytes(6).toString('hex')}`;
    // FILE_COPY: a small template copies faster than the default WAL_LOG strategy.
    await admin((client) => client.query(`CREATE DATABASE ${name} TEMPLATE migrated STRATEGY FILE_COPY`));
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    current = url.toString();
  });
  afterEach(async () => {
    current = null;
    // FORCE: a pool a test left open (it is closed by then; this is the safety net).
    if (name) await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    name = '';
  });
}

/**
 * A database kept for a whole test file, for data too costly to build again for each test
 * (a file's beforeAll makes it, testApp({ databaseUrl }) opens it): a copy of the migrated
 * template like every test's. `drop` removes it; call it in the file's afterAll.
 */
export async function fileDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = inject('postgresAdminUrl');
  if (!adminUrl) throw new Error('PostgreSQL is not installed here: install Debian\'s `postgresql` package to run the shared-archive tests');
  const name = `f_${crypto.randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name} TEMPLATE migrated STRATEGY FILE_COPY`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
