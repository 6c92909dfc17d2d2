import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { exportCommand, importCommand } from '../../main/node/cli/exchange.js';
import { tempDir, testApp, type TestApp } from '../support/services.js';

// `npm run cli -- export --to DIR` and `npm run cli -- import FILE …`, scriptable: the report
// is printed, and the exit code says whether the file went in.

const FIXTURE = path.resolve('tests/fixtures/exchange/messy.csv');

async function run(app: TestApp, command: typeof importCommand, ...args: string[]) {
  const lines: string[] = [];
  const code = await command.run(app, args, (line) => lines.push(line));
  return { code, lines };
}

describe('npm run cli -- import', () => {
  it('prints the mapping and the whole dry-run report, and writes nothing', async () => {
    const app = testApp();
    await app.ok('customers.create', { customer: { givenName: 'Sanne', familyName: 'Visser', phones: ['06-87654321'], email: 'sanne@example.nl', cardNumber: 'KAART-0042' } });
    const { code, lines } = await run(app, importCommand, FIXTURE, '--dry-run');
    expect(code).toBe(1);
    expect(lines).toEqual([
      'messy.csv: 14 rows, separator ";", dates dmy, looks like spreadsheet',
      'Columns:',
      '  1. Naam → fullName', '  2. Telefoon → phone', '  3. Mobiel → phone', '  4. E-mail → email', '  5. Geboortedatum → birthday',
      '  6. Adres → street', '  7. Postcode → postalCode', '  8. Plaats → city', '  9. Klantenkaart → cardNumber', '  10. Stempels → balance',
      '  11. Nieuwsbrief → marketingConsent', '  12. Opmerking → note',
      '14 rows: 7 to import, 6 bad, 1 empty; 5 with a likely duplicate; 17 stamps or points for 2 customers.',
      'Bad rows:',
      '  row 6: E-mail "piet@": not an e-mail address; Geboortedatum "31-02-1990": not a date; Stempels "abc": not a whole number; '
        + 'Nieuwsbrief "misschien": not one of the choices',
      '  row 7: Naam "": required, but empty',
      '  row 9: Telefoon "12345": not a phone number',
      '  row 12: Klantenkaart "KAART-0042": card number already belongs to Sanne Visser',
      '  row 14: Klantenkaart "KAART-0100": same card number as row 13',
      '  row 15: #13 "extra": more cells than the header has columns',
      'Likely duplicates:',
      '  row 8: email "jose@EXAMPLE.nl" as row 2',
      '  row 10: phone "+316 12345678" as row 2',
      '  row 11: phone "06-87654321" as customer 1 Sanne Visser',
      '  row 11: email "SANNE@example.nl" as customer 1 Sanne Visser',
      '  row 12: card "KAART-0042" as customer 1 Sanne Visser',
      '  row 14: card "KAART-0100" as row 13',
    ]);
    expect((await app.ok('customers.recent', { limit: 10 })).length).toBe(1);
  });

  it('refuses a file with bad rows unless told to skip them, and takes a mapping', async () => {
    const app = testApp();
    const refused = await run(app, importCommand, FIXTURE);
    expect(refused.code).toBe(1);
    expect(refused.lines.at(-1)).toBe('Nothing was imported: fix the bad rows, or pass --skip-bad to import the others.');
    expect((await app.ok('customers.recent', { limit: 10 })).length).toBe(0);

    const done = await run(app, importCommand, FIXTURE, '--skip-bad', '--map', 'Opmerking=-,Stempels=-');
    expect(done.code).toBe(0);
    expect(done.lines).toContain('  12. Opmerking → -');
    expect(done.lines.at(-1)).toBe('Imported 8 customers, skipped 5 bad rows.');

    expect(await run(app, importCommand, FIXTURE, '--map', 'Schoenmaat=note')).toMatchObject({ code: 2, lines: expect.arrayContaining(['--map: no column "Schoenmaat"']) });
    expect((await run(app, importCommand, FIXTURE, '--map', '2=shoeSize')).lines.at(-1)).toMatch(/^--map: "shoeSize" is not a field/);
    expect((await run(app, importCommand)).code).toBe(2);
  });
});

describe('npm run cli -- export', () => {
  it('writes the four CSVs and the zip into the folder given, with the separator asked for', async () => {
    const app = testApp();
    await app.ok('customers.create', { customer: { givenName: 'José', familyName: 'Berg' } });
    const dir = tempDir('counterpart-export-');
    const { code, lines } = await run(app, exportCommand, '--to', dir, '--separator', ',');
    expect(code).toBe(0);
    expect(lines).toHaveLength(5);
    const names = fs.readdirSync(dir).sort();
    expect(names.map((n) => n.replace(/-\d{4}-\d{2}-\d{2}-\d{4}/, ''))).toEqual([
      'aankopen-en-bezoeken.csv', 'counterpart-export.zip', 'klanten.csv', 'notities.csv', 'spaarhistorie.csv',
    ]);
    const customers = fs.readFileSync(path.join(dir, names.find((n) => n.startsWith('klanten'))!), 'utf8');
    expect(customers.startsWith('\uFEFFID,Voornaam,Tussenvoegsel,')).toBe(true);
    expect((await run(app, exportCommand, '--to', dir, '--separator', '|')).code).toBe(2);
    expect((await run(app, exportCommand)).code).toBe(2);
  });

  it('runs as `npm run cli`, from the data folder', async () => {
    const app = testApp();
    await app.ok('customers.create', { customer: { givenName: 'Ünal' } });
    await app.ok('settings.update', { language: 'nl' });
    const dir = tempDir('counterpart-export-');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'main/node/cli.ts', 'export', '--to', dir, '--what', 'customers'], {
      env: { ...process.env, COUNTERPART_DATA_DIR: app.dataDir },
      timeout: 30_000,
    });
    expect(stdout).toMatch(/klanten-.*\.csv {2}1 row, \d+ bytes\n$/);
    expect(fs.readFileSync(path.join(dir, fs.readdirSync(dir)[0]!), 'utf8')).toContain('Ünal');
  }, 60_000);
});
