import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../db/open.js';
import { balanceMismatches } from '../../db/loyalty/repo.js';
import { confSettings } from '../../main/node/conf-settings.js';
import { ARCHIVE_FILE } from '../../main/node/data-dir.js';
import { restoreFromFile } from '../../main/node/backup/restore.js';
import { moveToServer, restoreToServer } from '../../main/node/cli/move.js';
import { openServices, type Services } from '../../main/node/services.js';
import { postgresAvailable, postgresKysely, startMigratedPostgres, type TestPostgres } from '../support/postgres.js';
import { archiveRows, buildCopyShop, type CopyShop } from '../support/copy-shop.js';
import { tempDir } from '../support/services.js';

// Backups of the shared archive: the server's snapshot (one REPEATABLE READ transaction)
// written as the same verified, optionally encrypted backup file the app makes of its SQLite
// file (main/node/backup/snapshot.ts), so one backup restores into either engine: into a
// SQLite file (`npm run cli -- restore`, leaving the server) or into an empty server
// (`npm run cli -- restore-to-server`).

describe.skipIf(!postgresAvailable())('backups of the shared archive', () => {
  let server: TestPostgres;
  let shop: CopyShop;
  let url: string;
  let databases = 0;
  const tills: Services[] = [];

  beforeAll(async () => {
    server = await startMigratedPostgres();
    shop = await buildCopyShop(tempDir('counterpart-shop-', false));
    url = await server.createDatabase('shop');
    await moveToServer(shop.dataDir, url);
  }, 120_000);

  afterAll(async () => {
    for (const till of tills) await till.close();
    await server?.stop();
    if (shop) fs.rmSync(shop.dataDir, { recursive: true, force: true });
  });

  const openTill = (databaseUrl = url) => {
    const till = openServices({
      dataDir: tempDir(), mode: 'web', settings: (dir) => confSettings(dir, 'nl-NL'),
      clock: Date.now, databaseUrl, till: 'test', log: () => {},
    });
    tills.push(till);
    return till;
  };

  const serverRows = async (databaseUrl = url) => {
    const db = postgresKysely<never>(databaseUrl);
    try {
      return await archiveRows(db as never);
    } finally {
      await db.destroy();
    }
  };

  /** The backup restored into a fresh data folder's file, as `npm run cli -- restore` does. */
  const restoreIntoFile = async (backup: string, password = '') => {
    const dataDir = tempDir();
    const archiveFile = path.join(dataDir, ARCHIVE_FILE);
    const restored = await restoreFromFile({ dataDir, archiveFile, file: backup, password, appVersion: 'test', now: Date.now(), encrypt: false });
    const archive = openArchive(archiveFile, { readonly: true });
    try {
      return { restored, rows: await archiveRows(archive.db), mismatches: await balanceMismatches(archive.db) };
    } finally {
      await archive.close();
    }
  };

  it('restores a backup of the server into a SQLite file holding the same archive, plain and encrypted', async () => {
    const till = openTill();
    const expected = await serverRows();
    for (const password of [null, 'correct horse battery staple']) {
      const taken = await till.backups.backupTo(tempDir(), password);
      expect(taken.encrypted).toBe(password !== null);
      expect(taken.counts.customers).toBe(expected.customers!.length);
      const { rows, mismatches } = await restoreIntoFile(path.join(taken.folder, taken.name), password ?? '');
      expect(rows).toEqual(expected);
      expect(mismatches).toEqual([]);
    }
    // The work folder keeps nothing of the server's snapshot.
    expect(fs.readdirSync(path.join(till.deps.app.dataDir, 'backup-work'), { recursive: true }).filter((f) => String(f).endsWith('.sqlite'))).toEqual([]);
  }, 120_000);

  it('takes one consistent snapshot while another till keeps selling', async () => {
    const till = openTill();
    const other = openTill();
    const customers = (await serverRows()).customers!.slice(20, 60).map((c) => (c as { id: number }).id);
    let selling = true;
    let sold = 0;
    const sales = (async () => {
      for (let i = 0; selling; i++) {
        const result = await other.api.call('loyalty.recordPurchase', { customerId: customers[i % customers.length]!, amount: '25,00', locale: 'nl', description: '' });
        if (result.ok) sold++;
      }
    })();
    const before = (await serverRows()).visits!.length;
    const taken = await till.backups.backupTo(tempDir(), null);
    selling = false;
    await sales;
    expect(sold).toBeGreaterThan(0);
    const { rows, mismatches } = await restoreIntoFile(path.join(taken.folder, taken.name));
    // Every sale in the backup is whole: its visit, its ledger entry and the balance it moved.
    expect(mismatches).toEqual([]);
    const visits = rows.visits!.length;
    expect(visits).toBeGreaterThanOrEqual(before);
    expect(visits).toBeLessThanOrEqual(before + sold);
    const earned = (rows.ledger_entries as { visit_id: number | null }[]).filter((e) => e.visit_id !== null).length;
    const visitIds = new Set((rows.visits as { id: number }[]).map((v) => v.id));
    expect((rows.ledger_entries as { visit_id: number | null }[]).every((e) => e.visit_id === null || visitIds.has(e.visit_id))).toBe(true);
    expect(earned).toBeGreaterThan(0);
  }, 120_000);

  it('restores a backup into an empty server, and refuses one that holds an archive', async () => {
    const till = openTill();
    const taken = await till.backups.backupTo(tempDir(), 'secret');
    const expected = await serverRows();
    const empty = await server.createDatabase(`restored_${++databases}`);
    const restored = await restoreToServer({ dataDir: tempDir(), backup: path.join(taken.folder, taken.name), password: 'secret', url: empty, now: Date.now() });
    expect(restored.verification.ok).toBe(true);
    expect(await serverRows(empty)).toEqual(await serverRows());
    expect(await serverRows(empty)).toEqual(expected);
    await expect(restoreToServer({ dataDir: tempDir(), backup: path.join(taken.folder, taken.name), password: 'secret', url: empty, now: Date.now() }))
      .rejects.toThrow(/not empty/);
  }, 120_000);

  it('leaves restoring the shared archive to the command line: the running app does not swap it under the other tills', async () => {
    const till = openTill();
    const refused = await till.api.call('backup.restore', { token: crypto.randomUUID() });
    expect(refused).toMatchObject({ ok: false, error: { code: 'backup_archive_in_use', message: expect.stringMatching(/restore-to-server/) } });
  }, 120_000);
});
