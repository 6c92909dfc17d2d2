import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/services.js';
import { runExport } from './exchange-support.js';

// Exports made before an erasure still hold the customer: the erasure lists the files in the
// exports folder that do (by id, card, e-mail or phone; or by name alone, said so), and a
// second call deletes exactly those, by their generated names, never a path.

const exportsDir = (app: TestApp) => path.join(app.dataDir, 'exports');

async function shop(app: TestApp) {
  const zoella = await app.ok('customers.create', {
    customer: { givenName: 'Zoëlla', familyName: 'Quakkelstein', phones: ['06-18273645'], email: 'Zoella@Example.org', marketingConsent: true },
  });
  const bob = await app.ok('customers.create', { customer: { givenName: 'Bob', familyName: 'Bakker', phones: ['06-11223344'] } });
  await app.ok('tags.add', { customerId: zoella.id, name: 'Poetry' });
  await app.ok('tags.add', { customerId: bob.id, name: 'Poetry' });
  await app.ok('tags.add', { customerId: bob.id, name: 'Bread' });
  return { zoella, bob };
}

describe('exports that hold an erased customer', () => {
  it('are listed by the erasure, and deleted on request, only they', async () => {
    const app = testApp();
    const { zoella, bob } = await shop(app);
    const tags = await app.ok('tags.list', { prefix: '' });
    const tagId = (name: string) => tags.find((t) => t.name === name)!.id;
    const full = await runExport(app, { kind: 'archive' });
    const customers = await runExport(app, { kind: 'customers' });
    const poetry = await app.ok('exchange.exportTag', { tagId: tagId('Poetry') });
    const bread = await app.ok('exchange.exportTag', { tagId: tagId('Bread') });
    // A birthday list holds names only: listed, and said to be by name.
    const birthdays = 'verjaardagen-2026-11-25-1000.csv';
    fs.writeFileSync(path.join(exportsDir(app), birthdays), '\uFEFFNaam;Jarig op\r\nZoëlla Quakkelstein;2026-11-30\r\n');
    // Names main never gave out are not looked at.
    fs.writeFileSync(path.join(exportsDir(app), 'notes-of-mine.txt'), 'Zoëlla Quakkelstein 06-18273645');

    const erased = await app.ok('privacy.erase', { customerId: zoella.id, confirm: true });
    expect(erased.exports).toEqual([
      { name: full.name, nameOnly: false },
      { name: customers.name, nameOnly: false },
      { name: poetry.name, nameOnly: false },
      { name: birthdays, nameOnly: true },
    ].sort((a, b) => a.name.localeCompare(b.name)));
    expect(erased.exports.map((e) => e.name)).not.toContain(bread.name);

    // Only generated export names, never a path.
    for (const names of [['../counterpart.sqlite'], ['notes-of-mine.txt'], ['.klanten-2026-11-25-1000.csv.part'], []]) {
      expect((await app.fail('privacy.deleteExports', { names })).code, names.join()).toBe('validation');
    }
    const deleted = await app.ok('privacy.deleteExports', { names: erased.exports.map((e) => e.name) });
    expect(deleted.deleted.sort()).toEqual(erased.exports.map((e) => e.name).sort());
    expect(fs.readdirSync(exportsDir(app)).sort()).toEqual([bread.name, 'notes-of-mine.txt'].sort());
    // Asked again, nothing is left to delete.
    expect((await app.ok('privacy.deleteExports', { names: [full.name] })).deleted).toEqual([]);

    // Bob is in the bread list, untouched by her erasure; it shows his phone only to those
    // who agreed to offers, which he did not: found by his name alone.
    const bobErased = await app.ok('privacy.erase', { customerId: bob.id, confirm: true });
    expect(bobErased.exports).toEqual([{ name: bread.name, nameOnly: true }]);
  }, 60_000);

  it('sweeps partial exports a crash left when the app starts', async () => {
    const first = testApp({ manual: true });
    const dataDir = first.dataDir;
    await first.ok('customers.create', { customer: { givenName: 'Zoëlla', familyName: 'Quakkelstein' } });
    await runExport(first, { kind: 'customers' });
    await first.close();
    const dir = path.join(dataDir, 'exports');
    const crashed = path.join(dir, '.klanten-2026-11-25-1001.csv.part');
    fs.writeFileSync(crashed, '\uFEFFID;Voornaam\r\n1;Zoëlla\r\n');
    // Ten minutes old by the file system's clock, the one a file's age is read from.
    const old = new Date(fs.statSync(crashed).mtimeMs - 10 * 60_000);
    fs.utimesSync(crashed, old, old);
    // One being written by another process right now (the command line's export) stays.
    const writing = path.join(dir, '.klanten-2026-11-25-1002.csv.part');
    fs.writeFileSync(writing, '\uFEFFID;Voornaam\r\n');

    const second = testApp({ dataDir });
    expect(fs.existsSync(crashed)).toBe(false);
    expect(fs.existsSync(writing)).toBe(true);
    expect(fs.readdirSync(dir).filter((n) => !n.startsWith('.'))).toHaveLength(1);
    await second.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
