import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { onServer } from '../support/engine.js';
import { testApp, type TestApp } from '../support/services.js';
import { finished, snapshot, upload } from './exchange-support.js';

// An import is all or nothing: a failure half-way through (here the archive itself refuses a
// row the checks let through) leaves the archive row for row as it was. The import is written
// in chunks, each its own transaction, so that another till is never locked out for long;
// the chunks already written are then undone from the import's journal (migration 012).
// The file's bytes are not the same afterwards (pages freed and reused), nor the insights'
// version counter (it moved, so cached figures are recomputed): every row is.

/** The snapshot without the insights' version counter. */
async function rows(app: TestApp) {
  const all = await snapshot(app);
  return { ...all, insight_state: all.insight_state!.map((r) => ({ ...(r as object), version: 0 })) };
}

/** Late enough that chunks were written (and must be undone) before it fails: a chunk (~200 ms) takes ~8,000 rows here. */
const BOOM = 27_000;
// 30,000 rows written, most undone, then written again: seconds on the file, longer on the
// server (a round trip per statement, and the chunks there are smaller).
const ROWS = 30_000;

/** The archive refuses a customer named Boom: a trigger the import's checks know nothing of. */
async function refuseBoom(app: TestApp) {
  const { db } = app.archive;
  if (!onServer) {
    await sql`CREATE TRIGGER exchange_test_boom BEFORE INSERT ON customers WHEN NEW.given_name = 'Boom'
      BEGIN SELECT RAISE(ABORT, 'boom'); END`.execute(db);
    return;
  }
  await sql`CREATE FUNCTION exchange_test_boom() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.given_name = 'Boom' THEN RAISE EXCEPTION 'boom'; END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER exchange_test_boom BEFORE INSERT ON customers FOR EACH ROW EXECUTE FUNCTION exchange_test_boom()`.execute(db);
}

const row = (i: number) =>
  `${i === BOOM ? 'Boom' : `Klant${i}`};Test;06-${String(20000000 + i)};klant${i}@example.nl;${i % 28 + 1}-${i % 12 + 1}-1980;${i % 7};${i % 3 ? 'Poëzie' : 'Fietsen'};Notitie ${i}`;

describe('an import that fails half-way', () => {
  it('leaves nothing behind: customers, phones, search index, ledger, balances, tags and notes as before', async () => {
    const app = testApp();
    const sanne = await app.ok('customers.create', { customer: { givenName: 'Sanne', familyName: 'Visser', phones: ['06-87654321'] } });
    await app.ok('loyalty.migrate', { customerId: sanne.id, amount: 4 });
    await app.ok('tags.add', { customerId: sanne.id, name: 'Poëzie' });
    await app.ok('notes.add', { customerId: sanne.id, kind: 'note', text: 'Vaste klant' });
    await refuseBoom(app);
    const before = await rows(app);

    const text = ['Voornaam;Achternaam;Telefoon;E-mail;Geboortedatum;Stempels;Interesses;Notitie', ...Array.from({ length: ROWS }, (_, i) => row(i))].join('\r\n');
    const file = await upload(app, text);
    const job = await finished(app, await app.ok('exchange.import', { uploadId: file.uploadId, mapping: file.mapping, dateOrder: 'dmy' }));
    expect(job).toMatchObject({ state: 'failed', phase: 'writing', total: ROWS, result: null, error: { code: 'internal' } });
    // Chunks were written (and their progress reported) before the failing one, and undone.
    expect(job.done).toBeGreaterThan(0);
    expect(job.done).toBeLessThanOrEqual(BOOM);
    expect((await app.archive.db.selectFrom('import_runs').select('state').execute()).map((r) => r.state)).toEqual(['undone']);

    expect(await rows(app)).toEqual(before);
    expect(await app.ok('loyalty.check', {})).toMatchObject({ ok: true });
    expect((await app.ok('tags.forCustomer', { customerId: sanne.id })).map((t) => t.count)).toEqual([1]);
    expect((await app.ok('customers.search', { query: 'klant1' })).hits).toEqual([]);

    // The archive goes on working: without the failing row, the same file goes in whole.
    await sql`DROP TRIGGER exchange_test_boom${onServer ? sql` ON customers` : sql``}`.execute(app.archive.db);
    const again = await finished(app, await app.ok('exchange.import', { uploadId: file.uploadId, mapping: file.mapping, dateOrder: 'dmy' }));
    expect(again.result).toMatchObject({ imported: ROWS });
    expect(await app.ok('loyalty.check', {})).toMatchObject({ ok: true });
    expect((await app.ok('tags.forCustomer', { customerId: sanne.id })).map((t) => t.count)).toEqual([Math.floor(ROWS * 2 / 3) + 1]);
  }, 180_000);
});
