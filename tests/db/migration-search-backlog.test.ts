import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/open.js';
import { migrations } from '../../db/migrations/index.js';
import { migration010 } from '../../db/migrations/010_search_backlog.js';
import { tempDir } from '../support/services.js';

describe('the search backlog migration', () => {
  it('adds the backlog to an archive holding customers, and a new customer still becomes a prospect', async () => {
    const file = path.join(tempDir(), 'a.sqlite');
    const before = openArchive(file, { migrations: migrations.filter((m) => m.version < migration010.version) });
    const customer = before.sqlite.prepare(`INSERT INTO customers (given_name, card_number, search_key, created_at, updated_at, last_seen_at)
      VALUES (?, ?, ?, 1, 1, 1)`);
    customer.run('Truus', 'CARD-1', 1);
    customer.run('Kees', 'CARD-2', 2);
    const version = before.sqlite.prepare('SELECT version FROM insight_state').pluck();
    const versionBefore = version.get() as number;
    await before.close();

    const after = openArchive(file, { migrations: migrations.filter((m) => m.version <= migration010.version) });
    expect(after.schemaVersion).toBe(migration010.version);
    const segments = after.sqlite.prepare("SELECT customer_id FROM customer_segments WHERE layer = 'prospect' ORDER BY 1").pluck();
    expect(segments.all()).toEqual([1, 2]);
    expect(after.sqlite.prepare('SELECT count(*) FROM search_backlog').pluck().get()).toBe(0);
    expect(after.sqlite.prepare('SELECT bulk_load FROM insight_state').pluck().get()).toBe(0);

    // Outside an import the insert trigger works as before: a prospect row, a new version.
    after.sqlite.prepare(`INSERT INTO customers (given_name, card_number, search_key, created_at, updated_at, last_seen_at)
      VALUES ('Anna', 'CARD-3', 3, 1, 1, 1)`).run();
    expect(segments.all()).toEqual([1, 2, 3]);
    expect(version.get()).toBe(versionBefore + 1);
    // Inside one it stands aside; the import adds the rows itself.
    after.sqlite.exec('UPDATE insight_state SET bulk_load = 1');
    after.sqlite.prepare(`INSERT INTO customers (given_name, card_number, search_key, created_at, updated_at, last_seen_at)
      VALUES ('Bram', 'CARD-4', 4, 1, 1, 1)`).run();
    expect(segments.all()).toEqual([1, 2, 3]);
    expect(() => after.sqlite.exec('UPDATE insight_state SET bulk_load = 2')).toThrow(/CHECK/);
    const queue = after.sqlite.prepare('INSERT INTO search_backlog (search_key) VALUES (?)');
    queue.run(4);
    expect(() => queue.run(4)).toThrow(/UNIQUE|PRIMARY/);
    await after.close();
  });
});
