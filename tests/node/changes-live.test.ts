import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/node/csp.js';
import { startWebServer, TOKEN_HEADER, type WebServer } from '../../main/node/http-transport.js';
import { openServices, type Services } from '../../main/node/services.js';
import { confSettings } from '../../main/node/conf-settings.js';
import { MAX_WAIT_MS } from '../../main/api/changes/contract.js';
import type { ChangesPage } from '../../main/api/changes/types.js';
import { postgresAvailable, startPostgres, type TestPostgres } from '../support/postgres.js';
import { tempDir, testApp } from '../support/services.js';

// Live screens below the renderer, where the transport and the server come in:
// - over HTTP (web mode) the long-poll of the longest wait allowed is answered, not cut by a
//   server timeout, and many of them waiting at once leave other calls unhurried and all hear
//   the next change together;
// - on the shared server the LISTEN connection comes back by itself after a restart, and the
//   long-poll then says `missed`: what was written meanwhile went unheard.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const unwrap = <T>(result: { ok: boolean; value?: unknown; error?: unknown }): T => {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as T;
};

describe('the changes long-poll over HTTP', () => {
  let server: WebServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  function post(port: number, name: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: unknown }> {
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1', port, method: 'POST', path: `/api/${name}`,
        headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json', [TOKEN_HEADER]: 'secret-token' },
      }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve(JSON.parse(body)));
      });
      req.on('error', reject);
      req.end(JSON.stringify(input));
    });
  }

  it('keeps 30 long-polls waiting without slowing other calls, wakes them all on the next write, and answers the longest wait in full', async () => {
    const app = testApp();
    const staticDir = tempDir();
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Counterpart</title>');
    server = await startWebServer({ api: app.api, staticDir, token: 'secret-token', csp: CONTENT_SECURITY_POLICY });
    const port = server.port;
    const { cursor } = unwrap<ChangesPage>(await post(port, 'app.changes', { after: null }));

    const waiting = Array.from({ length: 30 }, () => post(port, 'app.changes', { after: cursor, waitMs: 20_000 }));
    await sleep(200);
    const started = performance.now();
    const customer = unwrap<{ id: number }>(await post(port, 'customers.create', { customer: { givenName: 'Jan' } }));
    expect(performance.now() - started).toBeLessThan(1000);
    const heard = (await Promise.all(waiting)).map((r) => unwrap<ChangesPage>(r));
    expect(performance.now() - started).toBeLessThan(1000);
    for (const page of heard) expect(page.changes).toEqual([{ topic: 'customer', customers: [customer.id] }]);

    // The longest wait allowed, with nothing changing: answered when it is over, not cut.
    const quietFrom = performance.now();
    const quiet = unwrap<ChangesPage>(await post(port, 'app.changes', { after: heard[0]!.cursor, waitMs: MAX_WAIT_MS }));
    expect(quiet).toEqual({ cursor: heard[0]!.cursor, changes: [], missed: false });
    expect(performance.now() - quietFrom).toBeGreaterThanOrEqual(MAX_WAIT_MS - 10);
  }, 60_000);
});

describe.skipIf(!postgresAvailable())('the changes of a shared server that restarts', () => {
  let pgServer: TestPostgres | null = null;
  const opened: Services[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    await pgServer?.stop();
    pgServer = null;
  });

  const till = (url: string, name: string) => {
    const services = openServices({ dataDir: tempDir(), mode: 'web', settings: (dir) => confSettings(dir, 'nl-NL'), databaseUrl: url, till: name, log: () => {} });
    opened.push(services);
    return services;
  };
  const changes = async (services: Services, after: string | null, waitMs: number) => unwrap<ChangesPage>(await services.api.call('app.changes', { after, waitMs }));

  /** Calls the server, trying again while it is coming back. */
  async function once<T>(services: Services, name: string, input: unknown): Promise<T> {
    for (let i = 0; ; i++) {
      const result = await services.api.call(name, input);
      if (result.ok) return result.value as T;
      if (result.error.code !== 'archive_unreachable' || i > 100) throw new Error(JSON.stringify(result.error));
      await sleep(100);
    }
  }

  /** The reader's cursor once its LISTEN connection hears the server (probes until one arrives). */
  async function listening(reader: Services, url: string): Promise<string> {
    const probe = new pg.Client({ connectionString: url });
    await probe.connect();
    try {
      let cursor = (await changes(reader, null, 0)).cursor;
      for (let k = 1; k <= 100; k++) {
        await probe.query(`SELECT pg_notify('counterpart_changes', $1)`, [JSON.stringify({ topic: 'receipts', customers: [900_000_000 + k] })]);
        const page = await changes(reader, cursor, 200);
        cursor = page.cursor;
        if (page.changes.some((c) => Array.isArray(c.customers) && c.customers.includes(900_000_000 + k))) return cursor;
      }
      throw new Error('the till never heard the server');
    } finally {
      await probe.end();
    }
  }

  it('listens again by itself after the server restarts, says missed, then hears the other till within 1 s', async () => {
    pgServer = await startPostgres();
    const writer = till(pgServer.url, 'till one');
    const reader = till(pgServer.url, 'till two');
    const customer = await once<{ id: number }>(writer, 'customers.create', { customer: { givenName: 'Herstart' } });
    const before = await listening(reader, pgServer.url);

    // A long-poll waiting across the restart: answered once the listener is back.
    const across = changes(reader, before, 20_000);
    await pgServer.halt('fast');
    await sleep(500);
    await pgServer.resume();
    const resumed = performance.now();
    const page = await across;
    expect(page.missed).toBe(true);
    expect(page.changes).toContainEqual({ topic: 'any', customers: 'many' });
    // The listener's backoff is at most 5 s between tries.
    expect(performance.now() - resumed).toBeLessThan(6000);
    // The same cursor asked again still says missed: the gap lies after it.
    expect((await changes(reader, before, 0)).missed).toBe(true);

    const after = await listening(reader, pgServer.url);
    const started = performance.now();
    const heard = changes(reader, after, 5000);
    await once(writer, 'loyalty.recordPurchase', { customerId: customer.id, amount: '7,50', locale: 'nl' });
    const next = await heard;
    expect(performance.now() - started).toBeLessThan(1000);
    expect(next).toMatchObject({ missed: false, changes: [{ topic: 'loyalty', customers: [customer.id] }] });
  }, 120_000);
});
