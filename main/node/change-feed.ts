import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Archive } from '../../db/archive.js';
import type { Change, ChangeFeed, ChangesPage } from '../api/changes/types.js';

// What changed in the archive, as this process hears of it, for the screens' long-poll
// (app.changes: main/api/changes/handlers.ts). A bounded ring of recent changes, each with a
// cursor one higher than the last; a cursor of another run (the epoch differs) or older than
// the ring answers `missed`: refetch everything.
//
// Where the changes come from, by engine:
// - PostgreSQL: the archive's triggers NOTIFY (migration 019) whoever wrote; one connection
//   of its own LISTENs (postgresChangeFeed). While it is away changes may go unheard, so once
//   it is back it reports 'any' and `missed`.
// - SQLite: no NOTIFY. This process's write calls tell what they changed (services.ts,
//   main/api/changes/by-call.ts); another process on the same file is noticed by PRAGMA
//   data_version, which moves when another connection commits: read on every call and every
//   POLL_MS while someone waits, it is reported as 'any'.

/** Changes kept: a renderer asks again within a second, so this is plenty. */
const RING_SIZE = 512;
/** Customers listed per topic in one answer; past it, 'many'. */
const MAX_CUSTOMERS = 200;
/** How often a waiting long-poll on the SQLite file looks at data_version. */
export const POLL_MS = 250;

export interface ChangeRing extends ChangeFeed {
  /** A change heard of; `missed` when changes before it may have gone unheard. */
  publish(change: Change, missed?: boolean): void;
  /** Wakes every waiting listener; nothing is published after. */
  close(): void;
  /** How many listeners wait (the SQLite feed polls only while some do). */
  readonly listeners: number;
}

interface Entry {
  seq: number;
  change: Change;
  missed: boolean;
}

/** Merges changes per topic: customers united, 'many' past MAX_CUSTOMERS. */
function merged(changes: readonly Change[]): Change[] {
  const byTopic = new Map<Change['topic'], Set<number> | 'many'>();
  for (const { topic, customers } of changes) {
    const seen = byTopic.get(topic) ?? new Set<number>();
    if (seen === 'many' || customers === 'many') {
      byTopic.set(topic, 'many');
      continue;
    }
    for (const id of customers) seen.add(id);
    byTopic.set(topic, seen.size > MAX_CUSTOMERS ? 'many' : seen);
  }
  return [...byTopic].map(([topic, ids]) => ({ topic, customers: ids === 'many' ? 'many' : [...ids].sort((a, b) => a - b) }));
}

export function createChangeRing(): ChangeRing {
  // A new epoch each run: a cursor from before a restart is another epoch's, hence missed.
  const epoch = randomBytes(6).toString('base64url');
  let seq = 0;
  const entries: Entry[] = [];
  const listeners = new Set<() => void>();
  let closed = false;
  const cursor = () => `${epoch}.${seq}`;
  const wake = () => {
    for (const listener of [...listeners]) listener();
  };
  return {
    publish(change, missed = false) {
      if (closed) return;
      entries.push({ seq: ++seq, change, missed });
      if (entries.length > RING_SIZE) entries.shift();
      wake();
    },
    since(after): ChangesPage {
      if (after === null) return { cursor: cursor(), changes: [], missed: false };
      const dot = after.lastIndexOf('.');
      const from = Number(after.slice(dot + 1));
      const oldest = entries[0]?.seq ?? seq + 1;
      // Another run's cursor, one from the future, or one the ring has dropped the changes after.
      if (dot < 0 || after.slice(0, dot) !== epoch || !Number.isSafeInteger(from) || from > seq || from < oldest - 1) {
        return { cursor: cursor(), changes: [{ topic: 'any', customers: 'many' }], missed: true };
      }
      const newer = entries.filter((e) => e.seq > from);
      return { cursor: cursor(), changes: merged(newer.map((e) => e.change)), missed: newer.some((e) => e.missed) };
    },
    subscribe(listener) {
      if (closed) {
        queueMicrotask(listener);
        return () => {};
      }
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      wake();
      listeners.clear();
    },
    get listeners() {
      return listeners.size;
    },
  };
}

export interface SqliteChangeFeed extends ChangeFeed {
  /** A write call of this process changed this (main/api/changes/by-call.ts). */
  wrote(change: Change): void;
  close(): void;
}

/**
 * The SQLite file's feed. `archive` is read anew each time: a restore puts another
 * connection in its place, which counts as everything having changed.
 */
export function sqliteChangeFeed(archive: () => Archive): SqliteChangeFeed {
  const ring = createChangeRing();
  let connection: unknown = null;
  let version = 0;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  /** Reads data_version (microseconds): moved means another connection committed. */
  const look = () => {
    const current = archive();
    if (closed || current.engine !== 'sqlite') return;
    let now: number;
    try {
      now = current.sqlite.pragma('data_version', { simple: true }) as number;
    } catch {
      return; // Closed for a restore's swap: the next look sees the new connection.
    }
    if (connection !== current.sqlite) {
      const replaced = connection !== null;
      connection = current.sqlite;
      version = now;
      if (replaced) ring.publish({ topic: 'any', customers: 'many' }, true);
      return;
    }
    if (now !== version) {
      version = now;
      ring.publish({ topic: 'any', customers: 'many' });
    }
  };
  const poll = () => {
    if (ring.listeners > 0 && !timer && !closed) {
      timer = setInterval(() => {
        look();
        if (ring.listeners === 0 && timer) {
          clearInterval(timer);
          timer = null;
        }
      }, POLL_MS);
      timer.unref();
    }
  };
  look();
  return {
    wrote: (change) => ring.publish(change),
    since(after) {
      look();
      return ring.since(after);
    },
    subscribe(listener) {
      const unsubscribe = ring.subscribe(listener);
      poll();
      return unsubscribe;
    },
    close() {
      closed = true;
      if (timer) clearInterval(timer);
      timer = null;
      ring.close();
    },
  };
}

