import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../db/schema.js';
import { openArchive } from '../../db/open.js';
import { migrations } from '../../db/migrations/index.js';
import { postgresMigrations } from '../../db/migrations/postgres/index.js';
import { migratePostgres } from '../../db/migrations/postgres/run.js';
import { migration016 } from '../../db/migrations/016_memory_search_postgres.js';
import { entryDoc, insertEntry } from '../../db/memory/entries.js';
import { insertFact } from '../../db/memory/facts.js';
import { insertField, setValue } from '../../db/memory/fields.js';
import { docKey, factDoc, fieldDoc, noteTokens, searchNotes, type MemoryDoc } from '../../db/memory/search.js';
import { postgresAvailable, postgresKysely, startPostgres, type TestPostgres } from '../support/postgres.js';
import { tempDir } from '../support/services.js';

// Migration 016: the notes search index on PostgreSQL, a no-op on SQLite. On either engine
// what was written before the step is found after it, accent- and case-blind by word starts;
// on PostgreSQL the step indexes the texts already there exactly as the app would have.

const before016 = <T extends { version: number }>(steps: readonly T[]) => steps.filter((m) => m.version < migration016.version);
const upTo016 = <T extends { version: number }>(steps: readonly T[]) => steps.filter((m) => m.version <= migration016.version);

/** Texts that fold: accents, capitals, ß, apostrophes, a ligature, punctuation, Greek. */
const NOTE = "Crème BRÛLÉE voor Zoë d'Hondt — ﬁjne Straße, ΟΔΟΣ!";

async function addCustomer(db: Kysely<DB>, name: string, key: number): Promise<number> {
  const row = await db.insertInto('customers')
    .values({ given_name: name, card_number: `CARD-${name}`, search_key: key, created_at: 1, updated_at: 1, last_seen_at: 1 } as never)
    .returning('id').executeTakeFirstOrThrow();
  return row.id;
}

const searched = async (db: Kysely<DB>, query: string, meta?: string) =>
  (await searchNotes(db, noteTokens(query)!, { limit: 10, allPerCustomer: true, ...(meta ? { meta } : {}) })).map((r) => [r.source, r.sourceId, r.text]);

