import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/node/csp.js';
import { exportFolder, exportPath } from '../../main/node/exchange/folder.js';
import { startWebServer, TOKEN_HEADER, type WebServer } from '../../main/node/http-transport.js';
import { tempDir, testApp } from '../support/services.js';

// Web mode's part of export and import: a file's text comes in over one larger request (only
// for exchange.upload), and exports go out as downloads from the exports folder alone, for
// the page holding the token.

let server: WebServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function start() {
  const app = testApp();
  const staticDir = tempDir();
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Counterpart</title>');
  const exportsDir = path.join(app.dataDir, 'exports');
  server = await startWebServer({ api: app.api, staticDir, token: 'secret-token', csp: CONTENT_SECURITY_POLICY, exportsDir });
  return { app, server, exportsDir };
}

function send(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: { host: `127.0.0.1:${port}`, ...options.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const post = (port: number, name: string, input: unknown) =>
  send(port, { method: 'POST', path: `/api/${name}`, headers: { 'content-type': 'application/json', [TOKEN_HEADER]: 'secret-token' }, body: JSON.stringify(input) });

describe('uploading a CSV in web mode', () => {
  it('takes a file of several megabytes for exchange.upload only', async () => {
    const { server } = await start();
    const rows = Array.from({ length: 60_000 }, (_, i) => `Klant ${i};06-${20000000 + i};"Straat ${i}\nAchterom"`);
    const text = ['Naam;Telefoon;Adres', ...rows].join('\r\n');
    expect(text.length).toBeGreaterThan(2 * 1024 * 1024);
    const uploaded = JSON.parse((await post(server.port, 'exchange.upload', { name: 'groot.csv', text })).body.toString());
    expect(uploaded).toMatchObject({ ok: true, value: { rows: 60_000, mapping: ['fullName', 'phone', 'street'] } });

    // Every other call keeps the small limit, names that look like Object properties too.
    for (const name of ['customers.search', 'constructor', 'toString']) {
      const other = await post(server.port, name, { query: 'x'.repeat(2 * 1024 * 1024) }).catch(() => ({ status: 0 }));
      expect([0, 413], name).toContain(other.status);
    }
  });
});

describe('downloading an export in web mode', () => {
  it('serves a finished export with the token, as an attachment', async () => {
    const { app, server, exportsDir } = await start();
    await app.ok('customers.create', { customer: { givenName: 'José' } });
    const tagged = await app.ok('tags.add', { customerId: 1, name: 'Poëzie' });
    const file = await app.ok('exchange.exportTag', { tagId: tagged[0]!.id });
    const bytes = fs.readFileSync(path.join(exportsDir, file.name));

    const byHeader = await send(server.port, { path: `/exports/${file.name}`, headers: { [TOKEN_HEADER]: 'secret-token' } });
    expect(byHeader.status).toBe(200);
    expect(byHeader.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(byHeader.headers['content-disposition']).toBe(`attachment; filename="${file.name}"`);
    expect(byHeader.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(byHeader.body.equals(bytes)).toBe(true);

    const byLink = await send(server.port, { path: `/exports/${encodeURIComponent(file.name)}?token=secret-token` });
    expect(byLink.status).toBe(200);
    expect(byLink.body.toString('utf8')).toContain('José');
  });

  it('refuses without the token, and never serves anything outside the exports folder', async () => {
    const { server, exportsDir } = await start();
    fs.mkdirSync(exportsDir, { recursive: true });
    fs.writeFileSync(path.join(exportsDir, 'klanten.csv'), 'x');
    fs.writeFileSync(path.join(exportsDir, '.half.csv.part'), 'x');
    const token = { [TOKEN_HEADER]: 'secret-token' };
    expect((await send(server.port, { path: '/exports/klanten.csv' })).status).toBe(401);
    expect((await send(server.port, { path: '/exports/klanten.csv?token=wrong' })).status).toBe(401);
    expect((await send(server.port, { path: '/exports/klanten.csv', headers: { ...token, host: 'evil.example:80' } })).status).toBe(421);
    for (const bad of ['/exports/..%2Fcounterpart.sqlite', '/exports/%2E%2E%2Fsettings.json', '/exports/.half.csv.part', '/exports/nope.csv', '/exports/%E0%A4%A']) {
      expect((await send(server.port, { path: bad, headers: token })).status, bad).toBe(404);
    }
    expect((await send(server.port, { path: '/exports/klanten.csv', method: 'POST', headers: token })).status).toBe(405);
  });

  it('has nothing to serve when no exports folder is given', async () => {
    const app = testApp();
    server = await startWebServer({ api: app.api, staticDir: tempDir(), token: 't', csp: CONTENT_SECURITY_POLICY });
    expect((await send(server.port, { path: '/exports/klanten.csv?token=t' })).status).toBe(404);
  });
});

describe('the exports folder', () => {
  it('hides a file until it is finished, never overwrites one, and leaves nothing of a discarded one', async () => {
    const dir = tempDir();
    const folder = exportFolder(dir);
    const first = await folder.create('klanten.csv');
    await first.file.write(new TextEncoder().encode('a'));
    expect(fs.readdirSync(dir)).toEqual(['.klanten.csv.part']);
    expect(exportPath(dir, 'klanten.csv')).toBeNull();
    expect(await first.file.finish()).toBe(1);
    const second = await folder.create('klanten.csv');
    expect(second.name).toBe('klanten-2.csv');
    await second.file.discard();
    expect(fs.readdirSync(dir)).toEqual(['klanten.csv']);
    expect(exportPath(dir, 'klanten.csv')).toBe(path.join(dir, 'klanten.csv'));
    await expect(folder.create('../klanten.csv')).rejects.toThrow();
  });
});
