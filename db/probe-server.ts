import pg from 'pg';
import { APPLICATION_ID } from './archive-file.js';
import { isUnreachable, sqlState } from './transaction.js';

// A look at a PostgreSQL server before a shop chooses it (Settings → Archive): can it be
// reached, does it accept the login, and is its database empty or an archive of ours — at
// which schema version, holding how many customers. One connection of its own, read only,
// that never migrates or writes (db/open-postgres.ts does that when a till opens it), and
// answers within a few seconds whatever the network does.

export interface ServerLoginDetails {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
}

export type ServerProbe =
  | { state: 'empty' }
  | { state: 'archive'; schemaVersion: number; customers: number }
  | { state: 'unusable'; reason: 'unreachable' | 'login_refused' | 'database_missing' | 'not_ours' };

/** Each step (connecting, every query) gives up after this long. */
export const PROBE_TIMEOUT_MS = 3000;

export async function probeServer(login: ServerLoginDetails, timeoutMs = PROBE_TIMEOUT_MS): Promise<ServerProbe> {
  const client = new pg.Client({
    host: login.host,
    port: login.port,
    database: login.database,
    user: login.user,
    password: login.password,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    statement_timeout: timeoutMs,
    application_name: 'counterpart (testing the connection)',
    // Nothing this look runs may write, whatever the database holds.
    options: '-c default_transaction_read_only=on',
  });
  // A connection the server ends emits 'error' on the client; unheard, it would end the process.
  client.on('error', () => {});
  try {
    try {
      await client.connect();
    } catch (error) {
      const state = sqlState(error);
      // 28P01 invalid_password, 28000 no such role or refused by pg_hba.
      if (state === '28P01' || state === '28000') return { state: 'unusable', reason: 'login_refused' };
      if (state === '3D000') return { state: 'unusable', reason: 'database_missing' };
      if (isUnreachable(error) || !state) return { state: 'unusable', reason: 'unreachable' };
      throw error;
    }
    const marked = await client.query<{ found: boolean }>(`SELECT to_regclass('schema_version') IS NOT NULL AS found`);
    if (!marked.rows[0]?.found) {
      // The same test a till's first start makes (db/migrations/postgres/run.ts): anything in it is somebody else's.
      const owned = await client.query<{ n: number }>(`
        SELECT count(*)::int AS n FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace s ON s.oid = c.relnamespace
        WHERE s.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')`);
      return (owned.rows[0]?.n ?? 0) === 0 ? { state: 'empty' } : { state: 'unusable', reason: 'not_ours' };
    }
    const version = await client.query<{ application_id: number; version: number }>('SELECT application_id, version FROM schema_version');
    const row = version.rows.length === 1 ? version.rows[0]! : null;
    if (!row || Number(row.application_id) !== APPLICATION_ID) return { state: 'unusable', reason: 'not_ours' };
    const hasCustomers = await client.query<{ found: boolean }>(`SELECT to_regclass('customers') IS NOT NULL AS found`);
    const customers = hasCustomers.rows[0]?.found
      ? Number((await client.query<{ n: number }>('SELECT count(*)::int AS n FROM customers')).rows[0]?.n ?? 0)
      : 0;
    return { state: 'archive', schemaVersion: Number(row.version), customers };
  } catch (error) {
    // The connection dropped or a query ran out of time: unreachable, as far as the shop can tell.
    if (isUnreachable(error) || /timeout/i.test((error as Error).message ?? '')) return { state: 'unusable', reason: 'unreachable' };
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}
