import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICATION_ID } from '../../db/open.js';
import { CALL_NAMES } from '../../main/api/calls.js';
import { CONTENT_SECURITY_POLICY } from '../../main/node/csp.js';
import { tempDir } from '../support/services.js';

// The real dist bundle, loaded by Node with a stand-in for Electron (bundle/*.mjs):
// proves the esbuild output starts, finds its preload and renderer, opens the archive
// with the bundled electron-store and refuses a foreign archive without touching it.

const root = path.resolve(import.meta.dirname, '../..');
const outRoot = path.join(root, 'test-output', `bundle-${process.pid}`);
const entry = path.join(outRoot, 'main', 'main.js');

beforeAll(() => {
  execFileSync(process.execPath, ['build/scripts/bundle.mjs', '--outdir', path.relative(root, path.join(outRoot, 'main'))], { cwd: root, stdio: 'pipe' });
  fs.mkdirSync(path.join(outRoot, 'renderer'), { recursive: true });
  fs.writeFileSync(path.join(outRoot, 'renderer', 'index.html'), '<!doctype html><title>Counterpart under test</title>');
});

afterAll(() => fs.rmSync(outRoot, { recursive: true, force: true }));

interface Report {
  log: string[];
  errorBoxes: { title: string; body: string }[];
  messageButtons?: string[][];
  exitCode: number | null;
  channels: string[];
  webContentsCreated: number;
  permissionDenied: boolean | null;
  windows: { options: Record<string, unknown> & { webPreferences: { preload: string } }; loaded: string[] }[];
  page?: { status: number; csp: string; body: string };
  escape?: { status: number };
  info?: unknown;
  created?: unknown;
  search?: { ok: boolean; value: { hits: { displayName: string }[] } };
  foreign?: unknown;
  settings?: unknown;
  settingsAfterWindow?: unknown;
  quit: { prevented: boolean; quits: number };
}

function launch(userData: string, locale = 'nl-NL'): Report {
  const env: NodeJS.ProcessEnv = { ...process.env, FAKE_USER_DATA: userData, FAKE_LOCALE: locale };
  delete env.COUNTERPART_DATA_DIR;
  const out = execFileSync(
    process.execPath,
    ['--import', './tests/electron/bundle/register.mjs', 'tests/electron/bundle/harness.mjs', entry],
    { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as Report;
}

const hash = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('the bundled main process', () => {
  it('starts, serves the renderer, answers IPC and closes the archive on quit', () => {
    const userData = tempDir();
    const report = launch(userData);

    expect(report.log.indexOf('schemes before ready')).toBeLessThan(report.log.indexOf('ready'));
    expect(report.errorBoxes).toEqual([]);
    expect(report.exitCode).toBeNull();
    expect(report.webContentsCreated).toBe(1);
    expect(report.permissionDenied).toBe(true);

    expect(report.page).toEqual({ status: 200, csp: CONTENT_SECURITY_POLICY, body: expect.stringContaining('Counterpart under test') });
    expect(report.escape).toEqual({ status: 404 });

    expect(report.windows).toHaveLength(1);
    const [window] = report.windows;
    expect(window!.loaded).toEqual(['app://counterpart/']);
    expect(window!.options.webPreferences.preload).toBe(path.join(outRoot, 'main', 'preload.cjs'));
    expect(fs.existsSync(window!.options.webPreferences.preload)).toBe(true);

    expect(report.channels.sort()).toEqual(CALL_NAMES.map((name) => `api:${name}`).sort());
    expect(report.info).toEqual({ ok: true, value: expect.objectContaining({ mode: 'electron', dataDir: userData }) });
    expect(report.search?.value.hits.map((hit) => hit.displayName)).toEqual(['Bram Jansen']);
    expect(report.foreign).toEqual({ ok: false, error: expect.objectContaining({ code: 'unauthorized' }) });
    expect(report.settingsAfterWindow).toMatchObject({ ok: true, value: { shopName: 'Bakkerij Jansen', language: 'nl' } });

    const settingsFile = JSON.parse(fs.readFileSync(path.join(userData, 'settings.json'), 'utf8'));
    expect(settingsFile).toMatchObject({ shopName: 'Bakkerij Jansen', window: { x: 30, y: 40, width: 1200, height: 760, maximized: false } });
    expect(fs.existsSync(path.join(userData, 'counterpart.sqlite'))).toBe(true);
    expect(report.quit).toEqual({ prevented: true, quits: 1 });
  });

  it('refuses a file that is not an archive, says so in Dutch, and leaves it alone', () => {
    const userData = tempDir();
    const file = path.join(userData, 'counterpart.sqlite');
    fs.writeFileSync(file, 'boodschappen: brood, kaas\n');
    const before = hash(file);

    const report = launch(userData, 'nl-NL');

    expect(report.exitCode).toBe(1);
    expect(report.windows).toEqual([]);
    expect(report.channels).toEqual([]);
    expect(report.errorBoxes).toEqual([
      { title: expect.stringContaining('klantenarchief'), body: expect.stringContaining(`Bestand: ${file}`) },
    ]);
    expect(report.errorBoxes[0]!.body).toContain('geen Counterpart-archief');
    // The way out starts at the file: the shop is offered to see it, or to quit.
    expect(report.messageButtons).toEqual([['Toon het bestand', 'Sluiten']]);
    expect(hash(file)).toBe(before);
    expect(fs.readdirSync(userData)).toEqual(['counterpart.sqlite']);
  });

  it('refuses an archive from a newer app, in English on an English system, and leaves it alone', () => {
    const userData = tempDir();
    const file = path.join(userData, 'counterpart.sqlite');
    const db = new BetterSqlite3(file);
    db.exec('CREATE TABLE future (x)');
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma('user_version = 999');
    db.close();
    const before = hash(file);

    const report = launch(userData, 'en-GB');

    expect(report.exitCode).toBe(1);
    expect(report.windows).toEqual([]);
    expect(report.errorBoxes).toHaveLength(1);
    expect(report.errorBoxes[0]!.body).toContain('newer version of Counterpart');
    expect(hash(file)).toBe(before);
    expect(fs.readdirSync(userData)).toEqual(['counterpart.sqlite']);
  });

  it('bundles a preload that needs nothing but electron and exposes only call()', async () => {
    const code = fs.readFileSync(path.join(outRoot, 'main', 'preload.cjs'), 'utf8');
    const exposed = new Map<string, unknown>();
    const invoked: unknown[][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
      ipcRenderer: { invoke: async (...args: unknown[]) => (invoked.push(args), { ok: true, value: 'pong' }) },
    };
    const required: string[] = [];
    // The sandbox's require knows a handful of modules; this one knows only electron.
    const sandboxRequire = (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`module not found: ${name}`);
      return electron;
    };
    const module = { exports: {} };
    vm.runInNewContext(`(function (require, module, exports) {${code}\n})`, {})(sandboxRequire, module, module.exports);

    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['counterpart']);
    const bridge = exposed.get('counterpart') as { call(name: unknown, input?: unknown): Promise<unknown> };
    expect(Object.keys(bridge)).toEqual(['call']);
    expect(await bridge.call('customers.get', { id: 1 })).toEqual({ ok: true, value: 'pong' });
    expect(await bridge.call('customers.drop', {})).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    expect(invoked).toEqual([['api:customers.get', { id: 1 }]]);
  });
});
