/// <reference lib="dom" />
import fs from 'node:fs';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Secrets } from '../../main/api/deps.js';
import { fakeSecrets } from '../support/fake-secrets.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';
import { a11yViolations, startE2E, type E2E } from './support.js';

// Settings → Archive in Chromium: in web mode the archive in use and how a server is chosen
// there (COUNTERPART_DATABASE_URL); with a keychain lent to web mode (a fake one, tests only)
// the desktop app's form: a test that fails at the password, one that finds the database
// empty, and the shop's archive moved into it with its progress.

let e2e: E2E;
let server: TestPostgres;
let password: string;
const keychain = { on: false };
const page = () => e2e.page;

beforeAll(async () => {
  server = await startPostgres();
  await server.createDatabase('winkel');
  password = decodeURIComponent(new URL(server.url).password);
  const sealed = fakeSecrets();
  // The keychain is there or not as a test says: web mode first, then the desktop app's.
  const secrets: Secrets = { ...sealed, available: () => keychain.on };
  e2e = await startE2E({ secrets });
  await e2e.app.ok('customers.create', { customer: { givenName: 'Marieke', namePrefix: 'de', familyName: 'Vries', phones: ['06-11223344'] } });
}, 120_000);

afterAll(async () => {
  await e2e?.close();
  await server?.stop();
});

async function openArchiveSettings(language: 'en' | 'nl') {
  await e2e.app.ok('settings.update', { language });
  await page().evaluate(() => (window.location.hash = '#/settings'));
  await page().reload();
  const section = page().getByRole('region', { name: language === 'en' ? 'Archive' : 'Archief' });
  await section.waitFor();
  await section.scrollIntoViewIfNeeded();
  return section;
}

async function fillServer(section: Locator, labels: [string, string, string, string, string], secret: string) {
  const [host, port, database, user, pass] = labels;
  await section.getByRole('textbox', { name: host }).fill(server.host);
  await section.getByRole('textbox', { name: port }).fill(String(server.port));
  await section.getByRole('textbox', { name: database }).fill('winkel');
  await section.getByRole('textbox', { name: user }).fill('postgres');
  await section.getByLabel(pass).fill(secret);
}

describe('Settings → Archive', () => {
  it('shows the file in use in web mode, and how the shared server is chosen there', async () => {
    const en = await openArchiveSettings('en');
    await en.getByText('The file on this computer').waitFor();
    await en.getByText(e2e.app.dataDir).waitFor();
    await en.getByText('The standard choice').waitFor();
    await en.getByText(/^In the browser the shared server is chosen with COUNTERPART_DATABASE_URL/).waitFor();
    expect(await en.getByRole('textbox').count()).toBe(0);
    expect(await en.getByRole('button').count()).toBe(0);
    await e2e.shot('archive-settings-web-en');
    expect(await a11yViolations(page())).toEqual([]);

    const nl = await openArchiveSettings('nl');
    await nl.getByText('Het bestand op deze computer').waitFor();
    await nl.getByText(/^In de browser kiest u de gedeelde server met COUNTERPART_DATABASE_URL/).waitFor();
    await e2e.shot('archive-settings-web-nl');
    expect(await a11yViolations(page())).toEqual([]);
  }, 60_000);

  it('tests a server, says what is wrong at the field, and moves the archive with its progress', async () => {
    keychain.on = true;
    const nl = await openArchiveSettings('nl');
    await fillServer(nl, ['Server (naam of adres)', 'Poort', 'Database', 'Gebruikersnaam', 'Wachtwoord'], 'niet-het-wachtwoord');
    // Keyboard first: Enter in the form tests the connection.
    await nl.getByLabel('Wachtwoord').press('Enter');
    await nl.getByText('De server weigert deze gebruikersnaam en dit wachtwoord.').waitFor();
    expect(await nl.getByLabel('Wachtwoord').getAttribute('aria-invalid')).toBe('true');
    await e2e.shot('archive-settings-refused-nl');
    expect(await a11yViolations(page())).toEqual([]);

    const en = await openArchiveSettings('en');
    await fillServer(en, ['Server (name or address)', 'Port', 'Database', 'User name', 'Password'], password);
    await en.getByRole('button', { name: 'Test connection' }).click();
    await en.getByText(/^Connected\. The database is empty/).waitFor();
    await en.getByText(/^Connected\. The database is empty/).scrollIntoViewIfNeeded();
    await e2e.shot('archive-settings-tested-en');
    expect(await a11yViolations(page())).toEqual([]);

    await en.getByRole('button', { name: 'Move this shop’s archive to the server' }).click();
    await en.getByRole('heading', { name: 'Move the archive to the server?' }).waitFor();
    await en.getByText(/into the empty database winkel/).waitFor();
    const release = e2e.hold('archive.moveStatus');
    await en.getByRole('button', { name: 'Move now' }).click();
    await en.getByRole('progressbar', { name: 'Connecting to the server…' }).waitFor();
    await e2e.shot('archive-settings-moving-en');
    release();
    await en.getByText('Moved and checked: 1 customer, 0 visits and 0 notes are on the server.').waitFor({ timeout: 60_000 });
    await en.getByText(/^Restart Counterpart to work on the server/).waitFor();
    await e2e.shot('archive-settings-moved-en');
    expect(await a11yViolations(page())).toEqual([]);

    const info = await e2e.app.ok('archive.info');
    expect(info.saved).toEqual({ kind: 'server', host: server.host, port: server.port, database: 'winkel', user: 'postgres' });
    const settingsFile = fs.readFileSync(path.join(e2e.app.dataDir, 'settings.json'), 'utf8');
    expect(settingsFile).not.toContain(password);

    // The page opened again (in Dutch) still says it moved, and that a restart opens the server.
    const again = await openArchiveSettings('nl');
    await again.getByText('Verhuisd en gecontroleerd: 1 klant, 0 bezoeken en 0 notities staan op de server.').waitFor();
    await again.getByText(/^Start Counterpart opnieuw om op de server te werken/).waitFor();
    await e2e.shot('archive-settings-chosen-nl');
    expect(await a11yViolations(page())).toEqual([]);
  }, 120_000);
});
