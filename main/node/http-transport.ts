import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Api } from '../api/dispatch.js';
import { exportPath } from './exchange/folder.js';

// The web mode's transport: the renderer's files and the same API as Electron's IPC,
// on 127.0.0.1 only. A per-run token keeps other pages and processes on this machine out;
// the Host check keeps out DNS rebinding. The token comes in the URL the shop opens once:
// the server answers that with an HttpOnly cookie and the bare URL (issue 12: it no longer
// stays in the address bar, the history, the page's storage or its download links).
// Calls carry the token in a header (tools, tests) or that cookie (the page); a cookie is
// taken only from this origin's own requests, by Origin and Sec-Fetch-Site, since
// cookies are not kept apart by port and SameSite counts 127.0.0.1:<any port> as the site.

export const TOKEN_HEADER = 'x-counterpart-token';
const MAX_BODY = 1024 * 1024;
/** Calls that carry a file's text: exchange.upload sends a CSV of up to 50 MB, which JSON may escape to more. */
export const LARGE_BODIES: Readonly<Record<string, number>> = { 'exchange.upload': 128 * 1024 * 1024 };

export interface WebServerOptions {
  api: Api;
  staticDir: string;
  token: string;
  csp: string;
  port?: number;
  /** The exports folder (`<data folder>/exports`): its files are downloadable under the same token. */
  exportsDir?: string;
  /** Where a request that failed inside the server is told; console.error by default. */
  log?: (message: string, error: unknown) => void;
}

export interface WebServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** One cookie per port: two web modes on one machine must not overwrite each other's. */
const cookieName = (port: number) => `counterpart_token_${port}`;

function cookieValue(req: http.IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Resolves a URL path inside root, or null when it would leave it. */
export function staticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const resolved = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  return resolved === root || resolved.startsWith(root + path.sep) ? resolved : null;
}

/**
 * The path and query of an origin-form target (`/…`), or null for any other shape. A browser
 * sends nothing else to the server it talks to; `//x` and `/\x` read as a host to the URL
 * parser (and `//` made it throw, which ended web mode: issue 12), `*` and absolute-form
 * (`http://…`) are for proxies.
 */
function requestTarget(raw: string | undefined): URL | null {
  if (!raw || raw[0] !== '/' || raw[1] === '/' || raw[1] === '\\') return null;
  try {
    const url = new URL(raw, 'http://localhost');
    return url.host === 'localhost' ? url : null;
  } catch {
    return null;
  }
}

class BodyTooLarge extends Error {}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Past the limit the rest is read and dropped rather than the socket reset, so the
    // client gets its 413 instead of a connection error.
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => (size > limit ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
    // A client gone before the end: settle, so nothing waits on it.
    req.on('close', () => reject(new Error('request closed early')));
  });
}

