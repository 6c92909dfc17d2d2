import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveChoice } from '../../main/node/archive-choice.js';
import { confSettings } from '../../main/node/conf-settings.js';
import { openServices } from '../../main/node/services.js';
import { LATEST_POSTGRES_SCHEMA_VERSION } from '../../db/migrations/postgres/index.js';
import type { ArchiveMoveJob } from '../../main/api/archive/types.js';
import { onServer, itOnFile, itOnServer } from '../support/engine.js';
import { fakeSecrets } from '../support/fake-secrets.js';
import { postgresKysely, startMigratedPostgres, type TestPostgres } from '../support/postgres.js';
import { testApp, tempDir, type TestApp } from '../support/services.js';
import { sql } from 'kysely';

// Settings → Archive: the server tested before it is chosen (a real PostgreSQL server of this
// file's own), the choice saved with the password sealed by the keychain, never as typed, and
// the file archive moved into an empty server.

let server: TestPostgres;
let password: string;
let databases = 0;

beforeAll(async () => {
  server = await startMigratedPostgres();
  password = decodeURIComponent(new URL(server.url).password);
});
afterAll(async () => server?.stop());

/** A new database on the file's server: empty, or an archive of ours (migrated). */
async function database(kind: 'empty' | 'archive'): Promise<string> {
  const name = `shop_${++databases}`;
  await server.createDatabase(name, kind === 'archive' ? { template: 'migrated' } : {});
  return name;
}

const login = (database: string, extra: Partial<{ port: number; password: string; host: string }> = {}) =>
  ({ host: server.host, port: server.port, database, user: 'postgres', password, ...extra });

/** A till as the desktop app opens it: a keychain, and the archive chosen by the settings (or by default). */
function desktopTill(secrets = fakeSecrets()): TestApp & { secrets: ReturnType<typeof fakeSecrets> } {
  return Object.assign(testApp({ secrets, archiveChosenBy: onServer ? 'settings' : 'default' }), { secrets });
}

describe('which archive the till uses', () => {
  itOnFile('is the data folder’s file by default, and web mode cannot choose a server', async () => {
    const app = testApp();
    const info = await app.ok('archive.info');
    expect(info).toMatchObject({ inUse: { kind: 'file', folder: app.dataDir }, chosenBy: 'default', saved: { kind: 'file' }, canChooseServer: false, restartNeeded: false, move: null });
    expect(info.schemaVersion).toBeGreaterThan(0);
  });

  itOnServer('is the server COUNTERPART_DATABASE_URL names, which nothing saved can override', async () => {
    const app = testApp({ secrets: fakeSecrets() });
    const info = await app.ok('archive.info');
    expect(info.inUse).toMatchObject({ kind: 'server', host: '127.0.0.1', user: expect.any(String) });
    expect(JSON.stringify(info)).not.toContain('password');
    expect(info).toMatchObject({ chosenBy: 'env', canChooseServer: false, restartNeeded: false });
    expect((await app.fail('archive.useServer', login(await database('empty')))).code).toBe('archive_choice_unavailable');
    expect((await app.fail('archive.useFile')).code).toBe('archive_choice_unavailable');
  });
});

describe('testing a server', () => {
  it('finds an empty database empty, and an archive with its version and customers', async () => {
    const app = testApp();
    expect(await app.ok('archive.testServer', login(await database('empty')))).toEqual({ state: 'empty' });
    expect(await app.ok('archive.testServer', login(await database('archive'))))
      .toEqual({ state: 'archive', schemaVersion: LATEST_POSTGRES_SCHEMA_VERSION, migrates: false, customers: 0 });
  });

  it('says at the password that the login was refused', async () => {
    const error = await testApp().fail('archive.testServer', login(await database('empty'), { password: 'not-the-password' }));
    expect(error).toMatchObject({ code: 'validation', fields: { password: { code: 'login_refused' } } });
    expect(JSON.stringify(error)).not.toContain('not-the-password');
  });

  it('says at the host that nothing answers on a closed port, at once', async () => {
    const closed = await freePort();
    const began = Date.now();
    const error = await testApp().fail('archive.testServer', login('shop', { port: closed }));
    expect(error).toMatchObject({ code: 'validation', fields: { host: { code: 'server_unreachable' } } });
    expect(Date.now() - began).toBeLessThan(3000);
  });

  it('gives up on a server that never answers within about three seconds', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const began = Date.now();
      const error = await testApp().fail('archive.testServer', login('shop', { port: (silent.address() as net.AddressInfo).port }));
      expect(error).toMatchObject({ fields: { host: { code: 'server_unreachable' } } });
      expect(Date.now() - began).toBeLessThan(4500);
    } finally {
      silent.close();
    }
  });

  it('says at the database that it does not exist, or holds something else', async () => {
    const app = testApp();
    expect(await app.fail('archive.testServer', login('no_such_shop'))).toMatchObject({ fields: { database: { code: 'database_missing' } } });
    const other = await database('empty');
    const db = postgresKysely(server.urlFor(other));
    try {
      await sql`CREATE TABLE invoices (id int)`.execute(db);
    } finally {
      await db.destroy();
    }
    expect(await app.fail('archive.testServer', login(other))).toMatchObject({ fields: { database: { code: 'database_not_ours' } } });
  });

  it('refuses what is no server address before trying', async () => {
    const error = await testApp().fail('archive.testServer', { host: 'db shop', port: 70000, database: '', user: '', password: '' });
    expect(error.fields).toMatchObject({ host: { code: 'invalid' }, port: { code: 'out_of_range' }, database: { code: 'required' }, user: { code: 'required' } });
  });
});

