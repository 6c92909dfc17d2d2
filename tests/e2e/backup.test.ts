/// <reference lib="dom" />
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedArchive } from '../../main/node/seed.js';
import { a11yViolations, startE2E, type E2E } from './support.js';

// Backups in Chromium: back up now with its progress, the home screen's last backup, and
// a restore the shop follows step by step (what the backup holds, confirm, data back).

let e2e: E2E;
const page = () => e2e.page;
const DAY = 86_400_000;

async function go(hash: string) {
  await page().evaluate((h) => (window.location.hash = h), hash);
}

beforeAll(async () => {
  e2e = await startE2E();
  // Enough customers that copying and checking take a moment the page can show.
  seedArchive(e2e.app.deps.archive, { count: 40_000, now: e2e.app.now.value });
  await e2e.app.ok('customers.create', { customer: { givenName: 'Marieke', namePrefix: 'de', familyName: 'Vries', phones: ['06-11223344'] } });
  await page().reload();
  await page().getByRole('heading', { name: /who is at the counter/i }).waitFor();
}, 120_000);

afterAll(async () => {
  await e2e?.close();
});

describe('backups in Chromium', () => {
  it('makes a backup with its progress in view, and says it was checked', async () => {
    await page().getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Backups' }).click();
    await page().getByRole('heading', { level: 1, name: 'Backups' }).waitFor();
    await page().getByText('No backup has been made yet.').waitFor();
    await e2e.shot('backup-page');
    expect(await a11yViolations(page())).toEqual([]);

    await page().getByRole('button', { name: 'Back up now' }).click();
    const progress = page().getByRole('progressbar', { name: /^(Copying the archive|Checking the copy|Reading it back from the disk)/ });
    await progress.waitFor();
    await e2e.shot('backup-progress');
    expect(Number(await progress.getAttribute('max'))).toBeGreaterThan(0);

    await page().getByText(/^Backup made and checked: counterpart-.*-manual\.sqlite\.$/).waitFor({ timeout: 60_000 });
    await page().getByText('It holds 40,001 customers and was read back from the disk.').waitFor();
    await page().getByText(/^Last good backup: .* \(today\)\. Kept in /).waitFor();
    expect(await page().getByRole('progressbar').count()).toBe(0);
    await e2e.shot('backup-done');
    expect(await a11yViolations(page())).toEqual([]);
    const list = await e2e.app.ok('backup.list', {});
    expect(list.map((b) => [b.kind, b.manifest?.counts.customers])).toEqual([['manual', 40_001]]);
  }, 90_000);

  it('shows the last backup on the home screen, and warns when it is old', async () => {
    await go('#/');
    const line = page().getByRole('region', { name: 'Backups' });
    await line.getByText(/^Last backup today, /).waitFor();
    await e2e.shot('backup-home');
    expect(await a11yViolations(page())).toEqual([]);

    // The last good backup, as the state file would say five days on.
    const stateFile = path.join(e2e.app.dataDir, 'backup-state.json');
    const fresh = fs.readFileSync(stateFile, 'utf8');
    const state = JSON.parse(fresh) as { lastGood: { at: number } };
    state.lastGood.at -= 5 * DAY;
    fs.writeFileSync(stateFile, JSON.stringify(state));
    await page().reload();
    await line.getByText('The last backup is 5 days old.').waitFor();
    await line.getByRole('link', { name: 'Make a backup…' }).waitFor();
    await e2e.shot('backup-home-stale');
    expect(await a11yViolations(page())).toEqual([]);
    fs.writeFileSync(stateFile, fresh);
  });

  it('restores a backup: checked, what it holds shown, confirmed, and the data is back', async () => {
    const later = await e2e.app.ok('customers.create', { customer: { givenName: 'Pas', familyName: 'Later' } });
    const [backup] = await e2e.app.ok('backup.list', {});
    await go('#/backup');
    await page().getByRole('button', { name: /^Restore the backup of / }).click();
    const chosen = page().getByRole('form', { name: /^Restore the backup of / });
    await chosen.getByRole('button', { name: 'Check this backup' }).click();

    const checked = page().getByRole('heading', { name: 'This backup is whole and can be restored.' });
    await checked.waitFor({ timeout: 60_000 });
    const holds = page().getByRole('definition').first();
    expect(await holds.textContent()).toBe('40,001');
    await page().getByText(/^Everything written after .* is replaced by the backup\./).waitFor();
    await checked.scrollIntoViewIfNeeded();
    await e2e.shot('backup-restore-check');
    expect(await a11yViolations(page())).toEqual([]);

    await page().getByRole('button', { name: 'Restore this backup' }).click();
    await page().getByText(/^The backup of .* is back\. The archive as it was is kept as the safety copy counterpart-.*-safety\.sqlite\.$/).waitFor({ timeout: 90_000 });
    await e2e.shot('backup-restored');
    expect(await a11yViolations(page())).toEqual([]);

    await page().getByRole('link', { name: 'Go to the home screen' }).click();
    const search = page().getByRole('combobox', { name: 'Find a customer' });
    await search.fill('marieke de vries');
    await page().getByRole('option', { name: /Marieke de Vries/ }).first().waitFor();
    await search.press('Escape');
    expect((await e2e.app.ok('customers.search', { query: 'Pas Later' })).hits).toEqual([]);
    expect((await e2e.app.fail('customers.get', { id: later.id })).code).toBe('not_found');
    const safety = (await e2e.app.ok('backup.list', {})).filter((b) => b.kind === 'safety');
    expect(safety.map((b) => b.manifest?.counts.customers)).toEqual([40_002]);
    expect(backup?.manifest?.counts.customers).toBe(40_001);
  }, 180_000);

  it('encrypts with a password, and a wrong one is refused with a clear message', async () => {
    await go('#/backup');
    const form = page().getByRole('form', { name: 'Set password' });
    await form.getByLabel('Backup password').fill('Bakkerij de Korenaar sinds 1921');
    await form.getByLabel('Repeat the password').fill('Bakkerij de Korenaar sinds 1922');
    await form.getByRole('button', { name: 'Set password' }).click();
    await form.getByText('The two passwords differ.').waitFor();
    await form.getByLabel('Repeat the password').fill('Bakkerij de Korenaar sinds 1921');
    await form.getByRole('button', { name: 'Set password' }).click();
    await page().getByText('Backup password set. Backups are encrypted from now on.').waitFor();
    expect(await page().getByRole('checkbox', { name: 'Encrypt backups' }).isChecked()).toBe(true);
    await page().getByRole('heading', { name: 'Encryption' }).scrollIntoViewIfNeeded();
    await page().evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await e2e.shot('backup-settings');
    expect(await a11yViolations(page())).toEqual([]);

    await page().getByRole('button', { name: 'Back up now' }).click();
    await page().getByText(/^Backup made and checked: counterpart-.*\.cpbackup\.$/).waitFor({ timeout: 90_000 });
    const encrypted = (await e2e.app.ok('backup.list', {})).find((b) => b.encrypted)!;
    await page().getByRole('row').filter({ hasText: 'encrypted' }).getByRole('button', { name: /^Restore the backup of / }).click();
    const chosen = page().getByRole('form', { name: /^Restore the backup of / });
    await chosen.getByLabel('Password of this backup').fill('Bakkerij de Korenaar sinds 1999');
    await chosen.getByRole('button', { name: 'Check this backup' }).click();
    await page().getByRole('alert').getByText('That password does not open this backup. The archive was not changed.').waitFor({ timeout: 30_000 });
    await e2e.shot('backup-wrong-password');
    expect(await a11yViolations(page())).toEqual([]);
    await chosen.getByRole('button', { name: 'Cancel' }).click();
    expect(encrypted.name).toMatch(/\.cpbackup$/);
  }, 180_000);

  it('reads well in Dutch', async () => {
    await e2e.app.ok('settings.update', { language: 'nl' });
    await page().reload();
    await page().getByRole('heading', { level: 1, name: 'Back-ups' }).waitFor();
    await page().getByRole('button', { name: 'Nu back-up maken' }).waitFor();
    await page().getByText(/^Laatste goede back-up: /).waitFor();
    await e2e.shot('backup-page-nl');
    expect(await a11yViolations(page())).toEqual([]);
    await go('#/');
    await page().getByRole('region', { name: 'Back-ups' }).getByText(/^Laatste back-up vandaag, /).waitFor();
    await e2e.app.ok('settings.update', { language: 'en' });
  });
});
