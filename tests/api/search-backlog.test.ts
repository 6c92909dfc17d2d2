import { describe, expect, it } from 'vitest';
import { indexPending } from '../../main/api/customers/search-indexing.js';
import { openServices } from '../../main/node/services.js';
import { confSettings } from '../../main/node/conf-settings.js';
import { testApp, type TestApp } from '../support/services.js';
import { backlogCount, checkSearchIndex, indexedByName, requeueAll } from '../support/search-backlog.js';
import { onServer } from '../support/engine.js';
import { testDatabaseUrl } from '../support/postgres-each.js';
import { finished, upload } from './exchange-support.js';

// A large import queues its customers for the counter-search index and the index follows
// in short transactions (db/customers/search-backlog.ts, main/api/customers/search-indexing.ts).
// The counter search across both states is tested case by case in search.test.ts.

const names = async (app: TestApp, query: string) => (await app.ok('customers.search', { query })).hits.map((h) => h.displayName);

async function importNames(app: TestApp, count: number) {
  const rows = Array.from({ length: count }, (_, i) => `Klant${i};Achternaam${i};06-${String(10_000_000 + i)}`);
  const file = await upload(app, ['Voornaam;Achternaam;Telefoon', ...rows].join('\r\n'));
  const job = await finished(app, await app.ok('exchange.import', { uploadId: file.uploadId, mapping: file.mapping, dateOrder: 'dmy' }));
  expect(job).toMatchObject({ state: 'done', result: { imported: count } });
}

describe('customers queued for the search index', () => {
  it('are found from the moment the import is done, and written into the index soon after', async () => {
    const app = testApp();
    await importNames(app, 450);
    expect(await names(app, 'klant449')).toEqual(['Klant449 Achternaam449']);
    expect(await names(app, '06-10000007')).toEqual(['Klant7 Achternaam7']);
    await indexPending(app.archive);
    expect(await backlogCount(app)).toBe(0);
    await checkSearchIndex(app);
    expect(await names(app, 'klant449')).toEqual(['Klant449 Achternaam449']);
    expect((await names(app, 'achternaam12'))[0]).toBe('Klant12 Achternaam12');
    // Each is a prospect in the pyramid, as a customer made at the counter would be.
    const pyramid = await app.ok('insights.pyramid', {});
    expect(pyramid.layers.find((l) => l.layer === 'prospect')?.customers).toBe(450);
  });

  it('are written once, whatever happens to them at the counter meanwhile', async () => {
    const app = testApp();
    const add = (givenName: string, familyName: string) => app.ok('customers.create', { customer: { givenName, familyName } });
    const seen = await add('Gezien', 'Aande Toonbank');
    const edited = await add('Veranderd', 'Eerder');
    const erased = await add('Gewist', 'Vergeten');
    await add('Gewoon', 'Wachtend');
    await requeueAll(app);
    expect(await backlogCount(app)).toBe(4);
    // A search first, so their documents are made before anything changes.
    expect(await names(app, 'eerder')).toEqual(['Veranderd Eerder']);

    await app.ok('customers.get', { id: seen.id, markSeen: true });
    await app.ok('customers.update', { id: edited.id, customer: { givenName: 'Veranderd', familyName: 'Later' } });
    await app.ok('privacy.erase', { customerId: erased.id, confirm: true });
    expect(await backlogCount(app)).toBe(1);
    expect(await names(app, 'toonbank')).toEqual(['Gezien Aande Toonbank']);
    expect(await names(app, 'later')).toEqual(['Veranderd Later']);
    expect(await names(app, 'eerder')).toEqual([]);
    expect(await names(app, 'vergeten')).toEqual([]);
    expect(await names(app, 'wachtend')).toEqual(['Gewoon Wachtend']);
    // Typing the same name into the new-customer form warns of the likely duplicate.
    const duplicates = await app.ok('customers.duplicates', { givenName: 'Gewoon', familyName: 'Wachtend', phones: [], email: '' });
    expect(duplicates.map((d) => [d.displayName, d.reasons])).toEqual([['Gewoon Wachtend', ['name']]]);

    await indexPending(app.archive);
    expect(await backlogCount(app)).toBe(0);
    await checkSearchIndex(app);
    for (const [query, found] of [['toonbank', ['Gezien Aande Toonbank']], ['later', ['Veranderd Later']], ['eerder', []], ['vergeten', []],
      ['wachtend', ['Gewoon Wachtend']]] as const) {
      expect(await names(app, query), query).toEqual(found);
    }
  });

  it('queued by one till are found on the other at once, and still once each after the first till writes them', async () => {
    const first = testApp();
    // On the server both tills share this test's database; on the file, the second opens the same file.
    const second = onServer ? testApp() : testApp({ dataDir: first.dataDir });
    for (const name of ['Anna', 'Bram', 'Cor']) await first.ok('customers.create', { customer: { givenName: name, familyName: 'Elders' } });
    await requeueAll(first);
    expect(await names(second, 'elders')).toEqual(['Cor Elders', 'Bram Elders', 'Anna Elders']);
    // The other till changes one meanwhile: it is found by its new name, and no longer by the old.
    const bram = (await second.ok('customers.search', { query: 'bram' })).hits[0]!;
    await second.ok('customers.update', { id: bram.id, customer: { givenName: 'Bram', familyName: 'Anders' } });
    expect(await names(first, 'anders')).toEqual(['Bram Anders']);
    expect(await names(first, 'elders')).toEqual(['Cor Elders', 'Anna Elders']);

    await indexPending(first.archive);
    expect(await backlogCount(second)).toBe(0);
    await checkSearchIndex(second);
    for (const app of [first, second]) {
      expect(await names(app, 'elders')).toEqual(['Cor Elders', 'Anna Elders']);
      expect(await names(app, 'anders')).toEqual(['Bram Anders']);
    }
  });

  it('left queued when the app closed are written when it starts again', async () => {
    const app = testApp({ manual: true });
    for (const name of ['Anna', 'Bram', 'Cor']) await app.ok('customers.create', { customer: { givenName: name, familyName: 'Terug' } });
    await requeueAll(app);
    await app.close();

    const again = openServices({
      dataDir: app.dataDir, mode: 'web', settings: (dir) => confSettings(dir, 'nl-NL'), log: () => {},
      ...(onServer ? { databaseUrl: testDatabaseUrl(), till: 'test' } : {}),
    });
    const stop = again.startMaintenance();
    try {
      for (let waited = 0; (await backlogCount(again)) > 0 && waited < 5000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(await backlogCount(again)).toBe(0);
      expect(await indexedByName(again, 'terug')).toBe(3);
    } finally {
      await stop();
      await again.close();
      await app.dispose().catch(() => {});
    }
  });
});
