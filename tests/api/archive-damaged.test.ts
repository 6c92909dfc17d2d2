import { sqliteArchive } from '../../db/archive.js';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openServices, type Services } from '../../main/node/services.js';
import { confSettings } from '../../main/node/conf-settings.js';
import { ARCHIVE_FILE } from '../../main/node/data-dir.js';
import { safetyFolder } from '../../main/node/backup/folders.js';
import { testApp, type TestApp } from '../support/services.js';
import { backUpNow, finish } from '../support/backup.js';
import { damage, snapshot } from '../support/damage.js';

// A damaged archive (issue 12 §3): the app starts, tells the shop, refuses every write with
// `archive_damaged` and never writes to the file; a restore is the way back.

/** A shop with a few customers and a sale, a backup of it, then the archive damaged. */
async function damagedShop(): Promise<{ dataDir: string; backupName: string; customerId: number }> {
  const app = testApp({ manual: true });
  let customerId = 0;
  for (let i = 0; i < 300; i++) {
    const customer = await app.ok('customers.create', { customer: { givenName: `Klant${i}`, familyName: 'de Vries', email: `klant${i}@example.nl` } });
    customerId = customer.id;
  }
  await app.ok('loyalty.recordPurchase', { customerId, amount: '12,50', locale: 'nl' });
  const backup = await backUpNow(app);
  await app.close();
  const file = path.join(app.dataDir, ARCHIVE_FILE);
  damage(file);
  const probe = new BetterSqlite3(file, { readonly: true });
  const found = (() => {
    try {
      return probe.pragma('quick_check', { simple: true });
    } catch (error) {
      return String(error);
    }
  })();
  probe.close();
  expect(found, 'the damage shows to quick_check').not.toBe('ok');
  return { dataDir: app.dataDir, backupName: backup.name, customerId };
}

const opened: Services[] = [];
const folders: string[] = [];
afterEach(async () => {
  while (opened.length) await opened.pop()!.close();
  while (folders.length) fs.rmSync(folders.pop()!, { recursive: true, force: true });
});

function open(dataDir: string, backgroundCheckFrom?: number): Services {
  const services = openServices({
    dataDir,
    mode: 'web',
    settings: (dir) => confSettings(dir, 'nl-NL'),
    log: () => {},
    ...(backgroundCheckFrom === undefined ? {} : { backgroundCheckFrom }),
  });
  opened.push(services);
  return services;
}

/**
 * The archive's bytes and mtime, and what its -wal holds (SQLite may trim an empty -wal
 * again, which moves only its mtime); backup-state.json rightly notes the refused backup.
 */
function archiveAsFound(dataDir: string) {
  const files = snapshot(dataDir);
  return { archive: files[ARCHIVE_FILE], wal: files[`${ARCHIVE_FILE}-wal`]?.split(' ')[0] };
}

const call = async (services: Services, name: string, input: unknown = {}) => services.api.call(name, input);

describe('a damaged archive', () => {
  it('starts, says so, refuses every write with archive_damaged and leaves the file as it was', async () => {
    const shop = await damagedShop();
    folders.push(shop.dataDir);
    const before = archiveAsFound(shop.dataDir);
    const services = open(shop.dataDir);
    services.startMaintenance();

    const info = await call(services, 'app.info');
    expect(info).toMatchObject({ ok: true, value: { archive: { state: 'damaged' } } });
    expect((info as { value: { archive: { problems: string[] } } }).value.archive.problems.length).toBeGreaterThan(0);
    for (const [name, input] of [
      ['loyalty.recordPurchase', { customerId: shop.customerId, amount: '5,00', locale: 'nl' }],
      ['customers.create', { customer: { givenName: 'Nieuw' } }],
      ['customers.get', { id: shop.customerId, markSeen: true }],
      ['notes.add', { customerId: shop.customerId, kind: 'note', text: 'hallo' }],
    ] as const) {
      expect(await call(services, name, input), name).toMatchObject({ ok: false, error: { code: 'archive_damaged' } });
    }
    // A backup of it would be no good, and must not rotate a good one out.
    expect(await call(services, 'backup.start')).toMatchObject({ ok: false, error: { code: 'archive_damaged' } });
    await expect(services.backups.automatic()).rejects.toMatchObject({ code: 'archive_damaged' });
    // Settings still answer: the shop can switch the language of the message.
    expect((await call(services, 'settings.get')).ok).toBe(true);

    await services.close();
    opened.pop();
    expect(archiveAsFound(shop.dataDir)).toEqual(before);
  });

  it('is restored from the last good backup, the damaged file kept byte for byte', async () => {
    const shop = await damagedShop();
    folders.push(shop.dataDir);
    const damagedBytes = fs.readFileSync(path.join(shop.dataDir, ARCHIVE_FILE));
    const services = open(shop.dataDir);
    const app = { ...services, ok: async (name: string, input: unknown) => ((await call(services, name, input)) as unknown as { value: never }).value } as unknown as TestApp;
    const list = await call(services, 'backup.list');
    const entry = (list as unknown as { value: { id: string; name: string }[] }).value.find((e) => e.name === shop.backupName)!;
    const checked = await finish(app, await app.ok('backup.check', { backupId: entry.id, password: '' }));
    expect(checked.phase).toBe('done');
    const restored = await finish(app, await app.ok('backup.restore', { token: (checked.result as { token: string }).token }));
    expect(restored.error).toBeUndefined();
    expect(restored.phase).toBe('done');

    expect(await call(services, 'app.info')).toMatchObject({ value: { archive: { state: 'sound', problems: [] } } });
    expect(await call(services, 'loyalty.recordPurchase', { customerId: shop.customerId, amount: '5,00', locale: 'nl' })).toMatchObject({ ok: true });
    const kept = path.join(safetyFolder(shop.dataDir), (restored.result as { safetyCopy: string }).safetyCopy);
    expect(fs.readFileSync(kept).equals(damagedBytes)).toBe(true);
  });

  it('checked in the background when big: reads go on, writes wait, then are refused', async () => {
    const shop = await damagedShop();
    folders.push(shop.dataDir);
    const before = archiveAsFound(shop.dataDir);
    const services = open(shop.dataDir, 0);
    services.startMaintenance();
    expect(await call(services, 'app.info')).toMatchObject({ value: { archive: { state: 'checking' } } });
    const sale = call(services, 'loyalty.recordPurchase', { customerId: shop.customerId, amount: '5,00', locale: 'nl' });
    // settings and backups are beside the archive: they never wait.
    expect((await call(services, 'settings.get')).ok).toBe(true);
    expect(await sale).toMatchObject({ ok: false, error: { code: 'archive_damaged' } });
    expect(await services.checked).toMatchObject({ state: 'damaged' });
    await services.close();
    opened.pop();
    expect(archiveAsFound(shop.dataDir)).toEqual(before);
  });

  it('a sound big archive: writes wait for the background check, then go through', async () => {
    const app = testApp({ manual: true });
    const customer = await app.ok('customers.create', { customer: { givenName: 'Anna' } });
    await app.close();
    folders.push(app.dataDir);
    const services = open(app.dataDir, 0);
    services.startMaintenance();
    const search = await call(services, 'customers.search', { query: 'anna', limit: 5 });
    expect(search.ok).toBe(true);
    expect(await call(services, 'loyalty.recordPurchase', { customerId: customer.id, amount: '5,00', locale: 'nl' })).toMatchObject({ ok: true });
    expect(await services.checked).toEqual({ state: 'sound', problems: [] });
    expect(sqliteArchive(services.archive).sqlite.pragma('query_only', { simple: true })).toBe(0);
  });
});
