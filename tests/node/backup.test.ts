import { sqliteArchive } from '../../db/archive.js';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import { seedArchive } from '../../main/node/seed.js';
import { ARCHIVE_FILE } from '../../main/node/data-dir.js';
import { createKeyFile, passwordOpens } from '../../main/node/backup/crypto.js';
import { tempDir, testApp } from '../support/services.js';
import { backUpNow, contentOf, finish } from '../support/backup.js';

const run = promisify(execFile);
const SQLITE3 = '/usr/bin/sqlite3';

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
};

/** Kept balances that differ from the sum of their ledger: none in a consistent archive. */
function balanceMismatches(sqlite: BetterSqlite3.Database): unknown[] {
  return sqlite.prepare(`
    SELECT b.customer_id, b.balance, coalesce(sum(l.amount), 0) AS ledger
    FROM loyalty_balances b LEFT JOIN ledger_entries l ON l.customer_id = b.customer_id
    GROUP BY b.customer_id HAVING b.balance <> coalesce(sum(l.amount), 0)`).all();
}

const visits = (sqlite: BetterSqlite3.Database) => sqlite.prepare('SELECT count(*) FROM visits').pluck().get() as number;

describe('a backup while writes keep coming', () => {
  it('is one consistent moment of the archive, whoever writes meanwhile', async () => {
    const app = testApp();
    seedArchive(app.deps.archive, { count: 10_000, now: app.now.value });
    const ids: number[] = [];
    for (const name of ['Anna', 'Bram', 'Cees', 'Dirk', 'Eva']) ids.push((await app.ok('customers.create', { customer: { givenName: name } })).id);
    const ready = path.join(app.dataDir, 'writer-ready');
    const stop = path.join(app.dataDir, 'writer-stop');

    // Another process (a second till) writing purchases as fast as it can…
    const writer = spawn(process.execPath, ['--import', 'tsx', 'tests/support/backup-writer.ts', app.dataDir, ids.join(','), ready, stop], { stdio: ['ignore', 'pipe', 'inherit'] });
    onTestFinished(() => {
      if (writer.exitCode === null) writer.kill('SIGKILL');
    });
    let output = '';
    writer.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => writer.on('exit', resolve));
    await until(() => fs.existsSync(ready));

    // …and this app's own connection too, while the backup runs.
    const job = await app.ok('backup.start', {});
    let ownWrites = 0;
    let current = job;
    while (current.phase !== 'done' && current.phase !== 'failed') {
      await app.ok('loyalty.recordPurchase', { customerId: ids[ownWrites % ids.length]!, amount: '7,50', locale: 'nl' });
      ownWrites++;
      // A turn of the event loop, as between two clicks: the worker's messages come in then.
      await new Promise((resolve) => setImmediate(resolve));
      current = await app.ok('backup.status', { jobId: job.id });
    }
    expect(current.error).toBeUndefined();
    const result = current.kind === 'backup' ? current.result! : null;

    const copy = new BetterSqlite3(path.join(app.dataDir, 'backups', result!.name), { readonly: true });
    const copied = visits(copy);
    // The writers went on after the snapshot.
    await until(() => visits(sqliteArchive(app.deps.archive).sqlite) > copied);
    fs.writeFileSync(stop, 'stop');
    expect(await exited).toBe(0);
    const { written } = JSON.parse(output) as { written: number };

    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(balanceMismatches(copy)).toEqual([]);
    expect(copied).toBeGreaterThanOrEqual(20);
    expect(copied).toBeLessThan(written + ownWrites);
    expect(copy.prepare('SELECT count(*) FROM customers').pluck().get()).toBe(10_005);
    // The counts in the manifest are the copy's.
    expect(result!.counts.visits).toBe(copied);
    copy.close();
    expect(balanceMismatches(sqliteArchive(app.deps.archive).sqlite)).toEqual([]);
    expect(visits(sqliteArchive(app.deps.archive).sqlite)).toBe(written + ownWrites);
  }, 120_000);
});

describe('a backup in other tools', () => {
  it('opens in Debian’s sqlite3 and passes its integrity check', async () => {
    const app = testApp();
    seedArchive(app.deps.archive, { count: 2_000, now: app.now.value });
    await app.ok('notes.add', { customerId: 1, kind: 'note', text: 'Café crème, geen suiker' });
    const backup = await backUpNow(app);
    const file = path.join(app.dataDir, 'backups', backup.name);
    const { stdout } = await run(SQLITE3, ['-readonly', file, 'PRAGMA integrity_check;', 'SELECT count(*) FROM customers;', "SELECT text FROM customer_entries;"]);
    expect(stdout.split('\n')).toEqual(['ok', '2000', 'Café crème, geen suiker', '']);
    // A standalone file: no journal mode that needs a -wal beside it.
    expect((await run(SQLITE3, ['-readonly', file, 'PRAGMA journal_mode;'])).stdout.trim()).toBe('delete');
  });
});

