import { sqliteArchive } from '../../db/archive.js';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BackupJob, RestoreResult } from '../../main/api/contract.js';
import { testApp, type TestApp } from '../support/services.js';
import { backUpNow, finish } from '../support/backup.js';

// An erasure is a promise that outlives the backups taken before it: restoring one brings
// the customer's row back, and the erasure register (migration 011, carried across the
// restore) erases them again at once, saying how many.

async function restore(app: TestApp, name: string, password = ''): Promise<RestoreResult> {
  const checked = await finish(app, await app.ok('backup.check', { backupId: `fallback/${name}`, password }));
  if (checked.kind !== 'check' || !checked.result) throw new Error(`check failed: ${JSON.stringify(checked.error)}`);
  const job: BackupJob = await finish(app, await app.ok('backup.restore', { token: checked.result.token }));
  if (job.kind !== 'restore' || !job.result) throw new Error(`restore failed: ${JSON.stringify(job.error)}`);
  return job.result;
}

async function eraseFully(app: TestApp, customerId: number) {
  const erased = await app.ok('privacy.erase', { customerId, confirm: true });
  for (let step = 0; step < erased.scrubSteps.length; step++) await app.ok('privacy.scrub', { step, upTo: erased.erasedAt });
}

const bytesHold = (file: string, text: string) => fs.existsSync(file) && fs.readFileSync(file).includes(Buffer.from(text));

describe('restoring a backup after an erasure', () => {
  it('erases the customer again at once, leaves no trace in the file, and says how many', async () => {
    const app = testApp();
    const zoella = await app.ok('customers.create', { customer: { givenName: 'Zoëlla', familyName: 'Quakkelstein', phones: ['06-18273645'], email: 'zoella@example.org' } });
    await app.ok('notes.add', { customerId: zoella.id, kind: 'note', text: 'Quakkelstein sourdough' });
    await app.ok('loyalty.recordPurchase', { customerId: zoella.id, amount: '12,00', locale: 'nl' });
    const bob = await app.ok('customers.create', { customer: { givenName: 'Bob', familyName: 'Bakker' } });
    const kees = await app.ok('customers.create', { customer: { givenName: 'Kees', familyName: 'Keesing' } });
    const backup = await backUpNow(app);

    await eraseFully(app, zoella.id);
    await eraseFully(app, kees.id);
    const result = await restore(app, backup.name);

    expect(result.erasedAgain).toBe(2);
    for (const id of [zoella.id, kees.id]) {
      expect((await app.ok('customers.get', { id })).displayName).toBe(`#${id}`);
      expect((await app.ok('privacy.status', { id })).erasedAt).not.toBeNull();
    }
    expect((await app.ok('customers.search', { query: 'Quakkelstein' })).hits).toEqual([]);
    expect((await app.ok('customers.get', { id: bob.id })).displayName).toBe('Bob Bakker');
    // Her purchase stays in the books; nothing of her name is left in the file.
    expect((await app.ok('loyalty.summary', { customerId: zoella.id })).balance).toBeGreaterThan(0);
    sqliteArchive(app.deps.archive).sqlite.pragma('wal_checkpoint(TRUNCATE)');
    expect(bytesHold(sqliteArchive(app.deps.archive).file, 'Quakkelstein')).toBe(false);
    // The register came along, and the data folder keeps a copy of it: ids and times only.
    expect(sqliteArchive(app.deps.archive).sqlite.prepare('SELECT customer_id FROM erasure_register ORDER BY 1').pluck().all()).toEqual([zoella.id, kees.id]);
    const kept = fs.readFileSync(path.join(app.dataDir, 'erasures.json'), 'utf8');
    expect(JSON.parse(kept).erasures.map((e: number[]) => e[0])).toEqual([zoella.id, kees.id]);
    expect(kept).not.toMatch(/Quakkel|Kees|zoella/i);

    // A second restore of the same backup does it again; one without erased customers in it, nothing.
    expect((await restore(app, backup.name)).erasedAgain).toBe(2);
    const after = await backUpNow(app);
    expect((await restore(app, after.name)).erasedAgain).toBe(0);
  }, 60_000);

  it('remembers an erasure through a restore of a backup older than the customer, and never erases a newcomer given their id', async () => {
    const app = testApp();
    await app.ok('customers.create', { customer: { givenName: 'Bob', familyName: 'Bakker' } });
    const first = await backUpNow(app);
    const kees = await app.ok('customers.create', { customer: { givenName: 'Kees', familyName: 'Keesing' } });
    const second = await backUpNow(app);
    await eraseFully(app, kees.id);

    // The first backup never held Kees: nothing to erase, but the register keeps him.
    expect((await restore(app, first.name)).erasedAgain).toBe(0);
    const newcomer = await app.ok('customers.create', { customer: { givenName: 'Nina', familyName: 'Nieuw' } });
    expect(newcomer.id).toBe(kees.id);
    const withNina = await backUpNow(app);
    expect((await restore(app, withNina.name)).erasedAgain).toBe(0);
    expect((await app.ok('customers.get', { id: newcomer.id })).displayName).toBe('Nina Nieuw');

    // The second backup holds Kees himself: erased again.
    expect((await restore(app, second.name)).erasedAgain).toBe(1);
    expect((await app.ok('customers.get', { id: kees.id })).displayName).toBe(`#${kees.id}`);
  }, 60_000);

  it('erases them again at start when a backup was copied over the archive by hand', async () => {
    const first = testApp({ manual: true });
    const dataDir = first.dataDir;
    const zoella = await first.ok('customers.create', { customer: { givenName: 'Zoëlla', familyName: 'Quakkelstein' } });
    const bob = await first.ok('customers.create', { customer: { givenName: 'Bob', familyName: 'Bakker' } });
    const backup = await backUpNow(first);
    await eraseFully(first, zoella.id);
    await first.close();
    // The shop puts Friday's copy back themselves, app closed.
    const archiveFile = path.join(dataDir, 'counterpart.sqlite');
    fs.copyFileSync(path.join(backup.folder, backup.name), archiveFile);
    for (const extra of ['-wal', '-shm']) fs.rmSync(`${archiveFile}${extra}`, { force: true });

    const app = testApp({ dataDir });
    expect((await app.ok('customers.get', { id: zoella.id })).displayName).toBe(`#${zoella.id}`);
    expect((await app.ok('customers.search', { query: 'Quakkelstein' })).hits).toEqual([]);
    expect((await app.ok('customers.get', { id: bob.id })).displayName).toBe('Bob Bakker');
    expect(sqliteArchive(app.deps.archive).sqlite.prepare('SELECT customer_id FROM erasure_register').pluck().all()).toEqual([zoella.id]);
    sqliteArchive(app.deps.archive).sqlite.pragma('wal_checkpoint(TRUNCATE)');
    expect(bytesHold(archiveFile, 'Quakkelstein')).toBe(false);
  }, 60_000);
});
