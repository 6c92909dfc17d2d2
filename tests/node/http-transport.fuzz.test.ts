import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/node/csp.js';
import { startWebServer, TOKEN_HEADER, type WebServer } from '../../main/node/http-transport.js';
import { tempDir, testApp } from '../support/services.js';
import { rawRequest } from './raw-http.js';

// Whatever arrives on the port — odd targets, methods, headers and bodies, with the token
// or without — the web transport answers with a status and goes on serving (issue 12).

let server: WebServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** Every status a request of any shape may get; anything else (or none) is a defect. */
const SANE = [200, 400, 401, 404, 405, 413, 417, 421, 431, 500, 501, 505];

const ODD_TARGETS = [
  '//', '///', '/\\', '//@', 'http://', 'https://', '*', '//evil.example/api/customers.search', '/\\evil.example',
  'http://127.0.0.1/api/customers.search', 'file:///etc/passwd', '/%', '/%zz', '/%E0%A4%A', '/a%00b', '/a\0b',
  '/api/', '/api/customers.search/', '/api/customers..search', '/api/constructor', '/api/__proto__', '/api/toString',
  '/api/customers.search?x=%', '/api/customers.search#frag', '/exports/', '/exports/..%2f..%2fsettings.json',
  '/exports/%', '/exports/a\\b.csv', '/assets/../../etc/passwd', '/índex.html', '/😀', '/api/cüstomers.search',
  '/' + 'a'.repeat(20_000), '/api/' + 'a'.repeat(5_000), '',
];

const target = fc.oneof(
  fc.constantFrom(...ODD_TARGETS),
  fc.string({ maxLength: 40 }).map((s) => '/' + s),
  fc.string({ maxLength: 40 }).map((s) => '/api/' + s),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('/api/customers.search', '/api/settings.get', '/api/exchange.upload', '/'),
);

const method = fc.oneof(
  fc.constantFrom('GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'CONNECT', 'PROPFIND', 'post', 'P0ST', 'GET GET', ''),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 10 }),
);

/** Raw header lines; the host line is chosen apart so that most requests get past it. */
const headerLine = fc.oneof(
  fc.constantFrom(
    'content-type: application/json', 'content-type: text/plain', 'content-type: multipart/form-data; boundary=x',
    'content-type: application/json; charset=utf-16', 'content-type:', 'content-length: -1', 'content-length: abc',
    'content-length: 99999999999999999999', 'content-length: 5', 'content-length: 0', 'transfer-encoding: chunked',
    'transfer-encoding: gzip, chunked', 'transfer-encoding: identity', 'expect: 100-continue', 'expect: nonsense',
    'origin: http://evil.example', 'origin: null', 'origin: ', 'connection: keep-alive', 'connection: upgrade',
    'upgrade: websocket', 'x-counterpart-token: guess', `x-counterpart-token: ${'t'.repeat(9_000)}`,
    'x-counterpart-token:', 'no colon here', ' leading: space', 'bad header: x', 'x-nul: a\0b', 'x-utf8: ü😀',
    `x-long: ${'x'.repeat(20_000)}`, 'host: evil.example',
  ),
  fc.tuple(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }), fc.string({ maxLength: 30 })).map(([k, v]) => `${k}: ${v}`),
);

const body = fc.oneof(
  fc.constantFrom('', '{', '{"query":', '{"query":"x"}', 'null', '[]', '"x"', '1e999', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}',
    '\uFEFF{}', '{"query":"\\ud800"}', '[' .repeat(5_000) + ']'.repeat(5_000), '{"a":' .repeat(3_000) + '1' + '}'.repeat(3_000),
    '0\r\n\r\n', 'zz\r\nabc\r\n0\r\n\r\n'),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constant('x').map(() => JSON.stringify({ query: 'y'.repeat(1_200_000) })),
);

/** How the body's length is told: right, too long (a truncated body), too short, or not at all. */
const framing = fc.constantFrom('exact', 'truncated', 'short', 'none', 'chunked');

function request(port: number, parts: { method: string; target: string; host: string; token: string; headers: string[]; body: string; framing: string }) {
  const lines = [`${parts.method} ${parts.target} HTTP/1.1`];
  if (parts.host !== 'none') lines.push(`Host: ${parts.host === 'right' ? `127.0.0.1:${port}` : parts.host}`);
  if (parts.token !== 'none') lines.push(`${TOKEN_HEADER}: ${parts.token === 'right' ? 'fuzz-token' : parts.token}`);
  lines.push(...parts.headers);
  const bytes = Buffer.from(parts.body, 'utf8');
  let payload: Buffer = bytes;
  if (parts.framing === 'exact') lines.push(`content-length: ${bytes.length}`);
  if (parts.framing === 'truncated') lines.push(`content-length: ${bytes.length + 10}`);
  if (parts.framing === 'short') lines.push(`content-length: ${Math.floor(bytes.length / 2)}`);
  if (parts.framing === 'chunked') {
    lines.push('transfer-encoding: chunked');
    payload = Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n0\r\n\r\n')]);
  }
  return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'utf8'), payload]);
}

describe('the web transport under fuzzing', () => {
  it('answers every request of any shape with a sane status and goes on serving', async () => {
    const app = testApp();
    const staticDir = tempDir();
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Counterpart</title>');
    fs.mkdirSync(path.join(staticDir, 'assets'));
    fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
    const logged: unknown[] = [];
    server = await startWebServer({
      api: app.api, staticDir, token: 'fuzz-token', csp: CONTENT_SECURITY_POLICY,
      exportsDir: tempDir(), log: (_message, error) => logged.push(error),
    });
    const port = server.port;
    const proper = () => rawRequest(port, request(port, {
      method: 'POST', target: '/api/customers.search', host: 'right', token: 'right', headers: ['content-type: application/json'],
      body: '{"query":"jan"}', framing: 'exact',
    }));

    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          method, target, body, framing,
          host: fc.constantFrom('right', 'right', 'right', 'none', 'evil.example', `localhost:${port}`, '127.0.0.1', ''),
          token: fc.constantFrom('right', 'right', 'none', 'wrong', ''),
          headers: fc.array(headerLine, { maxLength: 4 }),
        }),
        async (parts) => {
          const answer = await rawRequest(port, request(port, parts), 5_000);
          expect(answer.timedOut, 'no answer within 5 s').toBe(false);
          expect(SANE, `status ${answer.status}: ${answer.text.slice(0, 120)}`).toContain(answer.status);
        },
      ),
      { numRuns: 250, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31), endOnFailure: true, interruptAfterTimeLimit: 40_000 },
    );
    expect(Date.now() - started).toBeLessThan(45_000);
    // Still there, and still the real thing.
    const after = await proper();
    expect(after.status).toBe(200);
    expect(after.text).toContain('"ok":true');
    // Whatever went wrong inside was logged, never thrown out of the server.
    expect(logged.every((error) => error instanceof Error)).toBe(true);
    // And no connection was left behind that would keep it from closing.
    const closing = server.close().then(() => 'closed');
    server = null;
    expect(await Promise.race([closing, new Promise((resolve) => setTimeout(() => resolve('stuck'), 5_000))])).toBe('closed');
  }, 60_000);
});
