/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backUpNow } from '../support/backup.js';
import { a11yViolations, startE2E, type E2E } from './support.js';

// Restoring a backup made before two customers were erased, in Chromium: the restore says
// they were erased again, in English and in Dutch.

let e2e: E2E;
const page = () => e2e.page;

const WORDS = {
  en: {
    restore: /^Restore the backup of /, check: 'Check this backup', checked: 'This backup is whole and can be restored.',
    confirm: 'Restore this backup', again: '2 customers erased earlier were in this backup and have been erased again.',
  },
  nl: {
    restore: /^De back-up van .* terugzetten$/, check: 'Deze back-up controleren', checked: 'Deze back-up is heel en kan worden teruggezet.',
    confirm: 'Deze back-up terugzetten', again: '2 eerder gewiste klanten stonden nog in deze back-up en zijn opnieuw gewist.',
  },
};

beforeAll(async () => {
  e2e = await startE2E();
}, 60_000);

afterAll(async () => {
  await e2e?.close();
});

describe('restoring after erasures in Chromium', () => {
  it('says how many customers erased earlier were erased again', async () => {
    const app = e2e.app;
    const zoella = await app.ok('customers.create', { customer: { givenName: 'Zoëlla', familyName: 'Quakkelstein' } });
    const kees = await app.ok('customers.create', { customer: { givenName: 'Kees', familyName: 'Keesing' } });
    await app.ok('customers.create', { customer: { givenName: 'Bob', familyName: 'Bakker' } });
    await backUpNow(app);
    for (const id of [zoella.id, kees.id]) await app.ok('privacy.erase', { customerId: id, confirm: true });

    for (const language of ['en', 'nl'] as const) {
      const words = WORDS[language];
      await app.ok('settings.update', { language });
      await page().reload();
      await page().evaluate(() => (window.location.hash = '#/backup'));
      await page().getByRole('button', { name: words.restore }).last().click();
      await page().getByRole('button', { name: words.check }).click();
      await page().getByRole('heading', { name: words.checked }).waitFor({ timeout: 30_000 });
      await page().getByRole('button', { name: words.confirm }).click();
      const again = page().getByText(words.again);
      await again.waitFor({ timeout: 30_000 });
      await again.scrollIntoViewIfNeeded();
      await e2e.shot(`privacy-restore-erased-again${language === 'en' ? '' : '-nl'}`);
      expect(await a11yViolations(page())).toEqual([]);
      expect((await app.ok('customers.get', { id: zoella.id })).displayName).toBe(`#${zoella.id}`);
    }
    await app.ok('settings.update', { language: 'en' });
  }, 120_000);
});