describe('choosing the server', () => {
  it('keeps only the sealed password: its text is nowhere in the settings file', async () => {
    const app = desktopTill();
    const name = await database('archive');
    const info = await app.ok('archive.useServer', login(name));
    expect(info.saved).toEqual({ kind: 'server', host: server.host, port: server.port, database: name, user: 'postgres' });
    expect(info.restartNeeded).toBe(true);
    const file = fs.readFileSync(path.join(app.dataDir, 'settings.json'), 'utf8');
    expect(file).not.toContain(password);
    expect(file).not.toContain(encodeURIComponent(password));
    const stored = JSON.parse(file) as { archive: { sealedPassword: string } };
    expect(stored.archive.sealedPassword).toBe(app.secrets.sealed.at(-1));
    expect(app.secrets.open(stored.archive.sealedPassword)).toBe(password);
    // Nor does the screen get even the sealed one.
    const settings = await app.ok('settings.get');
    expect(settings.archive).toMatchObject({ kind: 'server', sealedPassword: '' });
    expect(JSON.stringify(await app.ok('archive.info'))).not.toContain(stored.archive.sealedPassword);
  });

  it('is read at the next start through the keychain, unless the variable says otherwise', async () => {
    const app = desktopTill();
    const name = await database('archive');
    await app.ok('archive.useServer', login(name));
    const { archive } = app.deps.settings.get();
    const choice = archiveChoice({}, { setting: archive, secrets: app.secrets });
    expect(choice).toMatchObject({ kind: 'server', by: 'settings' });
    expect(decodeURIComponent(new URL((choice as { url: string }).url).password)).toBe(password);
    expect(archiveChoice({ COUNTERPART_DATABASE_URL: 'postgres://elsewhere/db' }, { setting: archive, secrets: app.secrets }))
      .toEqual({ kind: 'server', url: 'postgres://elsewhere/db', by: 'env' });
    // Web mode and the CLI have no keychain: the file, never a password in plain text.
    expect(archiveChoice({}, { setting: archive })).toEqual({ kind: 'file', by: 'default' });
    // Sealed elsewhere: the server without a password (its login refused, as the till says), not the file.
    expect(archiveChoice({}, { setting: archive, secrets: fakeSecrets() })).toMatchObject({ kind: 'server', by: 'settings', passwordUnreadable: true });
  });

  it('is refused for a server that cannot be used, and saves nothing', async () => {
    const app = desktopTill();
    const error = await app.fail('archive.useServer', login(await database('empty'), { password: 'wrong' }));
    expect(error.fields).toMatchObject({ password: { code: 'login_refused' } });
    expect((await app.ok('archive.info')).saved).toEqual({ kind: 'file' });
  });

  it('is not offered without a keychain: no password is kept in plain text', async () => {
    const app = testApp({ secrets: fakeSecrets({ available: false }), archiveChosenBy: onServer ? 'settings' : 'default' });
    expect((await app.ok('archive.info')).canChooseServer).toBe(false);
    expect((await app.fail('archive.useServer', login(await database('empty')))).code).toBe('archive_choice_unavailable');
    const file = path.join(app.dataDir, 'settings.json');
    if (fs.existsSync(file)) expect(fs.readFileSync(file, 'utf8')).not.toContain(password);
    expect(app.deps.settings.get().archive).toEqual({ kind: 'file' });
  });

  it('goes back to the file', async () => {
    const app = desktopTill();
    await app.ok('archive.useServer', login(await database('archive')));
    const info = await app.ok('archive.useFile');
    expect(info.saved).toEqual({ kind: 'file' });
    expect(app.deps.settings.get().archive).toEqual({ kind: 'file' });
  });
});

