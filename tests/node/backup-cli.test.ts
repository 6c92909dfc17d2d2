import { sqliteArchive } from '../../db/archive.js';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ARCHIVE_FILE } from '../../main/node/data-dir.js';
import { tempDir, testApp } from '../support/services.js';
import { contentOf, fileHash } from '../support/backup.js';

const run = promisify(execFile);

async function cli(dataDir: string, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'main/node/cli.ts', ...args], {
      env: { ...process.env, COUNTERPART_DATA_DIR: dataDir, ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout + e.stderr };
  }
}

describe('backups from the command line', () => {
  it('writes a verified backup to a folder, and restores it into a closed archive', async () => {
    const dataDir = tempDir();
    const app = testApp({ dataDir, manual: true });
    await app.ok('customers.create', { customer: { givenName: 'Sanne', familyName: 'Visser' } });
    const before = contentOf(sqliteArchive(app.deps.archive).sqlite);
    const stick = tempDir('counterpart-stick-');

    const made = await cli(dataDir, ['backup', '--to', stick]);
    expect(made.code).toBe(0);
    const [name] = fs.readdirSync(stick).filter((n) => n.endsWith('.sqlite'));
    expect(made.stdout).toContain(`Backup written and verified: ${path.join(stick, name!)}`);
    expect(made.stdout).toContain('It holds 1 customers');

    await app.ok('customers.create', { customer: { givenName: 'Later', familyName: 'Toegevoegd' } });
    // While the app has the archive open, the swap is refused and nothing changes.
    const hash = fileHash(path.join(dataDir, ARCHIVE_FILE));
    const refused = await cli(dataDir, ['restore', path.join(stick, name!)]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('(backup_archive_in_use)');
    expect(fileHash(path.join(dataDir, ARCHIVE_FILE))).toBe(hash);
    await app.dispose();

    const restored = await cli(dataDir, ['restore', path.join(stick, name!)]);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain('The archive now holds 1 customers');
    expect(restored.stdout).toMatch(/kept as .*safety-copies.*counterpart-.*-safety\.sqlite/);
    const reopened = testApp({ dataDir });
    expect(contentOf(sqliteArchive(reopened.deps.archive).sqlite)).toBe(before);
  }, 120_000);

  it('encrypts with a password from the environment, and refuses the wrong one', async () => {
    const dataDir = tempDir();
    const app = testApp({ dataDir, manual: true });
    await app.ok('customers.create', { customer: { givenName: 'Geheim' } });
    await app.dispose();
    const stick = tempDir('counterpart-stick-');

    expect((await cli(dataDir, ['backup', '--to', stick, '--password-env', 'BACKUP_PASSWORD'])).code).toBe(2);
    const made = await cli(dataDir, ['backup', '--to', stick, '--password-env', 'BACKUP_PASSWORD'], { BACKUP_PASSWORD: 'winkel aan de gracht' });
    expect(made.stdout).toContain('(encrypted)');
    const [name] = fs.readdirSync(stick).filter((n) => n.endsWith('.cpbackup'));

    const hash = fileHash(path.join(dataDir, ARCHIVE_FILE));
    const wrong = await cli(dataDir, ['restore', path.join(stick, name!), '--password-env', 'BACKUP_PASSWORD'], { BACKUP_PASSWORD: 'winkel aan het plein' });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('(backup_wrong_password)');
    expect(fileHash(path.join(dataDir, ARCHIVE_FILE))).toBe(hash);
    expect((await cli(dataDir, ['restore'])).code).toBe(2);
  }, 120_000);
});
