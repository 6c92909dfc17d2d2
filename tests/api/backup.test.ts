import { sqliteArchive } from '../../db/archive.js';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, openArchive } from '../../db/open.js';
import { migrations } from '../../db/migrations/index.js';
import { ARCHIVE_FILE } from '../../main/node/data-dir.js';
import { backupOnQuit } from '../../main/node/backup/scheduler.js';
import { ERROR_CODES } from '../../main/api/errors.js';
import { backupEn } from '../../renderer/src/i18n/backup.en';
import { backupNl } from '../../renderer/src/i18n/backup.nl';
import { tempDir, testApp, type TestApp } from '../support/services.js';
import { backUpNow, contentOf, fileHash, filesUnder, finish } from '../support/backup.js';

const DAY = 86_400_000;

async function shop(app = testApp()) {
  const jose = await app.ok('customers.create', { customer: { givenName: 'José', namePrefix: 'van den', familyName: 'Berg', phones: ['06-12345678'] } });
  const fenna = await app.ok('customers.create', { customer: { givenName: 'Fenna', familyName: 'de Boer', email: 'fenna@example.nl' } });
  await app.ok('customers.create', { customer: { givenName: 'Piet', familyName: 'Jansen' } });
  await app.ok('notes.add', { customerId: jose.id, kind: 'note', text: 'Always the sourdough, sliced' });
  await app.ok('loyalty.recordPurchase', { customerId: fenna.id, amount: '34,50', locale: 'nl' });
  return { app, jose, fenna };
}

const fallback = (app: TestApp) => path.join(app.dataDir, 'backups');

async function checkFails(app: TestApp, backupId: string, password = '') {
  const job = await finish(app, await app.ok('backup.check', { backupId, password }));
  expect(job.phase).toBe('failed');
  return job.error!.code;
}