export function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const root = path.resolve(options.staticDir);
  const log = options.log ?? ((message: string, error: unknown) => console.error(message, error));
  let allowedHosts: Set<string> = new Set();
  let port = 0;

  const securityHeaders = {
    'content-security-policy': options.csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'x-frame-options': 'DENY',
  };

  const send = (res: http.ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...securityHeaders, ...extra });
    res.end(body);
  };

  const sendJson = (res: http.ServerResponse, status: number, value: unknown) =>
    send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));

  const ownOrigin = (origin: string) => origin.startsWith('http://') && allowedHosts.has(origin.slice('http://'.length));

  /**
   * The token from the header, or from the cookie when the request is the page's own: a
   * same-origin fetch (Origin ours, which a POST always names) or a download link on the
   * page or the address typed (Sec-Fetch-Site same-origin or none).
   */
  function authorised(req: http.IncomingMessage, { needOrigin }: { needOrigin: boolean }): boolean {
    const origin = req.headers.origin;
    if (origin !== undefined && !ownOrigin(origin)) return false;
    if (sameToken(req.headers[TOKEN_HEADER] as string | undefined, options.token)) return true;
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
    if (needOrigin && origin === undefined) return false;
    return sameToken(cookieValue(req, cookieName(port)), options.token);
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, name: string) {
    if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'unknown_call', message: 'POST only' } });
    if (!authorised(req, { needOrigin: true })) {
      return sendJson(res, 401, { ok: false, error: { code: 'unauthorized', message: 'Not allowed' } });
    }
    let input: unknown;
    try {
      // Own keys only: a call named like an Object property must not lift the limit.
      const body = await readBody(req, Object.hasOwn(LARGE_BODIES, name) ? LARGE_BODIES[name]! : MAX_BODY);
      input = body === '' ? {} : JSON.parse(body);
    } catch (error) {
      if (error instanceof BodyTooLarge) return sendJson(res, 413, { ok: false, error: { code: 'validation', message: 'Request too large' } });
      return sendJson(res, 400, { ok: false, error: { code: 'validation', message: 'Malformed request' } });
    }
    const result = await options.api.call(name, input);
    return sendJson(res, 200, result);
  }

  // An export, as a download: only a finished file directly inside the exports folder, and
  // only for the page holding the token (a link sends the cookie; tools may send ?token=).
  function handleDownload(req: http.IncomingMessage, res: http.ServerResponse, url: URL, name: string) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'GET only');
    if (!authorised(req, { needOrigin: false }) && !sameToken(url.searchParams.get('token') ?? undefined, options.token)) {
      return send(res, 401, 'text/plain', 'Not allowed');
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(name);
    } catch {
      return send(res, 404, 'text/plain', 'Not found');
    }
    const file = options.exportsDir ? exportPath(options.exportsDir, decoded) : null;
    if (!file) return send(res, 404, 'text/plain', 'Not found');
    const type = decoded.endsWith('.zip') ? 'application/zip' : decoded.endsWith('.csv') ? 'text/csv; charset=utf-8' : 'application/octet-stream';
    res.writeHead(200, {
      'content-type': type,
      'content-length': String(fs.statSync(file).size),
      'content-disposition': `attachment; filename="${decoded}"`,
      'cache-control': 'no-store',
      ...securityHeaders,
    });
    if (req.method === 'HEAD') return res.end();
    fs.createReadStream(file).on('error', () => res.destroy()).pipe(res);
  }

  function handleStatic(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'GET only');
    const given = url.searchParams.get('token');
    if (given !== null) {
      // The tokened first address: the token goes into a cookie and out of the address, before
      // the page (or its history entry) ever has it. A wrong one sets nothing.
      url.searchParams.delete('token');
      const cookie = `${cookieName(port)}=${options.token}; HttpOnly; SameSite=Strict; Path=/`;
      return send(res, 303, 'text/plain', 'See the app', {
        location: url.pathname + url.search,
        ...(sameToken(given, options.token) ? { 'set-cookie': cookie } : {}),
      });
    }
    const urlPath = url.pathname;
    // Source maps are for development; the shop's browser has no use for them.
    if (urlPath.endsWith('.map')) return send(res, 404, 'text/plain', 'Not found');
    let file = staticPath(root, urlPath === '/' ? '/index.html' : urlPath);
    if (!file) return send(res, 404, 'text/plain', 'Not found');
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      // Client-side routes live in the hash, so any other path is simply not there.
      if (path.extname(file) !== '') return send(res, 404, 'text/plain', 'Not found');
      file = path.join(root, 'index.html');
    }
    const type = MIME[path.extname(file)] ?? 'application/octet-stream';
    send(res, 200, type, fs.readFileSync(file));
  }

  // Whatever went wrong inside becomes a 500 (or, once the answer has begun, a cut
  // connection) and a line in the log: never an exception that ends the process.
  const failed = (res: http.ServerResponse, error: unknown) => {
    log('web request failed', error);
    if (res.headersSent || res.destroyed) return res.destroy();
    try {
      sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'Server error' } });
    } catch {
      res.destroy();
    }
  };

  function route(req: http.IncomingMessage, res: http.ServerResponse) {
    // DNS rebinding: a foreign name that resolves to 127.0.0.1 must not get in.
    if (!allowedHosts.has(req.headers.host ?? '')) return send(res, 421, 'text/plain', 'Wrong host');
    const url = requestTarget(req.url);
    if (!url) return send(res, 400, 'text/plain', 'Bad request target');
    const api = /^\/api\/([a-zA-Z.]+)$/.exec(url.pathname);
    if (api) {
      handleApi(req, res, api[1]!).catch((error: unknown) => failed(res, error));
      return;
    }
    const download = /^\/exports\/([^/]+)$/.exec(url.pathname);
    if (download) return handleDownload(req, res, url, download[1]!);
    handleStatic(req, res, url);
  }

  const server = http.createServer((req, res) => {
    // An 'error' with no listener would be thrown; a client that went away is not news.
    req.on('error', () => {});
    res.on('error', (error) => log('web response failed', error));
    try {
      route(req, res);
    } catch (error) {
      failed(res, error);
    }
  });
  const detached = new Set<Duplex>();
  // CONNECT is for proxies; unanswered, Node would drop the connection without a word.
  // The socket is no longer the server's to track, so it is drained (to see the client's
  // close) and cut after a while whatever the client does.
  server.on('connect', (_req: http.IncomingMessage, socket: Duplex) => {
    detached.add(socket);
    socket.on('close', () => detached.delete(socket));
    socket.on('error', () => {});
    socket.on('data', () => {});
    socket.end('HTTP/1.1 405 Method Not Allowed\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    setTimeout(() => socket.destroy(), 2_000).unref();
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
      resolve({
        port,
        url: `http://127.0.0.1:${port}/?token=${options.token}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            for (const socket of detached) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
