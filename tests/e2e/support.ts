import { withoutFakeTime } from '../support/real-clock.js';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CONTENT_SECURITY_POLICY } from '../../main/node/csp.js';
import { startWebServer, type WebServer } from '../../main/node/http-transport.js';
import { testApp, type TestApp } from '../support/services.js';
import type { Secrets } from '../../main/api/deps.js';

// The real renderer (built by `vite build`) in Debian's Chromium, talking to the real
// handlers over the web transport, on a temp archive.

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve('test-output/screenshots');
// Helpers building in parallel each point COUNTERPART_RENDERER_DIR at their own vite outDir.
const RENDERER = path.resolve(process.env.COUNTERPART_RENDERER_DIR ?? 'dist/renderer');

const AXE_SOURCE = fs.readFileSync(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8');

export interface A11yViolation {
  id: string;
  help: string;
  targets: string[];
}

/** axe-core's WCAG 2.1 A/AA rules on the page as it is now: names, labels, contrast, roles. */
export async function a11yViolations(page: Page): Promise<A11yViolation[]> {
  // Evaluated over the DevTools protocol, so the page's strict CSP does not block it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

export interface E2E {
  app: TestApp;
  server: WebServer;
  browser: Browser;
  page: Page;
  shot(name: string): Promise<void>;
  /**
   * Holds the page's calls of one name until the returned function is called: a screen
   * that lasts a moment (a running job's progress) stays put for its screenshot.
   */
  hold(callName: string): () => void;
  close(): Promise<void>;
}

export async function startE2E(options: { locale?: string; dataDir?: string; secrets?: Secrets } = {}): Promise<E2E> {
  if (!fs.existsSync(path.join(RENDERER, 'index.html'))) {
    throw new Error('dist/renderer is missing: run `vite build` first (npm test does).');
  }
  const app = testApp({
    locale: options.locale ?? 'en-GB', manual: true, ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    // Web mode has no keychain; a test may lend it a fake one (tests/support/fake-secrets.ts) to drive Settings → Archive.
    ...(options.secrets ? { secrets: options.secrets } : {}),
  });
  const held = new Map<string, Promise<void>>();
  const server = await startWebServer({
    api: {
      async call(name, input) {
        await held.get(String(name));
        return app.api.call(name, input);
      },
    },
    staticDir: RENDERER,
    token: randomBytes(16).toString('hex'),
    csp: CONTENT_SECURITY_POLICY,
    exportsDir: path.join(app.dataDir, 'exports'),
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    // libfaketime (how the suite is run a year ahead, see README) stalls Chromium's start, so
    // the browser gets the real clock; the page's own clock is installed from the app's below.
    env: withoutFakeTime(process.env),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: options.locale ?? 'en-GB' });
  // A waiting step reports which locator it waited for, well before the test's own timeout.
  page.setDefaultTimeout(12_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    // A CSP violation or a React warning is a bug even when the page still works.
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  // The page reads the same clock as the app: a test's fixed day is the page's day too, so
  // "today" and "3 days ago" mean the same on both sides on whatever date the suite runs.
  // The page's time flows on from there, as the app's does.
  await page.clock.install({ time: app.now.value });
  await page.goto(server.url);
  // The counter's search box, or the damaged-archive screen in its place.
  await page.getByRole('combobox', { name: /find a customer|klant zoeken/i }).or(page.getByRole('heading', { name: /archive is damaged|archief is beschadigd/i })).waitFor();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    app,
    server,
    browser,
    page,
    hold(callName) {
      let release = () => {};
      held.set(callName, new Promise<void>((resolve) => (release = resolve)));
      return () => {
        held.delete(callName);
        release();
      };
    },
    shot: async (name) => {
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
    },
    async close() {
      await browser.close();
      await server.close();
      await app.dispose();
      if (problems.length) throw new Error(`The page reported problems:\n${problems.join('\n')}`);
    },
  };
}