describe('backup now', () => {
  it('writes a verified copy through the online backup API, with a manifest, and the home screen knows', async () => {
    const { app } = await shop();
    expect((await app.ok('backup.overview', {})).lastGood).toBeNull();
    expect((await app.ok('backup.overview', {})).stale).toBe(true);

    const job = await app.ok('backup.start', {});
    expect(job.kind).toBe('backup');
    const done = await finish(app, job);
    expect(done.phase).toBe('done');
    const result = done.kind === 'backup' ? done.result! : null;
    expect(result).toMatchObject({ place: 'fallback', encrypted: false, fellBack: null });
    expect(result!.name).toMatch(/^counterpart-\d{4}-\d{2}-\d{2}-\d{6}-manual\.sqlite$/);
    expect(result!.counts).toMatchObject({ customers: 3, customer_entries: 1, visits: 1 });

    const file = path.join(fallback(app), result!.name);
    const manifest = JSON.parse(fs.readFileSync(`${file}.json`, 'utf8'));
    expect(manifest).toMatchObject({
      format: 'counterpart-backup', name: result!.name, kind: 'manual', appVersion: app.deps.app.version,
      schemaVersion: LATEST_SCHEMA_VERSION, encrypted: false, size: fs.statSync(file).size, counts: result!.counts,
    });
    expect(manifest.sha256).toBe((await import('node:crypto')).createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
    // One standalone file (no -wal beside it), holding what the archive holds.
    expect(fs.readdirSync(fallback(app)).sort()).toEqual([result!.name, `${result!.name}.json`]);
    const copy = new BetterSqlite3(file, { readonly: true });
    expect(contentOf(copy)).toBe(contentOf(sqliteArchive(app.deps.archive).sqlite));
    copy.close();

    const overview = await app.ok('backup.overview', {});
    expect(overview.lastGood).toMatchObject({ at: result!.createdAt, name: result!.name, place: 'fallback', encrypted: false });
    expect(overview.stale).toBe(false);
    expect(overview.problem).toBeNull();
    expect((await app.ok('backup.list', {})).map((b) => [b.id, b.kind, b.manifest?.counts.customers])).toEqual([[`fallback/${result!.name}`, 'manual', 3]]);
  });

  it('warns once the last good backup is older than the setting', async () => {
    const { app } = await shop();
    await backUpNow(app);
    app.now.value += 3 * DAY - 60_000;
    expect((await app.ok('backup.overview', {})).stale).toBe(false);
    app.now.value += 2 * 60_000;
    expect((await app.ok('backup.overview', {})).stale).toBe(true);
    const settings = await app.ok('settings.get', {});
    await app.ok('settings.update', { backup: { ...settings.backup, warnAfterDays: 7 } });
    expect((await app.ok('backup.overview', {})).stale).toBe(false);
  });

  it('runs one backup at a time: a second click follows the first', async () => {
    const { app } = await shop();
    const first = await app.ok('backup.start', {});
    const second = await app.ok('backup.start', {});
    expect(second.id).toBe(first.id);
    expect((await app.fail('backup.check', { backupId: 'fallback/whatever.sqlite' })).code).toBe('backup_busy');
    await finish(app, first);
    expect(fs.readdirSync(fallback(app)).filter((n) => n.endsWith('.sqlite'))).toHaveLength(1);
  });
});

describe('the backup folder', () => {
  it('takes only an absolute, existing, writable folder, and backs up there', async () => {
    const { app } = await shop();
    const stick = tempDir('counterpart-stick-');
    expect((await app.fail('backup.setFolder', { folder: 'backups' })).code).toBe('backup_folder_unusable');
    expect((await app.fail('backup.setFolder', { folder: path.join(stick, 'nope') })).code).toBe('backup_folder_missing');
    fs.writeFileSync(path.join(stick, 'a-file'), 'x');
    expect((await app.fail('backup.setFolder', { folder: path.join(stick, 'a-file') })).code).toBe('backup_folder_unusable');
    expect((await app.ok('settings.get', {})).backup.folder).toBe('');

    const overview = await app.ok('backup.setFolder', { folder: stick });
    expect(overview.folder).toEqual({ path: stick, state: 'ok' });
    const result = await backUpNow(app);
    expect(result).toMatchObject({ place: 'folder', folder: stick, fellBack: null });
    expect(fs.existsSync(path.join(stick, result.name))).toBe(true);
    // Only generated names: the probe and partial files are gone.
    expect(fs.readdirSync(stick).sort()).toEqual(['a-file', result.name, `${result.name}.json`]);
  });

  it('says so when the stick is out, and puts the backup in the data folder instead', async () => {
    const { app } = await shop();
    const stick = tempDir('counterpart-stick-');
    await app.ok('backup.setFolder', { folder: stick });
    fs.rmSync(stick, { recursive: true });

    expect((await app.ok('backup.overview', {})).folder.state).toBe('missing');
    const result = await app.backups.automatic();
    expect(result).toMatchObject({ place: 'fallback', fellBack: 'backup_folder_missing' });
    expect(fs.existsSync(path.join(fallback(app), result.name))).toBe(true);
    const overview = await app.ok('backup.overview', {});
    expect(overview.lastGood?.place).toBe('fallback');
    expect(overview.problem).toMatchObject({ code: 'backup_folder_missing', folder: stick });
  });
});

describe('restore', () => {
  it('checks a backup, shows what it holds, keeps a safety copy and brings back exactly what was backed up', async () => {
    const { app, jose } = await shop();
    const before = contentOf(sqliteArchive(app.deps.archive).sqlite);
    const backup = await backUpNow(app);

    app.now.value += DAY;
    await app.ok('customers.create', { customer: { givenName: 'Nieuw', familyName: 'Mens' } });
    await app.ok('notes.add', { customerId: jose.id, kind: 'note', text: 'Written after the backup' });
    expect(contentOf(sqliteArchive(app.deps.archive).sqlite)).not.toBe(before);

    const checked = await finish(app, await app.ok('backup.check', { backupId: `fallback/${backup.name}` }));
    expect(checked.phase).toBe('done');
    const check = checked.kind === 'check' ? checked.result! : null;
    expect(check).toMatchObject({ name: backup.name, createdAt: backup.createdAt, encrypted: false, migrates: false, schemaVersion: LATEST_SCHEMA_VERSION });
    expect(check!.counts.customers).toBe(3);

    const restored = await finish(app, await app.ok('backup.restore', { token: check!.token }));
    expect(restored.phase).toBe('done');
    expect(contentOf(sqliteArchive(app.deps.archive).sqlite)).toBe(before);
    // The handlers use the restored archive at once.
    expect((await app.ok('customers.search', { query: 'nieuw' })).hits).toEqual([]);
    expect((await app.ok('customers.search', { query: 'jose' })).hits.map((h) => h.id)).toEqual([jose.id]);
    await app.ok('customers.create', { customer: { givenName: 'Na', familyName: 'Herstel' } });

    const safety = (await app.ok('backup.list', {})).filter((b) => b.place === 'safety');
    expect(safety).toHaveLength(1);
    expect(restored.kind === 'restore' && restored.result?.safetyCopy).toBe(safety[0]!.name);
    expect(safety[0]!.manifest?.counts.customers).toBe(4);
    // Nothing staged is left behind.
    expect(filesUnder(path.join(app.dataDir, 'backup-work'))).toEqual([]);
  });

  it('answers the counter throughout, also in the moment the restored file is swapped in', async () => {
    const { app, jose } = await shop();
    const backup = await backUpNow(app);
    const checked = await finish(app, await app.ok('backup.check', { backupId: `fallback/${backup.name}` }));
    const token = checked.kind === 'check' ? checked.result!.token : '';
    let job = await app.ok('backup.restore', { token });
    // Lookups as fast as the counter can make them, until the restore is done: none fails.
    const failures: string[] = [];
    let lookups = 0;
    while (job.phase !== 'done' && job.phase !== 'failed') {
      const result = await app.api.call('customers.search', { query: 'jose' });
      lookups++;
      if (!result.ok) failures.push(result.error.code);
      else expect((result.value as { hits: { id: number }[] }).hits.map((h) => h.id)).toEqual([jose.id]);
      job = await app.ok('backup.status', { jobId: job.id });
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(job.phase).toBe('done');
    expect(lookups).toBeGreaterThan(1);
    expect(failures).toEqual([]);
  });

  it('refuses a truncated, corrupted, foreign or future file, and the archive stays exactly as it was', async () => {
    const { app } = await shop();
    const backup = await backUpNow(app);
    const good = path.join(fallback(app), backup.name);
    const archiveFile = path.join(app.dataDir, ARCHIVE_FILE);
    const hash = fileHash(archiveFile);
    const content = contentOf(sqliteArchive(app.deps.archive).sqlite);
    const bytes = fs.readFileSync(good);
    let n = 0;
    const plant = (data: Buffer | ((file: string) => void), manifest = false) => {
      const name = `counterpart-2026-01-0${++n}-100000-manual.sqlite`;
      const file = path.join(fallback(app), name);
      if (typeof data === 'function') {
        fs.copyFileSync(good, file);
        data(file);
      } else fs.writeFileSync(file, data);
      if (manifest) fs.writeFileSync(`${file}.json`, fs.readFileSync(`${good}.json`, 'utf8').replace(backup.name, name));
      return `fallback/${name}`;
    };
    const corrupt = Buffer.from(bytes);
    corrupt.fill(0xa5, 2 * 4096, 3 * 4096);

    expect(await checkFails(app, plant(bytes.subarray(0, Math.floor(bytes.length / 2)), true))).toBe('backup_damaged');
    expect(await checkFails(app, plant(bytes.subarray(0, Math.floor(bytes.length / 2))))).toBe('backup_damaged');
    expect(await checkFails(app, plant(corrupt, true))).toBe('backup_damaged');
    expect(await checkFails(app, plant(corrupt))).toBe('backup_damaged');
    expect(await checkFails(app, plant(Buffer.from('Name;Phone\nJosé;0612345678\n'.repeat(200))))).toBe('not_an_archive');
    expect(await checkFails(app, plant((file) => {
      fs.rmSync(file);
      const other = new BetterSqlite3(file);
      other.exec('CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO recipes (name) VALUES (\'rye\')');
      other.close();
    }))).toBe('not_an_archive');
    expect(await checkFails(app, plant((file) => {
      const empty = new BetterSqlite3(file);
      empty.close();
      fs.writeFileSync(file, '');
    }))).toBe('not_an_archive');
    expect(await checkFails(app, plant((file) => {
      const future = new BetterSqlite3(file);
      future.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
      future.close();
    }))).toBe('db_too_new');

    expect(fileHash(archiveFile)).toBe(hash);
    expect(contentOf(sqliteArchive(app.deps.archive).sqlite)).toBe(content);
    expect(filesUnder(path.join(app.dataDir, 'backup-work'))).toEqual([]);
    expect((await app.ok('backup.list', {})).filter((b) => b.place === 'safety')).toEqual([]);
  });

  it('finds only backups by their generated names inside our folders', async () => {
    const { app } = await shop();
    await backUpNow(app);
    for (const id of ['fallback/../counterpart.sqlite', 'fallback/counterpart.sqlite', 'folder/counterpart-2026-01-01-100000-manual.sqlite', `safety/${'x'.repeat(20)}`, 'nowhere']) {
      expect(await checkFails(app, id), id).toBe('not_found');
    }
  });

  it('brings a backup from an older schema up to date when it is restored', async () => {
    const { app } = await shop();
    const older = path.join(tempDir(), 'old.sqlite');
    const archive = openArchive(older, { migrations: migrations.slice(0, 2) });
    sqliteArchive(archive).sqlite.prepare("INSERT INTO customers (given_name, family_name, card_number, search_key, created_at, updated_at, last_seen_at) VALUES ('Oud', 'Klant', '2000000000008', 1, 1, 1, 1)").run();
    sqliteArchive(archive).sqlite.pragma('journal_mode = DELETE');
    await archive.close();
    const name = 'counterpart-2025-06-01-120000-manual.sqlite';
    fs.mkdirSync(fallback(app), { recursive: true });
    fs.copyFileSync(older, path.join(fallback(app), name));

    const checked = await finish(app, await app.ok('backup.check', { backupId: `fallback/${name}` }));
    expect(checked.kind === 'check' && checked.result).toMatchObject({ schemaVersion: 2, migrates: true, counts: { customers: 1 } });
    const restored = await finish(app, await app.ok('backup.restore', { token: checked.kind === 'check' ? checked.result!.token : '' }));
    expect(restored.phase).toBe('done');
    expect(app.deps.archive.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect((await app.ok('customers.get', { id: 1 })).familyName).toBe('Klant');
  });
});

describe('choosing in dialogs (the desktop app)', () => {
  it('takes the folder and the backup file main’s own dialogs chose', async () => {
    const { app } = await shop();
    expect((await app.fail('backup.pickFolder', {})).code).toBe('backup_dialog_unavailable');
    const stick = tempDir('counterpart-stick-');
    const elsewhere = tempDir('counterpart-elsewhere-');
    let answer: string | null = stick;
    app.deps.dialogs = { pickFolder: async () => answer, pickBackupFile: async () => answer };
    expect((await app.ok('backup.overview', {})).canPickFolder).toBe(true);

    expect((await app.ok('backup.pickFolder', {}))?.folder).toEqual({ path: stick, state: 'ok' });
    const backup = await backUpNow(app);
    expect(backup.folder).toBe(stick);
    answer = null;
    expect(await app.ok('backup.pickFolder', {})).toBeNull();
    expect((await app.ok('settings.get', {})).backup.folder).toBe(stick);

    // A copy carried home on another stick, chosen by hand.
    fs.copyFileSync(path.join(stick, backup.name), path.join(elsewhere, 'friday.sqlite'));
    answer = path.join(elsewhere, 'friday.sqlite');
    const picked = await app.ok('backup.pickFile', {});
    expect(picked).toMatchObject({ place: 'picked', name: 'friday.sqlite', encrypted: false, manifest: null });
    expect((await app.ok('backup.list', {}))[0]?.id).toBe(picked!.id);
    await app.ok('customers.create', { customer: { givenName: 'Weg' } });
    const checked = await finish(app, await app.ok('backup.check', { backupId: picked!.id }));
    expect(checked.kind === 'check' && checked.result?.counts.customers).toBe(3);
    const restored = await finish(app, await app.ok('backup.restore', { token: checked.kind === 'check' ? checked.result!.token : '' }));
    expect(restored.phase).toBe('done');
    expect((await app.ok('customers.search', { query: 'weg' })).hits).toEqual([]);
  });
});

describe('encrypted backups', () => {
  it('encrypt with a key the password unlocks, refuse the wrong password clearly, and restore with the right one', async () => {
    const { app } = await shop();
    expect((await app.fail('backup.setPassword', { password: 'short' })).fields?.password?.code).toBe('too_short');
    const password = 'Bakkerij de Gouden Korenaar 1921';
    const overview = await app.ok('backup.setPassword', { password });
    expect(overview).toMatchObject({ hasPassword: true, settings: { encrypt: true } });
    // Neither the password nor anything that decrypts is kept in plain text.
    const keyFile = fs.readFileSync(path.join(app.dataDir, 'backup-key.json'), 'utf8');
    expect(keyFile).not.toContain(password);
    for (const file of fs.readdirSync(app.dataDir).filter((f) => f.endsWith('.json'))) {
      expect(fs.readFileSync(path.join(app.dataDir, file), 'utf8')).not.toContain(password);
    }

    const before = contentOf(sqliteArchive(app.deps.archive).sqlite);
    const backup = await backUpNow(app);
    expect(backup).toMatchObject({ encrypted: true });
    expect(backup.name).toMatch(/\.cpbackup$/);
    const stored = fs.readFileSync(path.join(fallback(app), backup.name));
    expect(stored.subarray(0, 8).toString()).toBe('CPBACKUP');
    expect(stored.includes(Buffer.from('SQLite format 3'))).toBe(false);
    expect(stored.includes(Buffer.from('sourdough'))).toBe(false);
    // The plaintext on its way to encryption is gone.
    expect(filesUnder(path.join(app.dataDir, 'backup-work'))).toEqual([]);
    expect((await app.ok('backup.overview', {})).lastGood?.encrypted).toBe(true);

    await app.ok('customers.create', { customer: { givenName: 'Later' } });
    const id = `fallback/${backup.name}`;
    expect(await checkFails(app, id)).toBe('backup_password_needed');
    expect(await checkFails(app, id, 'Bakkerij de Gouden Korenaar 1922')).toBe('backup_wrong_password');
    expect(filesUnder(path.join(app.dataDir, 'backup-work'))).toEqual([]);

    const checked = await finish(app, await app.ok('backup.check', { backupId: id, password }));
    expect(checked.kind === 'check' && checked.result).toMatchObject({ encrypted: true, counts: { customers: 3 } });
    await finish(app, await app.ok('backup.restore', { token: checked.kind === 'check' ? checked.result!.token : '' }));
    expect(contentOf(sqliteArchive(app.deps.archive).sqlite)).toBe(before);
  });

  it('call an encrypted backup damaged when a byte of it changed', async () => {
    const { app } = await shop();
    const password = 'correct horse battery';
    await app.ok('backup.setPassword', { password });
    const backup = await backUpNow(app);
    const file = path.join(fallback(app), backup.name);
    const bytes = fs.readFileSync(file);
    const at = bytes.length - 40000;
    bytes.writeUInt8(bytes.readUInt8(at) ^ 0x01, at);
    fs.writeFileSync(file, bytes);
    // The GCM tag finds it, with or without the manifest's sha256 beside it.
    expect(await checkFails(app, `fallback/${backup.name}`, password)).toBe('backup_damaged');
    fs.rmSync(`${file}.json`);
    expect(await checkFails(app, `fallback/${backup.name}`, password)).toBe('backup_damaged');
    expect(filesUnder(path.join(app.dataDir, 'backup-work'))).toEqual([]);
  });

  it('will not encrypt without a password', async () => {
    const { app } = await shop();
    const settings = await app.ok('settings.get', {});
    await app.ok('settings.update', { backup: { ...settings.backup, encrypt: true } });
    const job = await finish(app, await app.ok('backup.start', {}));
    expect(job.error?.code).toBe('backup_password_needed');
    expect((await app.ok('backup.overview', {})).problem?.code).toBe('backup_password_needed');
  });
});

describe('automatic backups', () => {
  it('are due daily, rotate, and never touch a manual backup', async () => {
    const { app } = await shop();
    const settings = await app.ok('settings.get', {});
    await app.ok('settings.update', { backup: { ...settings.backup, keep: { daily: 3, weekly: 2, monthly: 1 } } });
    const manual = await backUpNow(app);
    expect(app.backups.due()).toBe(false);
    app.now.value += DAY;
    expect(app.backups.due()).toBe(true);
    const made: string[] = [];
    for (let day = 0; day < 20; day++) {
      made.push((await app.backups.automatic()).name);
      expect(app.backups.due()).toBe(false);
      app.now.value += DAY;
    }
    const left = (await app.ok('backup.list', {})).map((b) => b.name);
    // The last three days, the newest of the week before, and the manual one.
    expect(left.filter((n) => n.includes('-auto')).length).toBeGreaterThanOrEqual(3);
    expect(left.filter((n) => n.includes('-auto')).length).toBeLessThanOrEqual(5);
    expect(left).toEqual(expect.arrayContaining([manual.name, ...made.slice(-3)]));
    expect(left).not.toContain(made[0]);
    for (const name of fs.readdirSync(fallback(app))) expect(left).toContain(name.replace(/\.json$/, ''));

    await app.ok('settings.update', { backup: { ...settings.backup, automatic: false } });
    app.now.value += 5 * DAY;
    expect(app.backups.due()).toBe(false);
  });

  it('on quit, give up on a backup that would keep the shop from closing, leaving nothing half-written', async () => {
    const { app } = await shop();
    const logged: string[] = [];
    await backupOnQuit(app.backups, true, 0, (message) => logged.push(message));
    expect(logged).toEqual(['the backup on quit took too long and was stopped']);
    expect(fs.readdirSync(fallback(app))).toEqual([]);
    await backupOnQuit(app.backups, true, 60_000, (message) => logged.push(message));
    expect((await app.ok('backup.overview', {})).lastGood?.name).toMatch(/-auto\.sqlite$/);
    await backupOnQuit(app.backups, false, 60_000, (message) => logged.push(message));
    expect(fs.readdirSync(fallback(app)).filter((n) => n.endsWith('.sqlite'))).toHaveLength(1);
  });
});

describe('what the shop reads', () => {
  it('has every backup error in Dutch and English', () => {
    const codes = ERROR_CODES.filter((code) => code.startsWith('backup_'));
    expect(codes.length).toBeGreaterThan(5);
    for (const dictionary of [backupEn, backupNl] as Record<string, string>[]) {
      for (const code of codes) expect(dictionary[`errors.${code}`], code).toBeTruthy();
      expect(dictionary['fieldErrors.too_short']).toBeTruthy();
    }
  });
});