describe('swapping a backup in', () => {
  it('refuses while another program has the archive open, and leaves it as it was', async () => {
    const app = testApp();
    await app.ok('customers.create', { customer: { givenName: 'Blijft' } });
    const backup = await backUpNow(app);
    await app.ok('customers.create', { customer: { givenName: 'Ook' } });
    const other = new BetterSqlite3(path.join(app.dataDir, ARCHIVE_FILE));
    other.prepare('SELECT count(*) FROM customers').get();
    const content = contentOf(sqliteArchive(app.deps.archive).sqlite);

    const checked = await finish(app, await app.ok('backup.check', { backupId: `fallback/${backup.name}` }));
    const restored = await finish(app, await app.ok('backup.restore', { token: checked.kind === 'check' ? checked.result!.token : '' }));
    expect(restored.error?.code).toBe('backup_archive_in_use');
    other.close();
    expect(contentOf(sqliteArchive(app.deps.archive).sqlite)).toBe(content);
    // The app goes on with its archive.
    expect((await app.ok('customers.create', { customer: { givenName: 'Daarna' } })).givenName).toBe('Daarna');
  });

  it('starts background upkeep again on the restored archive', async () => {
    const app = testApp();
    const stop = app.startMaintenance();
    await app.ok('customers.create', { customer: { givenName: 'Een' } });
    const backup = await backUpNow(app);
    const checked = await finish(app, await app.ok('backup.check', { backupId: `fallback/${backup.name}` }));
    const before = app.deps.archive;
    await finish(app, await app.ok('backup.restore', { token: checked.kind === 'check' ? checked.result!.token : '' }));
    expect(app.deps.archive).not.toBe(before);
    // The checkpoint worker took over from the new connection again.
    expect(sqliteArchive(app.deps.archive).sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await stop();
    expect(sqliteArchive(app.deps.archive).sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });
});

describe('the backup key', () => {
  it('keeps only the public key and the wrapped private key: the password opens it, another does not', async () => {
    const keys = await createKeyFile('de juiste zin', 1, { log2N: 12, r: 8, p: 1 });
    expect(Object.keys(keys).sort()).toEqual(['createdAt', 'publicKey', 'salt', 'scrypt', 'version', 'wrapIv', 'wrapped']);
    expect(JSON.stringify(keys)).not.toContain('de juiste zin');
    expect(await passwordOpens(keys, 'de juiste zin')).toBe(true);
    expect(await passwordOpens(keys, 'de juiste zin ')).toBe(false);
  });
});

describe('checking a backup', () => {
  it('finds a page no table uses, which only a look at the whole file shows', async () => {
    const app = testApp();
    await app.ok('customers.create', { customer: { givenName: 'Wees' } });
    const backup = await backUpNow(app);
    const bytes = fs.readFileSync(path.join(app.dataDir, 'backups', backup.name));
    const pageSize = bytes.readUInt16BE(16);
    const grown = Buffer.concat([bytes, Buffer.alloc(pageSize)]);
    grown.writeUInt32BE(bytes.readUInt32BE(28) + 1, 28);
    const name = 'counterpart-2026-01-01-100000-manual.sqlite';
    fs.writeFileSync(path.join(app.dataDir, 'backups', name), grown);
    const job = await finish(app, await app.ok('backup.check', { backupId: `fallback/${name}` }));
    expect(job.error?.code).toBe('backup_damaged');
    expect(job.error?.message).toMatch(/never used/);
  });
});

describe('leftovers', () => {
  it('are swept at start when their process is gone, and kept while it runs', () => {
    const dataDir = tempDir();
    const dead = path.join(dataDir, 'backup-work', '2147483646');
    const running = path.join(dataDir, 'backup-work', String(process.ppid));
    for (const dir of [dead, running]) {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, '.counterpart-partial-0123456789ab.sqlite'), 'plaintext');
    }
    testApp({ dataDir });
    expect(fs.existsSync(dead)).toBe(false);
    expect(fs.existsSync(running)).toBe(true);
  });
});