describe('the notes search migration (016)', () => {
  it('leaves a SQLite archive\'s notes index as it was', async () => {
    const file = path.join(tempDir(), 'a.sqlite');
    const old = openArchive(file, { migrations: before016(migrations) });
    const truus = await addCustomer(old.db, 'Truus', 1);
    const note = await insertEntry(old.db, { customer_id: truus, kind: 'note', text: NOTE, staff: '', at: 1, created_at: 1, updated_at: 1 });
    await old.close();

    const archive = openArchive(file, { migrations: upTo016(migrations) });
    try {
      expect(archive.schemaVersion).toBe(migration016.version);
      expect(await searched(archive.db, 'creme brul')).toEqual([['entry', note.id, NOTE]]);
      expect(await searched(archive.db, 'zoe dhondt')).toEqual([['entry', note.id, NOTE]]);
    } finally {
      await archive.close();
    }
  });

  describe.skipIf(!postgresAvailable())('on PostgreSQL', () => {
    let server: TestPostgres;
    const pools: Kysely<DB>[] = [];
    let databases = 0;

    beforeAll(async () => {
      server = await startPostgres();
    }, 120_000);

    afterAll(async () => {
      await Promise.all(pools.map((db) => db.destroy()));
      await server?.stop();
    });

    const database = async () => {
      const db = postgresKysely<DB>(await server.createDatabase(`memory_${++databases}`));
      pools.push(db);
      return db;
    };

    /** The index's rows as documents, by key. */
    const indexRows = async (db: Kysely<DB>) => {
      const { rows } = await sql<{ key: number; customer_id: number; meta: string[]; words: string[] }>`
        SELECT key, customer_id, meta, tsvector_to_array(words) AS words FROM memory_search ORDER BY key`.execute(db);
      return new Map(rows.map((r) => [Number(r.key), { customerId: Number(r.customer_id), meta: r.meta, words: [...r.words].sort() }]));
    };
    const asRow = (doc: MemoryDoc) => ({ customerId: doc.customerId, meta: [...doc.meta], words: [...doc.words].sort() });

    it('indexes the texts already on the server as the app would have: entries, facts, text and choice values', async () => {
      const db = await database();
      await migratePostgres(db, before016(postgresMigrations));
      const truus = await addCustomer(db, 'Truus', 1);
      const kees = await addCustomer(db, 'Kees', 2);
      // Written behind the app's back (a copy, a hand): at 015 the app could not write them.
      const entry = (values: { customer_id: number; kind: 'note' | 'wish' | 'complaint' | 'contact'; text: string; status?: 'open' | 'resolved'; resolution?: string; deleted_at?: number }) =>
        db.insertInto('customer_entries').values({ staff: '', at: 1, created_at: 1, updated_at: 1, ...values }).returningAll().executeTakeFirstOrThrow();
      const note = await entry({ customer_id: truus, kind: 'note', text: NOTE });
      const wish = await entry({ customer_id: kees, kind: 'wish', text: 'Blauwe fluwelen bank', status: 'open' });
      const complaint = await entry({ customer_id: kees, kind: 'complaint', text: 'Brood was oud', status: 'resolved', resolution: 'Nieuw zuurdesembrood gegeven' });
      const deleted = await entry({ customer_id: kees, kind: 'note', text: 'Verwijderde notitie', deleted_at: 5 });
      const contact = await entry({ customer_id: kees, kind: 'contact', text: '' });
      const fact = await db.insertInto('customer_facts').values({ customer_id: truus, text: 'Allergisch voor noten', position: 0, staff: '', created_at: 1, updated_at: 1 })
        .returningAll().executeTakeFirstOrThrow();
      const field = (name: string, kind: 'text' | 'choice' | 'number', options = '[]') =>
        db.insertInto('custom_fields').values({ name, kind, options, position: 0, created_at: 1, updated_at: 1 }).returningAll().executeTakeFirstOrThrow();
      const author = await field('Schrijver', 'text');
      const size = await field('Maat', 'choice', JSON.stringify([{ id: 1, label: 'Extra Groß' }, { id: 2, label: 'Klein' }]));
      const shoe = await field('Schoenmaat', 'number');
      const value = (customerId: number, fieldId: number, v: string) =>
        db.insertInto('customer_field_values').values({ customer_id: customerId, field_id: fieldId, value: v, updated_at: 1 }).returningAll().executeTakeFirstOrThrow();
      const authorValue = await value(truus, author.id, 'Hella S. Haasse');
      const sizeValue = await value(truus, size.id, '1');
      await value(truus, shoe.id, '39');
      const strayChoice = await value(kees, size.id, '9');

      expect(await migratePostgres(db)).toMatchObject({ from: migration016.version - 1 });

      // Exactly the documents the app writes (db/memory/search.ts), folded alike: nothing
      // for a deleted entry, an empty contact mark, a number, or a choice that is gone.
      const indexed = await indexRows(db);
      expect(indexed).toEqual(new Map([
        [docKey('entry', note.id), asRow(entryDoc(note))],
        [docKey('entry', wish.id), asRow(entryDoc(wish))],
        [docKey('entry', complaint.id), asRow(entryDoc(complaint))],
        [docKey('fact', fact.id), asRow(factDoc(truus, fact.text))],
        [docKey('field', authorValue.id), asRow(fieldDoc(truus, author.id, 'Hella S. Haasse'))],
        [docKey('field', sizeValue.id), asRow(fieldDoc(truus, size.id, 'Extra Groß'))],
      ]));
      for (const key of [docKey('entry', deleted.id), docKey('entry', contact.id), docKey('field', strayChoice.id)]) expect(indexed.has(key)).toBe(false);
      expect(indexed.get(docKey('entry', note.id))?.words).toEqual(['brulee', 'creme', 'dhondt', 'fijne', 'οδος', 'strasse', 'voor', 'zoe'].sort());

      // And the search finds them by word starts, accent- and case-blind.
      expect(await searched(db, 'creme brul')).toEqual([['entry', note.id, NOTE]]);
      expect(await searched(db, 'ZOË strasse')).toEqual([['entry', note.id, NOTE]]);
      expect(await searched(db, 'οδος')).toEqual([['entry', note.id, NOTE]]);
      expect(await searched(db, 'fluwelen', 'wishopen')).toEqual([['entry', wish.id, 'Blauwe fluwelen bank']]);
      expect(await searched(db, 'fluwelen', 'wishfulfilled')).toEqual([]);
      expect(await searched(db, 'zuurdesem')).toEqual([['entry', complaint.id, 'Brood was oud']]);
      expect(await searched(db, 'verwijderde')).toEqual([]);
      expect(await searched(db, 'allergisch')).toEqual([['fact', fact.id, 'Allergisch voor noten']]);
      expect(await searched(db, 'grOSS')).toEqual([['field', sizeValue.id, 'Extra Groß']]);
      expect(await searched(db, 'haasse')).toEqual([['field', authorValue.id, 'Hella S. Haasse']]);

      // What the app writes afterwards sits beside them.
      const later = await insertEntry(db, { customer_id: kees, kind: 'note', text: 'Ook crème fraîche', staff: '', at: 2, created_at: 2, updated_at: 2 });
      expect((await searched(db, 'creme')).map(([, id]) => id)).toEqual([later.id, note.id]);
    });

    it('makes an empty index on an empty archive, which the app then fills', async () => {
      const db = await database();
      await migratePostgres(db);
      expect((await indexRows(db)).size).toBe(0);
      const truus = await addCustomer(db, 'Truus', 1);
      const fact = await insertFact(db, truus, 'Houdt van Łódź', '', 1);
      const field = await insertField(db, { name: 'Kleur', kind: 'choice', options: [{ id: 1, label: 'Œuf-blauw' }] }, 1);
      await setValue(db, truus, field, '1', 1);
      expect(await searched(db, 'lodz')).toEqual([['fact', fact.id, 'Houdt van Łódź']]);
      expect((await searched(db, 'oeuf blauw')).map(([source, , text]) => [source, text])).toEqual([['field', 'Œuf-blauw']]);
    });
  });
});
