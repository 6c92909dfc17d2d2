import { sqliteArchive } from '../../db/archive.js';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BackupJob } from '../../main/api/contract.js';
import { SAFETY_COPIES_KEPT } from '../../main/node/backup/folders.js';
import { testApp, type TestApp } from '../support/services.js';
import { backUpNow, contentOf, finish } from '../support/backup.js';

// The safety copy a restore makes of the archive is a backup like any other: encrypted when
// backups are, and only the newest few are kept.

const PASSWORD = 'Bakkerij de Gouden Korenaar 1921';

async function restore(app: TestApp, backupId: string, password = ''): Promise<string> {
  const checked = await finish(app, await app.ok('backup.check', { backupId, password }));
  if (checked.kind !== 'check' || !checked.result) throw new Error(`check failed: ${JSON.stringify(checked.error)}`);
  const job: BackupJob = await finish(app, await app.ok('backup.restore', { token: checked.result.token }));
  if (job.kind !== 'restore' || !job.result) throw new Error(`restore failed: ${JSON.stringify(job.error)}`);
  return job.result.safetyCopy;
}

describe('safety copies', () => {
  it('are encrypted like the backups when encryption is on, and restore with the password', async () => {
    const app = testApp();
    await app.ok('customers.create', { customer: { givenName: 'Zoëlla', familyName: 'Quakkelstein' } });
    await app.ok('backup.setPassword', { password: PASSWORD });
    const backup = await backUpNow(app);
    await app.ok('customers.create', { customer: { givenName: 'Later', familyName: 'Toegevoegd' } });
    const before = contentOf(sqliteArchive(app.deps.archive).sqlite);

    const safety = await restore(app, `fallback/${backup.name}`, PASSWORD);
    expect(safety).toMatch(/-safety\.cpbackup$/);
    const bytes = fs.readFileSync(path.join(app.dataDir, 'safety-copies', safety));
    expect(bytes.subarray(0, 8).toString()).toBe('CPBACKUP');
    expect(bytes.includes(Buffer.from('SQLite format 3'))).toBe(false);
    expect(bytes.includes(Buffer.from('Quakkelstein'))).toBe(false);
    expect(bytes.includes(Buffer.from('Toegevoegd'))).toBe(false);
    // No plaintext left on its way to encryption.
    const work = path.join(app.dataDir, 'backup-work');
    expect(fs.existsSync(work) ? fs.readdirSync(work, { recursive: true }).filter((n) => String(n).includes('.sqlite')) : []).toEqual([]);

    const entry = (await app.ok('backup.list', {})).find((b) => b.place === 'safety')!;
    expect(entry).toMatchObject({ name: safety, encrypted: true });
    const job = await finish(app, await app.ok('backup.check', { backupId: entry.id }));
    expect(job.error?.code).toBe('backup_password_needed');
    await restore(app, entry.id, PASSWORD);
    expect(contentOf(sqliteArchive(app.deps.archive).sqlite)).toBe(before);
  }, 60_000);

  it(`keep only the newest ${SAFETY_COPIES_KEPT}`, async () => {
    const app = testApp();
    await app.ok('customers.create', { customer: { givenName: 'Bob' } });
    const backup = await backUpNow(app);
    const made: string[] = [];
    for (let i = 0; i < SAFETY_COPIES_KEPT + 2; i++) {
      app.now.value += 60_000;
      made.push(await restore(app, `fallback/${backup.name}`));
    }
    const left = fs.readdirSync(path.join(app.dataDir, 'safety-copies')).filter((n) => !n.endsWith('.json')).sort();
    expect(left).toEqual(made.slice(-SAFETY_COPIES_KEPT).sort());
    expect(fs.readdirSync(path.join(app.dataDir, 'safety-copies')).filter((n) => n.endsWith('.json')).length).toBe(SAFETY_COPIES_KEPT);
  }, 60_000);
});