describe('a till whose chosen server is away', () => {
  it('still shows the choice and can go back to the file, while the archive answers unreachable', async () => {
    const till = openServices({
      dataDir: tempDir(), mode: 'electron', settings: (dir) => confSettings(dir, 'nl-NL'), log: () => {},
      databaseUrl: `postgres://postgres:x@127.0.0.1:${await freePort()}/gone`, archiveChosenBy: 'settings', secrets: fakeSecrets(),
    });
    try {
      const info = await till.api.call('archive.info', {});
      expect(info).toMatchObject({ ok: true, value: { inUse: { kind: 'server', database: 'gone', user: 'postgres' }, chosenBy: 'settings', canChooseServer: true } });
      expect(JSON.stringify(info)).not.toContain(':x@');
      expect(await till.api.call('customers.search', { query: 'Anna' })).toMatchObject({ ok: false, error: { code: 'archive_unreachable' } });
      expect(await till.api.call('archive.useFile', {})).toMatchObject({ ok: true, value: { saved: { kind: 'file' } } });
    } finally {
      await till.close();
    }
  });
});

async function moveFinished(app: TestApp, job: ArchiveMoveJob): Promise<ArchiveMoveJob> {
  const seen = new Set<string>([job.phase]);
  while (job.phase !== 'done' && job.phase !== 'failed') {
    await new Promise((resolve) => setTimeout(resolve, 20));
    job = await app.ok('archive.moveStatus', { jobId: job.id });
    seen.add(job.phase);
  }
  return Object.assign(job, { seen: [...seen] });
}

describe('moving the shop’s archive to the server', () => {
  itOnFile('copies the file into an empty server, verifies it, then chooses the server', async () => {
    const app = desktopTill();
    const anna = await app.ok('customers.create', { customer: { givenName: 'Anna', familyName: 'de Vries' } });
    await app.ok('loyalty.recordVisit', { customerId: anna.id });
    const name = await database('empty');
    const job = await moveFinished(app, await app.ok('archive.moveToServer', login(name)));
    expect(job).toMatchObject({ phase: 'done', result: { customers: 1, visits: 1 } });
    const info = await app.ok('archive.info');
    expect(info).toMatchObject({ saved: { kind: 'server', database: name }, restartNeeded: true, move: { phase: 'done' } });
    // Nothing more goes into the file: it would be left behind when the till restarts on the server.
    expect((await app.fail('customers.create', { customer: { givenName: 'Bram' } })).code).toBe('archive_moved');
    // Looking still works: the customers are all there until the restart.
    expect((await app.ok('customers.get', { id: anna.id })).givenName).toBe('Anna');
    // The next start opens the server, with Anna in it.
    const choice = archiveChoice({}, { setting: app.deps.settings.get().archive, secrets: app.secrets });
    const next = openServices({ dataDir: tempDir(), mode: 'web', settings: (dir) => confSettings(dir, 'nl-NL'), databaseUrl: (choice as { url: string }).url, log: () => {} });
    try {
      const found = await next.api.call('customers.search', { query: 'Anna' });
      expect(found.ok && JSON.stringify(found.value)).toContain('de Vries');
    } finally {
      await next.close();
    }
  });

  itOnFile('never writes into a server that holds customers, and keeps the file as it was', async () => {
    const app = desktopTill();
    const name = await database('archive');
    // Another shop's till on that database.
    const other = openServices({ dataDir: tempDir(), mode: 'web', settings: (dir) => confSettings(dir, 'nl-NL'), databaseUrl: server.urlFor(name), log: () => {} });
    try {
      expect((await other.api.call('customers.create', { customer: { givenName: 'Other', familyName: 'Shop' } })).ok).toBe(true);
    } finally {
      await other.close();
    }
    const error = await app.fail('archive.moveToServer', login(name));
    expect(error.fields ?? {}).toMatchObject({ database: { code: 'database_not_empty' } });
    expect((await app.ok('archive.info')).saved).toEqual({ kind: 'file' });
    await app.ok('customers.create', { customer: { givenName: 'Still', familyName: 'Here' } });
  });

  itOnFile('fails at the password for a refused login, and the file stays in use', async () => {
    const app = desktopTill();
    const result = await app.api.call('archive.moveToServer', login(await database('empty'), { password: 'wrong' }));
    const error = result.ok ? (await moveFinished(app, result.value as ArchiveMoveJob)).error : result.error;
    expect(error).toMatchObject({ fields: { password: { code: 'login_refused' } } });
    expect((await app.ok('archive.info')).saved).toEqual({ kind: 'file' });
  });

  itOnServer('is for the file only: a till on the server has nothing to move', async () => {
    const app = desktopTill();
    expect((await app.fail('archive.moveToServer', login(await database('empty')))).code).toBe('archive_choice_unavailable');
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
