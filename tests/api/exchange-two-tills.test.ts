import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { onServer } from '../support/engine.js';
import { testDatabaseUrl } from '../support/postgres-each.js';
import { testApp } from '../support/services.js';
import { finished, upload } from './exchange-support.js';

// Two tills on one archive (the file, or the shop's server): this one imports a large file
// while the other (its own process, tests/support/sales-worker.ts) rings up a sale every few
// milliseconds. On the server a sale and a chunk of the import that conflict are run again
// (db/transaction.ts); neither may be lost or counted twice. The import
// must not lock the other till out: each sale goes through within a bound, or at worst
// answers `archive_busy` (the code the shop is told "try again" by), never `internal`.

const run = promisify(execFile);
/**
 * Rows imported. On the server the import writes a few thousand rows a second (round trips,
 * smaller chunks), so fewer rows there still keep it writing for tens of seconds of sales.
 */
const ROWS = onServer ? 30_000 : 120_000;
/** A sale may wait for a chunk of the import, not for the import. */
const SALE_BOUND_MS = 1000;

const row = (i: number) =>
  `Klant${i};Test;06-${String(20000000 + i)};klant${i}@example.nl;${i % 28 + 1}-${i % 12 + 1}-1980;${i % 7};${i % 3 ? 'Poëzie' : 'Fietsen'};${i % 10 ? '' : `Notitie ${i}`}`;

describe('an import on one till while another rings up sales', () => {
  it('lets every sale through between its chunks, and imports every row', async () => {
    const app = testApp();
    const { id } = await app.ok('customers.create', { customer: { givenName: 'Kassa' } });
    const text = ['Voornaam;Achternaam;Telefoon;E-mail;Geboortedatum;Stempels;Interesses;Notitie', ...Array.from({ length: ROWS }, (_, i) => row(i))].join('\r\n');
    const file = await upload(app, text);
    const input = { uploadId: file.uploadId, mapping: file.mapping, dateOrder: 'dmy' as const };
    // The dry run first, as the page does: the import that follows only writes.
    await finished(app, await app.ok('exchange.check', { ...input, limit: 10, skipDuplicates: false }));

    const ready = path.join(app.dataDir, 'till-two.ready');
    const stop = path.join(app.dataDir, 'till-two.stop');
    const tillTwo = ['tests/support/sales-worker.ts', app.dataDir, String(id), ready, stop, ...(onServer ? [testDatabaseUrl()] : [])];
    const till = run(process.execPath, ['--import', 'tsx', ...tillTwo], { timeout: 170_000, maxBuffer: 64 * 1024 * 1024 });
    while (!fs.existsSync(ready)) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 200));

    const importStarted = Date.now();
    const job = await finished(app, await app.ok('exchange.import', input));
    const importEnded = Date.now();
    fs.writeFileSync(stop, 'stop');
    const sales = JSON.parse((await till).stdout) as { ok: boolean; code: string | null; ms: number; at: number }[];

    expect(job).toMatchObject({ state: 'done', result: { imported: ROWS, skippedBad: 0 } });
    const during = sales.filter((s) => s.at >= importStarted && s.at <= importEnded + SALE_BOUND_MS);
    console.log(`import ${importEnded - importStarted} ms; ${sales.length} sales, ${during.length} during it; slowest ${Math.round(Math.max(...sales.map((s) => s.ms)))} ms`);
    expect(during.length).toBeGreaterThan(10);
    expect(sales.filter((s) => !s.ok && s.code !== 'archive_busy')).toEqual([]);
    expect(sales.filter((s) => s.ok && s.ms > SALE_BOUND_MS)).toEqual([]);
    // And the books hold every sale that went through.
    const { db } = app.archive;
    const count = async (query: Promise<{ n: number }>) => Number((await query).n);
    const visits = await count(db.selectFrom('visits').select((eb) => eb.fn.countAll<number>().as('n')).where('customer_id', '=', id).executeTakeFirstOrThrow());
    expect(visits).toBe(sales.filter((s) => s.ok).length);
    expect(await count(db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow())).toBe(ROWS + 1);
    expect((await app.ok('loyalty.check', {})).ok).toBe(true);
  }, 180_000);
});
