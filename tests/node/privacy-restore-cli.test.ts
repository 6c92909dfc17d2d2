import { sqliteArchive } from '../../db/archive.js';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ARCHIVE_FILE } from '../../main/node/data-dir.js';
import { tempDir, testApp } from '../support/services.js';
import { backUpNow } from '../support/backup.js';

// `npm run cli -- restore` keeps the erasures made since the backup, like the app's restore:
// from the archive it replaces, or, when that archive is gone, from the data folder's copy.

const run = promisify(execFile);

async function cli(dataDir: string, args: string[]) {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'main/node/cli.ts', ...args], {
      env: { ...process.env, COUNTERPART_DATA_DIR: dataDir },
      timeout: 60_000,
    });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout + e.stderr };
  }
}

async function shopWithErasure(dataDir: string) {
  const app = testApp({ dataDir, manual: true });
  const zoella = await app.ok('customers.create', { customer: { givenName: 'Zoëlla', familyName: 'Quakkelstein' } });
  const bob = await app.ok('customers.create', { customer: { givenName: 'Bob', familyName: 'Bakker' } });
  const backup = await backUpNow(app);
  await app.ok('privacy.erase', { customerId: zoella.id, confirm: true });
  await app.dispose();
  return { zoella, bob, file: path.join(backup.folder, backup.name) };
}

describe('restoring from the command line after an erasure', () => {
  it('erases the customer again and says so', async () => {
    const dataDir = tempDir();
    const { zoella, bob, file } = await shopWithErasure(dataDir);

    const restored = await cli(dataDir, ['restore', file]);
    expect(restored.stdout).toContain('1 customer erased earlier was erased again.');
    expect(restored.code).toBe(0);
    const app = testApp({ dataDir });
    expect((await app.ok('customers.get', { id: zoella.id })).displayName).toBe(`#${zoella.id}`);
    expect((await app.ok('customers.get', { id: bob.id })).displayName).toBe('Bob Bakker');
    expect(fs.readFileSync(sqliteArchive(app.deps.archive).file).includes(Buffer.from('Quakkelstein'))).toBe(false);
  }, 120_000);

  it('still knows who was erased when the archive itself is gone', async () => {
    const dataDir = tempDir();
    const { zoella, file } = await shopWithErasure(dataDir);
    fs.rmSync(path.join(dataDir, ARCHIVE_FILE));

    const restored = await cli(dataDir, ['restore', file]);
    expect(restored.stdout).toContain('1 customer erased earlier was erased again.');
    const app = testApp({ dataDir });
    expect((await app.ok('customers.get', { id: zoella.id })).displayName).toBe(`#${zoella.id}`);
  }, 120_000);
});
