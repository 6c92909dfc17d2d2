import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/node/csp.js';
import { startWebServer, staticPath, TOKEN_HEADER, type WebServer } from '../../main/node/http-transport.js';
import { tempDir, testApp } from '../support/services.js';
import { rawRequest } from './raw-http.js';

let server: WebServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function start() {
  const app = testApp();
  const staticDir = tempDir();
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Counterpart</title>');
  fs.mkdirSync(path.join(staticDir, 'assets'));
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  server = await startWebServer({ api: app.api, staticDir, token: 'secret-token', csp: CONTENT_SECURITY_POLICY });
  return { app, staticDir, server };
}

/** Raw requests, so that Host and Origin can be what an attacker would send. */
function send(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const apiCall = (port: number, name: string, input: unknown, headers: Record<string, string> = {}) =>
  send(port, {
    method: 'POST',
    path: `/api/${name}`,
    headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json', [TOKEN_HEADER]: 'secret-token', ...headers },
    body: JSON.stringify(input),
  });

describe('the web transport', () => {
  it('listens on 127.0.0.1 only and prints a URL carrying the token', async () => {
    const { server } = await start();
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=secret-token`);
  });

  it('serves the same handlers as IPC, in the same result envelope', async () => {
    const { server } = await start();
    const created = await apiCall(server.port, 'customers.create', { customer: { givenName: 'Jan', phones: ['06-12345678'] } });
    expect(JSON.parse(created.body)).toMatchObject({ ok: true, value: { displayName: 'Jan' } });
    const found = JSON.parse((await apiCall(server.port, 'customers.search', { query: '0612' })).body);
    expect(found.value.hits.map((h: { displayName: string }) => h.displayName)).toEqual(['Jan']);
    const refused = JSON.parse((await apiCall(server.port, 'customers.create', { customer: { givenName: '' } })).body);
    expect(refused).toMatchObject({ ok: false, error: { code: 'validation', fields: { 'customer.givenName': { code: 'required' } } } });
  });

  it('refuses calls without the token, from another origin or under another host name', async () => {
    const { server, app } = await start();
    const input = { customer: { givenName: 'Indringer' } };
    expect((await apiCall(server.port, 'customers.create', input, { [TOKEN_HEADER]: 'guess' })).status).toBe(401);
    expect((await apiCall(server.port, 'customers.create', input, { origin: 'http://evil.example' })).status).toBe(401);
    expect((await apiCall(server.port, 'customers.create', input, { host: `evil.example:${server.port}` })).status).toBe(421);
    expect((await app.ok('customers.search', { query: 'indringer' })).hits).toEqual([]);
  });

  it('answers malformed JSON with a validation result', async () => {
    const { server } = await start();
    const res = await send(server.port, {
      method: 'POST', path: '/api/customers.search', body: '{nope',
      headers: { host: `127.0.0.1:${server.port}`, [TOKEN_HEADER]: 'secret-token' },
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('serves the renderer with a strict CSP and never a file outside it', async () => {
    const { server } = await start();
    const host = { host: `127.0.0.1:${server.port}` };
    const index = await send(server.port, { path: '/', headers: host });
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect((await send(server.port, { path: '/assets/app.js', headers: host })).headers['content-type']).toContain('javascript');
    for (const p of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2fpackage.json', '/missing.js']) {
      const res = await send(server.port, { path: p, headers: host });
      expect(res.body, p).not.toContain('root:');
      expect([200, 404], p).toContain(res.status);
      if (res.status === 200) expect(res.body).toContain('<title>Counterpart</title>');
    }
  });

  // Issue 12: `GET //` made `new URL` throw in the request listener and ended web mode.
  it('answers odd request targets with 400 and keeps serving', async () => {
    const { server } = await start();
    const host = `Host: 127.0.0.1:${server.port}\r\n`;
    const odd = [
      '//', '///', '/\\', '//@', 'http://', 'https://', '//:', '//[', '//a:b@', 'http://[', '//%', '//@@', '/\\/',
      '//?', '//#', '//a:99999', '//:0', '/\\@', '//[::1', '//%zz', '\\\\', '//evil.example', '*', 'http:',
      `http://127.0.0.1:${server.port}/api/customers.search`, '//api/customers.search',
    ];
    for (const target of odd) {
      for (const method of ['GET', 'POST', 'OPTIONS']) {
        const answer = await rawRequest(server.port, `${method} ${target} HTTP/1.1\r\n${host}x-counterpart-token: secret-token\r\ncontent-length: 2\r\n\r\n{}`);
        expect(answer.status, `${method} ${target}`).toBe(400);
      }
    }
    expect((await apiCall(server.port, 'customers.search', { query: 'x' })).status).toBe(200);
  });

  it('turns a call that throws, or answers what JSON cannot carry, into a 500 and keeps serving', async () => {
    const staticDir = tempDir();
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<title>Counterpart</title>');
    const logged: string[] = [];
    const api = {
      call: (name: unknown) => {
        if (name === 'sync.throw') throw new Error('sync');
        if (name === 'big.int') return Promise.resolve({ ok: true as const, value: 1n });
        return Promise.reject(new Error('async'));
      },
    };
    server = await startWebServer({ api, staticDir, token: 'secret-token', csp: CONTENT_SECURITY_POLICY, log: (message) => logged.push(message) });
    for (const name of ['sync.throw', 'big.int', 'async.reject']) {
      const res = await apiCall(server.port, name, {});
      expect(res.status, name).toBe(500);
      expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'internal' } });
    }
    expect(logged).toHaveLength(3);
    expect((await send(server.port, { path: '/', headers: { host: `127.0.0.1:${server.port}` } })).status).toBe(200);
  });

  it('answers a body over the limit with 413, not a reset', async () => {
    const { server } = await start();
    const body = JSON.stringify({ query: 'x'.repeat(2 * 1024 * 1024) });
    const head = `POST /api/customers.search HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nx-counterpart-token: secret-token\r\n`;
    expect((await rawRequest(server.port, `${head}content-length: ${body.length}\r\n\r\n${body}`)).status).toBe(413);
    const chunked = `${head}transfer-encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;
    expect((await rawRequest(server.port, chunked)).status).toBe(413);
    expect((await apiCall(server.port, 'customers.search', { query: 'x' })).status).toBe(200);
  });

  // Issue 12: the token stayed in the address bar, the page's storage and its download links.
  it('trades the tokened first address for an HttpOnly cookie and the bare address', async () => {
    const { server } = await start();
    const host = `127.0.0.1:${server.port}`;
    const first = await send(server.port, { path: '/?token=secret-token', headers: { host } });
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    expect(first.headers['set-cookie']).toEqual([`counterpart_token_${server.port}=secret-token; HttpOnly; SameSite=Strict; Path=/`]);
    const wrong = await send(server.port, { path: '/?token=guess&x=1', headers: { host } });
    expect([wrong.status, wrong.headers.location, wrong.headers['set-cookie']]).toEqual([303, '/?x=1', undefined]);

    const cookie = `other=1; counterpart_token_${server.port}=secret-token`;
    const own = { host, cookie, origin: `http://${host}`, 'sec-fetch-site': 'same-origin', [TOKEN_HEADER]: '' };
    expect((await apiCall(server.port, 'customers.search', { query: 'x' }, own)).status).toBe(200);
    // The cookie counts only on this origin's own requests: cookies ignore ports, SameSite too.
    expect((await apiCall(server.port, 'customers.search', { query: 'x' }, { ...own, origin: 'http://127.0.0.1:1' })).status).toBe(401);
    expect((await apiCall(server.port, 'customers.search', { query: 'x' }, { ...own, 'sec-fetch-site': 'same-site' })).status).toBe(401);
    const { origin: _origin, ...withoutOrigin } = own;
    expect((await apiCall(server.port, 'customers.search', { query: 'x' }, withoutOrigin)).status).toBe(401);
    expect((await apiCall(server.port, 'customers.search', { query: 'x' }, { ...own, cookie: `counterpart_token_${server.port}=guess` })).status).toBe(401);
    expect((await apiCall(server.port, 'customers.search', { query: 'x' }, { ...own, cookie: 'counterpart_token_1=secret-token' })).status).toBe(401);
  });

  it('serves no source maps', async () => {
    const { server, staticDir } = await start();
    fs.writeFileSync(path.join(staticDir, 'assets', 'app.js.map'), '{"sources":["secret.ts"]}');
    const res = await send(server.port, { path: '/assets/app.js.map', headers: { host: `127.0.0.1:${server.port}` } });
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('secret');
  });

  it('resolves static paths inside the root only', () => {
    expect(staticPath('/srv/app', '/assets/a.js')).toBe('/srv/app/assets/a.js');
    expect(staticPath('/srv/app', '/../secret')).toBe('/srv/app/secret');
    expect(staticPath('/srv/app', '/%2e%2e/secret')).toBe('/srv/app/secret');
    expect(staticPath('/srv/app', '/a%00b')).toBeNull();
    expect(staticPath('/srv/app', '/%E0%A4%A')).toBeNull();
  });
});