/** What a payload of migration 019 says, or null when it is not one. */
export function changeOfPayload(payload: string | undefined): Change | null {
  try {
    const value = JSON.parse(payload ?? '') as { topic?: unknown; customers?: unknown };
    const topic = value.topic;
    if (topic !== 'customer' && topic !== 'loyalty' && topic !== 'memory' && topic !== 'receipts') return null;
    const customers = value.customers;
    if (customers === 'many') return { topic, customers };
    if (Array.isArray(customers) && customers.every((id) => Number.isSafeInteger(id))) return { topic, customers: customers as number[] };
    return null;
  } catch {
    return null;
  }
}

/** The channel migration 019's triggers NOTIFY on. */
export const CHANGES_CHANNEL = 'counterpart_changes';
/** Waits before connecting again: doubled each failure, up to the last. */
const BACKOFF_MS = [250, 500, 1000, 2000, 5000];

export interface PostgresChangeFeed extends ChangeFeed {
  close(): Promise<void>;
}

/**
 * The server's feed: one connection outside the pool LISTENs on CHANGES_CHANNEL, opened when
 * someone first asks (a renderer's long-poll; not the CLI, nor a test that never asks). When
 * the server goes away (a restart, a dropped network) it connects again, backing off. A cursor
 * handed out while nothing was listening (the server away, or not yet connected) may have
 * changes after it that went unheard: once listening, 'any' is reported as missed.
 * `client` makes an unconnected client with an 'error' listener of its own (listenerClient).
 */
export function postgresChangeFeed(client: () => pg.Client): PostgresChangeFeed {
  const ring = createChangeRing();
  let closed = false;
  let started = false;
  let current: pg.Client | null = null;
  let listening = false;
  /** Changes may have gone unheard since a cursor was handed out. */
  let unheard = false;
  let failures = 0;
  let retry: NodeJS.Timeout | null = null;
  const heard: (() => void)[] = [];
  const again = () => {
    if (closed || retry) return;
    const wait = BACKOFF_MS[Math.min(failures, BACKOFF_MS.length - 1)]!;
    failures++;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, wait);
    retry.unref();
  };
  const connect = async () => {
    const c = client();
    current = c;
    let lost = false;
    const gone = () => {
      if (lost) return;
      lost = true;
      listening = false;
      unheard = true;
      if (current === c) current = null;
      c.end().catch(() => {});
      again();
    };
    // The client's own 'error' listener (listenerClient) tells the log.
    c.on('error', gone);
    c.on('end', gone);
    c.on('notification', (message) => {
      if (message.channel !== CHANGES_CHANNEL) return;
      const change = changeOfPayload(message.payload);
      if (change) ring.publish(change);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch {
      gone();
      return;
    }
    if (closed || lost) {
      await c.end().catch(() => {});
      return;
    }
    failures = 0;
    listening = true;
    if (unheard) {
      unheard = false;
      ring.publish({ topic: 'any', customers: 'many' }, true);
    }
    for (const resolve of heard.splice(0)) resolve();
  };
  const start = () => {
    if (started || closed) return;
    started = true;
    void connect();
  };
  return {
    since(after) {
      start();
      if (!listening) unheard = true;
      return ring.since(after);
    },
    subscribe(listener) {
      start();
      return ring.subscribe(listener);
    },
    listening() {
      start();
      return listening || closed ? Promise.resolve() : new Promise((resolve) => heard.push(resolve));
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      ring.close();
      for (const resolve of heard.splice(0)) resolve();
      const c = current;
      current = null;
      await c?.end().catch(() => {});
    },
  };
}

/**
 * The LISTEN connection to the shared archive at `url`, outside the pool, named
 * `<till> changes` in pg_stat_activity; not yet connected. Its errors reach `report` with the
 * URL's password cut out. Nothing but LISTEN runs on it, so none of the pool's session
 * settings (db/open-postgres.ts) matter here.
 */
export function listenerClient(url: string, till: string, report: (error: Error) => void): pg.Client {
  let secrets: string[] = [];
  try {
    const password = new URL(url).password;
    secrets = [...new Set([password, safeDecode(password)].filter(Boolean))];
  } catch {
    // Not a URL: node-postgres refuses it when connecting, and says so without it.
  }
  const client = new pg.Client({
    connectionString: url,
    application_name: `${till} changes`,
    connectionTimeoutMillis: 3000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  client.on('error', (error) => {
    let message = error.message;
    for (const secret of secrets) message = message.split(secret).join('***');
    report(message === error.message ? error : Object.assign(new Error(message), { name: error.name }));
  });
  return client;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
