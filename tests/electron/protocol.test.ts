import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/node/csp.js';
import { contentType, createAssetHandler, resolveAppAsset, serveApp } from '../../main/electron/protocol.js';
import { tempDir } from '../support/services.js';

const root = path.resolve('/srv/counterpart/dist/renderer');

describe('resolveAppAsset', () => {
  it.each([
    ['app://counterpart/', 'index.html'],
    ['app://counterpart', 'index.html'],
    ['app://counterpart/#/customer/12', 'index.html'],
    ['app://counterpart/?fresh=1', 'index.html'],
    ['app://counterpart/index.html', 'index.html'],
    ['app://counterpart/assets/index-4f3a.js', 'assets/index-4f3a.js'],
    ['app://counterpart/assets/Inter%20Var.woff2', 'assets/Inter Var.woff2'],
    ['app://counterpart//assets//a.css', 'assets/a.css'],
    ['APP://COUNTERPART/assets/a.css', 'assets/a.css'],
  ])('maps %s inside the root', (url, relative) => {
    expect(resolveAppAsset(root, url)).toBe(path.join(root, relative));
  });

  it.each([
    'app://counterpart/../../etc/passwd',
    'app://counterpart/assets/../../../etc/passwd',
    'app://counterpart/%2e%2e/%2e%2e/etc/passwd',
    'app://counterpart/%2E%2E/secret',
    'app://counterpart/.%2e/secret',
    'app://counterpart/%2e%2e%2f%2e%2e%2fetc/passwd',
    'app://counterpart/..%2fetc%2fpasswd',
    'app://counterpart/..%5c..%5cwindows%5cwin.ini',
    'app://counterpart/assets%2f..%2f..%2fsecret',
    'app://counterpart/%2fetc/passwd',
    'app://counterpart/C:%5cWindows%5cwin.ini',
    'app://counterpart/C:/Windows/win.ini',
    'app://counterpart/index.html%00.png',
    'app://counterpart/./index.html',
    'app://counterpart/%E0%A4%A',
    'app://evil/index.html',
    'app://counterpart.evil/index.html',
    'https://counterpart/index.html',
    'file:///etc/passwd',
  ])('refuses %s', (url) => {
    expect(resolveAppAsset(root, url)).toBeNull();
  });

  it('keeps whatever Chromium hands over inside the root, even after its own normalising', () => {
    // Chromium resolves dot segments before the handler runs; what is left must stay inside.
    const normalised = new URL('app://counterpart/../../etc/passwd').href;
    const file = resolveAppAsset(root, normalised);
    expect(file === null || file.startsWith(root + path.sep)).toBe(true);
  });
});

describe('createAssetHandler', () => {
  function site() {
    const dir = tempDir('counterpart-renderer-');
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Counterpart</title>');
    fs.writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(path.dirname(dir), `${path.basename(dir)}-secret.txt`), 'secret');
    return { dir, handle: createAssetHandler(dir) };
  }

  it('serves index.html for the root with the CSP and a content type', async () => {
    const { handle } = site();
    const response = await handle(new Request('app://counterpart/'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Counterpart</title>');
  });

  it('serves assets with their type', async () => {
    const { handle } = site();
    const response = await handle(new Request('app://counterpart/assets/app.js'));
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('console.log(1)');
  });

  it.each(['app://counterpart/missing.js', 'app://counterpart/assets', 'app://counterpart/..%2f'])(
    'answers %s with a 404 that still carries the CSP',
    async (url) => {
      const { dir, handle } = site();
      const response = await handle(new Request(url.replace('..%2f', `..%2f${path.basename(dir)}-secret.txt`)));
      expect(response.status).toBe(404);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(await response.text()).not.toContain('secret');
    },
  );

  it('refuses writes', async () => {
    const { handle } = site();
    const response = await handle(new Request('app://counterpart/index.html', { method: 'POST', body: 'x' }));
    expect(response.status).toBe(405);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('answers HEAD without a body', async () => {
    const { handle } = site();
    const response = await handle(new Request('app://counterpart/', { method: 'HEAD' }));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('registers on the app scheme', () => {
    const schemes: string[] = [];
    serveApp({ handle: (scheme) => void schemes.push(scheme) }, '/tmp');
    expect(schemes).toEqual(['app']);
  });

  it('names the types the renderer uses', () => {
    expect(contentType('a.CSS')).toBe('text/css; charset=utf-8');
    expect(contentType('a.woff2')).toBe('font/woff2');
    expect(contentType('a.svg')).toBe('image/svg+xml');
    expect(contentType('LICENSE')).toBe('application/octet-stream');
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  it('allows nothing inline, remote or framed', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });
});
