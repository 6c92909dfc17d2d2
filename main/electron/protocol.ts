import fs from 'node:fs';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../node/csp.js';
import { APP_HOST, APP_SCHEME } from './app-url.js';

// Serves dist/renderer on app://counterpart/. Electron-free so it is tested under Node;
// main.ts hands in electron's protocol object.

/** Must be registered before app 'ready'; standard+secure gives the scheme a real origin. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
} as const;

const APP_URL = new RegExp(`^${APP_SCHEME}://${APP_HOST}(?<path>/[^?#]*)?(?:[?#].*)?$`, 'i');

/**
 * The file under rootDir that an app:// URL names, or null to refuse it. Chromium
 * normalises dot segments before we see a URL, but not encoded slashes, so every
 * segment is decoded and checked on its own, and the result must stay inside rootDir.
 */
export function resolveAppAsset(rootDir: string, url: string): string | null {
  const match = APP_URL.exec(url);
  if (!match) return null;
  const segments: string[] = [];
  for (const raw of (match.groups?.path ?? '/').split('/')) {
    if (raw === '') continue;
    let name: string;
    try {
      name = decodeURIComponent(raw);
    } catch {
      return null;
    }
    // ':' would let a segment name a Windows drive or alternate data stream.
    if (name === '.' || name === '..' || /[/\\:\0]/.test(name)) return null;
    segments.push(name);
  }
  if (segments.length === 0) segments.push('index.html');
  const root = path.resolve(rootDir);
  const file = path.resolve(root, ...segments);
  const relative = path.relative(root, file);
  if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return null;
  return file;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentType(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** On every response, errors included, so no path ever yields an unprotected page. */
export function securityHeaders(): Record<string, string> {
  return {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cache-control': 'no-cache',
  };
}

export type ReadFile = (file: string) => Promise<Uint8Array>;

// fs.promises via the default import: Electron patches it to read inside app.asar.
const readFromDisk: ReadFile = (file) => fs.promises.readFile(file);

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...securityHeaders(), 'content-type': 'text/plain; charset=utf-8' } });
}

export function createAssetHandler(rootDir: string, readFile: ReadFile = readFromDisk): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    const file = resolveAppAsset(rootDir, request.url);
    if (file === null) return plain(404, 'Not found');
    let body: Uint8Array;
    try {
      body = await readFile(file);
    } catch {
      return plain(404, 'Not found');
    }
    const headers = { ...securityHeaders(), 'content-type': contentType(file), 'content-length': String(body.byteLength) };
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}

export interface ProtocolLike {
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
}

export function serveApp(protocol: ProtocolLike, rootDir: string): void {
  protocol.handle(APP_SCHEME, createAssetHandler(rootDir));
}
