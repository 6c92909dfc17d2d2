import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support.js';

// Issue 12: web mode's per-run token came in the address the page opened with and stayed
// in the page (export links) and the source map was served. Now the server trades the
// tokened address for an HttpOnly cookie and the bare address, and serves no .map.

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
  await e2e.app.ok('customers.create', { customer: { givenName: 'Jan', familyName: 'Tokenloos', phones: ['06-12345678'] } });
}, 60_000);
afterAll(async () => e2e?.close());

const token = () => new URL(e2e.server.url).searchParams.get('token')!;

async function historyUrls(): Promise<string[]> {
  const cdp = await e2e.page.context().newCDPSession(e2e.page);
  const { entries } = await cdp.send('Page.getNavigationHistory');
  await cdp.detach();
  return entries.map((entry) => entry.url);
}

async function findJan() {
  const page = e2e.page;
  await page.getByRole('combobox', { name: /find a customer/i }).fill('Tokenloos');
  await expect.poll(() => page.getByRole('option', { name: /Jan Tokenloos/ }).count()).toBeGreaterThan(0);
}

describe('the web token', () => {
  it('leaves the address bar and the history once the page has loaded, and a reload still works', async () => {
    const page = e2e.page;
    expect(token().length).toBeGreaterThan(10);
    expect(page.url()).not.toContain(token());
    expect(await page.evaluate(() => location.href)).not.toContain('token');
    for (const url of await historyUrls()) expect(url).not.toContain(token());
    // Nothing in the page holds it either: not the markup, not storage a script could read.
    expect(await page.content()).not.toContain(token());
    expect(await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }) + document.cookie)).not.toContain(token());
    await findJan();

    await page.reload();
    await findJan();
    expect(page.url()).not.toContain(token());
  });

  it('downloads an export without the token in its link', async () => {
    const exports = path.join(e2e.app.dataDir, 'exports');
    fs.mkdirSync(exports, { recursive: true });
    fs.writeFileSync(path.join(exports, 'klanten.csv'), 'Naam\r\nJan\r\n');
    const status = await e2e.page.evaluate(async () => (await fetch('/exports/klanten.csv')).status);
    expect(status).toBe(200);
  });

  // Issue 12 too: a device printer's path at a file is refused at the field, in the form.
  it('shows a device path that is a file as an error at its field', async () => {
    const page = e2e.page;
    // A file that is there: the archive itself.
    const file = path.join(e2e.app.dataDir, fs.readdirSync(e2e.app.dataDir).find((name) => name.endsWith('.sqlite'))!);
    await page.evaluate(() => (window.location.hash = '#/settings'));
    const form = page.getByRole('form', { name: 'Receipt printer' });
    await form.getByLabel('Connection').selectOption('device');
    await form.getByLabel('Device path').fill(file);
    await form.getByRole('button', { name: 'Save printer settings' }).click();
    await expect.poll(() => form.locator('.field-error').allTextContents()).toEqual(['This is not a printer port. Use a device such as /dev/usb/lp0 or COM3, never a file.']);
    expect(await form.getByLabel('Device path').getAttribute('aria-invalid')).toBe('true');
    expect((await e2e.app.ok('settings.get', {})).printer.connection.kind).toBe('network');
    await form.getByLabel('Device path').fill('/dev/null');
    await form.getByRole('button', { name: 'Save printer settings' }).click();
    await expect.poll(async () => (await e2e.app.ok('settings.get', {})).printer.connection).toEqual({ kind: 'device', path: '/dev/null' });
  });

  it('serves no source map', async () => {
    const dir = process.env.COUNTERPART_RENDERER_DIR ?? 'dist/renderer';
    expect(fs.readdirSync(path.join(dir, 'assets')).filter((name) => name.endsWith('.map'))).toEqual([]);
    const script = await e2e.page.evaluate(() => document.querySelector('script[src]')?.getAttribute('src') ?? '');
    expect(script).toMatch(/\.js$/);
    // Asked from here, not the page: a 404 in the page counts as a problem it reported.
    const base = `http://127.0.0.1:${e2e.server.port}/`;
    expect((await fetch(new URL(`${script}.map`, base))).status).toBe(404);
    expect((await fetch(new URL(script, base))).status).toBe(200);
  });
});
