import { sql, type RawBuilder } from 'kysely';
import { describe, expect, it } from 'vitest';
import { entryDoc } from '../../db/memory/entries.js';
import { docKey, indexDocs } from '../../db/memory/search.js';
import { onServer } from '../support/engine.js';
import { testApp, type TestApp } from '../support/services.js';
import { indexed, rowCount } from './memory-support.js';

async function customer(app: TestApp, givenName: string, familyName = '', extra: Record<string, unknown> = {}) {
  return app.ok('customers.create', { customer: { givenName, familyName, ...extra } as never });
}

const entryCount = (app: TestApp) => rowCount(app, 'customer_entries');

/** Entries written straight to the table (far faster than one call each), in one transaction; their ids in order. */
async function insertEntries(app: TestApp, rows: readonly { customer_id: number; kind: 'note' | 'conversation'; text: string; at: number }[]): Promise<number[]> {
  return app.archive.db.transaction().execute(async (trx) => {
    const ids: number[] = [];
    // Chunks below SQLite's limit on bound parameters.
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000).map((r) => ({ ...r, staff: '', created_at: 1, updated_at: 1 }));
      const inserted = await trx.insertInto('customer_entries').values(chunk).returning('id').execute();
      ids.push(...inserted.map((r) => r.id));
    }
    return ids;
  });
}

/** What the engine's planner does with a query, as one line of text. */
async function plan(app: TestApp, query: RawBuilder<unknown>): Promise<string> {
  const { rows } = await sql<Record<string, string>>`EXPLAIN ${onServer ? sql`` : sql`QUERY PLAN`} ${query}`.execute(app.archive.db);
  return rows.map((r) => (onServer ? r['QUERY PLAN'] : r.detail)).join(' | ');
}

describe('the timeline', () => {
  it('keeps every kind, newest first, with who wrote it', async () => {
    const app = testApp();
    await app.ok('settings.update', { staff: ['Anna', 'Bram'], currentStaff: 'Anna' });
    const c = await customer(app, 'Truus', 'Bakker');
    const note = await app.ok('notes.add', { customerId: c.id, kind: 'note', text: '  Always the sourdough, sliced.  ' });
    app.now.value += 60_000;
    const complaint = await app.ok('notes.add', { customerId: c.id, kind: 'complaint', text: 'Bread was stale', staff: 'Bram' });
    app.now.value += 60_000;
    const feedback = await app.ok('notes.add', { customerId: c.id, kind: 'feedback', text: 'Loved the new rye', score: 5 });
    app.now.value += 60_000;
    const wish = await app.ok('notes.add', { customerId: c.id, kind: 'wish', text: 'Blue velvet sofa' });
    const talk = await app.ok('notes.add', { customerId: c.id, kind: 'conversation', text: 'Talked about her holiday', at: note.at - 86_400_000 });

    expect(note).toMatchObject({ kind: 'note', text: 'Always the sourdough, sliced.', staff: 'Anna', status: null, score: null, revisions: [], editedAt: null, deletedAt: null, contact: null });
    expect(complaint).toMatchObject({ kind: 'complaint', staff: 'Bram', status: 'open', resolution: '' });
    expect(feedback).toMatchObject({ kind: 'feedback', score: 5, status: null });
    expect(wish).toMatchObject({ kind: 'wish', status: 'open' });

    const page = await app.ok('notes.timeline', { customerId: c.id });
    expect(page.items.map((e) => e.id)).toEqual([wish.id, feedback.id, complaint.id, note.id, talk.id]);
    expect(page).toMatchObject({ total: 5, next: null });
  });

  it.each([
    [{ kind: 'note', text: '   ' }, 'text', 'required'],
    [{ kind: 'note', text: 'x'.repeat(2001) }, 'text', 'too_long'],
    [{ kind: 'feedback', text: 'Fine' }, 'score', 'required'],
    [{ kind: 'feedback', text: 'Fine', score: 6 }, 'score', 'out_of_range'],
    [{ kind: 'feedback', text: 'Fine', score: 2.5 }, 'score', 'out_of_range'],
    [{ kind: 'note', text: 'Fine', score: 3 }, 'score', 'invalid'],
    [{ kind: 'gossip', text: 'Fine' }, 'kind', 'invalid'],
    [{ kind: 'note', text: 'Fine', channel: 'sms' }, 'channel', 'invalid'],
  ])('refuses %j at the field, storing nothing', async (entry, field, code) => {
    const app = testApp();
    const c = await customer(app, 'Jan');
    const error = await app.fail('notes.add', { customerId: c.id, ...entry });
    expect(error.code).toBe('validation');
    expect(error.fields?.[field]?.code).toBe(code);
    expect(await entryCount(app)).toBe(0);
  });

  it('refuses a time in the future and an unknown customer', async () => {
    const app = testApp();
    const c = await customer(app, 'Jan');
    expect((await app.fail('notes.add', { customerId: c.id, kind: 'note', text: 'x', at: app.now.value + 3_600_000 })).fields?.at?.code).toBe('out_of_range');
    expect((await app.fail('notes.add', { customerId: 999, kind: 'note', text: 'x' })).code).toBe('not_found');
    expect(await entryCount(app)).toBe(0);
  });

  it('keeps the earlier text visible when an entry is edited, and searches the new one', async () => {
    const app = testApp();
    const c = await customer(app, 'Kees');
    const first = await app.ok('notes.add', { customerId: c.id, kind: 'note', text: 'Likes rye bread', staff: 'Anna' });
    app.now.value += 1000;
    const second = await app.ok('notes.edit', { id: first.id, text: 'Likes spelt bread', staff: 'Bram' });
    app.now.value += 1000;
    const third = await app.ok('notes.edit', { id: first.id, text: 'Likes spelt bread, sliced thin' });

    expect(second).toMatchObject({ text: 'Likes spelt bread', staff: 'Anna', editedStaff: 'Bram', editedAt: expect.any(Number) });
    expect(third.revisions).toEqual([
      { text: 'Likes rye bread', score: null, at: first.at, staff: 'Anna', writtenAt: first.createdAt, replacedAt: second.editedAt },
      { text: 'Likes spelt bread', score: null, at: first.at, staff: 'Bram', writtenAt: second.editedAt, replacedAt: third.editedAt },
    ]);
    expect((await app.ok('notes.timeline', { customerId: c.id })).items[0]!.revisions).toHaveLength(2);
    // Saving the same text again is not a new version.
    expect((await app.ok('notes.edit', { id: first.id, text: 'Likes spelt bread, sliced thin' })).revisions).toHaveLength(2);
    expect(await indexed(app, 'rye')).toEqual([]);
    expect(await indexed(app, 'spelt')).toHaveLength(1);
    // History is append-only.
    await expect(sql`UPDATE customer_entry_revisions SET text = 'x'`.execute(app.archive.db)).rejects.toThrow(/append-only/);
    expect((await app.fail('notes.edit', { id: first.id, text: '' })).fields?.text?.code).toBe('required');
  });

  it('edits a feedback score, and refuses a score on other kinds', async () => {
    const app = testApp();
    const c = await customer(app, 'Kees');
    const f = await app.ok('notes.add', { customerId: c.id, kind: 'feedback', text: 'ok', score: 2 });
    expect(await app.ok('notes.edit', { id: f.id, text: 'ok', score: 4 })).toMatchObject({ score: 4, revisions: [{ score: 2 }] });
    const n = await app.ok('notes.add', { customerId: c.id, kind: 'note', text: 'n' });
    expect((await app.fail('notes.edit', { id: n.id, text: 'n', score: 4 })).fields?.score?.code).toBe('invalid');
  });

  it('deletes with undo: the entry leaves the timeline and the search, and restore brings both back', async () => {
    const app = testApp();
    const c = await customer(app, 'Kees');
    const e = await app.ok('notes.add', { customerId: c.id, kind: 'note', text: 'Collects vintage bikes' });
    const deleted = await app.ok('notes.delete', { id: e.id });
    expect(deleted.deletedAt).toEqual(expect.any(Number));
    expect((await app.ok('notes.timeline', { customerId: c.id })).items).toEqual([]);
    expect((await app.ok('customers.search', { query: 'vintage' })).notes).toEqual([]);
    expect((await app.fail('notes.edit', { id: e.id, text: 'x' })).code).toBe('not_found');

    const restored = await app.ok('notes.restore', { id: e.id });
    expect(restored).toMatchObject({ id: e.id, deletedAt: null, text: 'Collects vintage bikes' });
    expect((await app.ok('notes.timeline', { customerId: c.id })).items.map((i) => i.id)).toEqual([e.id]);
    expect((await app.ok('customers.search', { query: 'vintage' })).notes.map((n) => n.entryId)).toEqual([e.id]);
    // Twice is the same as once.
    await app.ok('notes.restore', { id: e.id });
    expect(await indexed(app, 'vintage')).toHaveLength(1);
  });

  it('resolves a complaint with what was done, fulfils a wish, and refuses a status that does not fit', async () => {
    const app = testApp();
    const c = await customer(app, 'Kees');
    const complaint = await app.ok('notes.add', { customerId: c.id, kind: 'complaint', text: 'Cake was dry' });
    const resolved = await app.ok('notes.setStatus', { id: complaint.id, status: 'resolved', resolution: 'Gave a new cake', staff: 'Anna' });
    expect(resolved).toMatchObject({ status: 'resolved', resolution: 'Gave a new cake', statusStaff: 'Anna', statusAt: expect.any(Number) });
    expect(await app.ok('notes.setStatus', { id: complaint.id, status: 'open' })).toMatchObject({ status: 'open', resolution: '' });
    expect((await app.fail('notes.setStatus', { id: complaint.id, status: 'fulfilled' })).fields?.status?.code).toBe('invalid');

    const wish = await app.ok('notes.add', { customerId: c.id, kind: 'wish', text: 'Poetry by Rutger Kopland' });
    expect(await app.ok('notes.setStatus', { id: wish.id, status: 'fulfilled' })).toMatchObject({ status: 'fulfilled' });
    const note = await app.ok('notes.add', { customerId: c.id, kind: 'note', text: 'n' });
    expect((await app.fail('notes.setStatus', { id: note.id, status: 'resolved' })).fields?.status?.code).toBe('invalid');
    expect((await app.fail('notes.setStatus', { id: 12345, status: 'resolved' })).code).toBe('not_found');
  });

  it('pages a long timeline newest first with a cursor, every entry exactly once', async () => {
    const app = testApp();
    const c = await customer(app, 'Regular');
    const other = await customer(app, 'Other');
    // 5,000 entries, many sharing a time (the cursor must break ties by id).
    await insertEntries(app, [
      ...Array.from({ length: 5000 }, (_, i) => ({
        customer_id: c.id, kind: i % 7 === 0 ? 'conversation' as const : 'note' as const, text: `entry ${i}`, at: 1_700_000_000_000 + Math.floor(i / 3) * 1000,
      })),
      ...Array.from({ length: 10 }, (_, i) => ({ customer_id: other.id, kind: 'note' as const, text: `other ${i}`, at: 1_700_000_000_000 })),
    ]);

    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    let lastKey: [number, number] = [Infinity, Infinity];
    do {
      const page: Awaited<ReturnType<typeof app.ok<'notes.timeline'>>> = await app.ok('notes.timeline', { customerId: c.id, cursor, limit: 100 });
      expect(page.total).toBe(pages === 0 ? 5000 : null);
      for (const item of page.items) {
        expect(item.customerId).toBe(c.id);
        const key: [number, number] = [item.at, item.id];
        expect(key[0] < lastKey[0] || (key[0] === lastKey[0] && key[1] < lastKey[1])).toBe(true);
        lastKey = key;
        seen.push(item.id);
      }
      cursor = page.next;
      pages++;
    } while (cursor !== null);
    expect(pages).toBe(50);
    expect(new Set(seen).size).toBe(5000);

    // Any page is read from the index, never by sorting the timeline.
    const page = await plan(app, sql`SELECT * FROM customer_entries WHERE customer_id = ${c.id} AND deleted_at IS NULL
      AND (at, id) < (${1_700_000_500_000}, ${9999}) ORDER BY at DESC, id DESC LIMIT 101`);
    expect(page).toMatch(onServer ? /Index Scan Backward using customer_entries_timeline/ : /USING INDEX customer_entries_timeline/);
    expect(page).not.toMatch(onServer ? /Sort/ : /TEMP B-TREE/);

    const talks = await app.ok('notes.timeline', { customerId: c.id, kinds: ['conversation'], limit: 200 });
    expect(talks.total).toBe(Math.ceil(5000 / 7));
    expect(talks.items.every((i) => i.kind === 'conversation')).toBe(true);
    expect((await app.fail('notes.timeline', { customerId: c.id, cursor: 'x; DROP TABLE' })).fields?.cursor?.code).toBe('invalid');
  });
});

describe('note search at the counter', () => {
  async function shop() {
    const app = testApp();
    const truus = await customer(app, 'Truus', 'Bakker');
    const jose = await customer(app, 'José', 'Sourdough');
    const kees = await customer(app, 'Kees', 'Jansen');
    const gone = await customer(app, 'Gone', 'Away');
    await app.ok('notes.add', { customerId: truus.id, kind: 'note', text: 'Always takes the SOURDOUGH, sliced. Pays cash.' });
    await app.ok('notes.add', { customerId: kees.id, kind: 'wish', text: 'Asked for crème brûlée on Sundays' });
    await app.ok('notes.add', { customerId: gone.id, kind: 'note', text: 'sourdough lover' });
    await app.ok('customers.archive', { id: gone.id });
    return { app, truus, jose, kees, gone };
  }

  it('finds customers by what is written about them, accent- and case-blind, with the matching word in context', async () => {
    const { app, truus, kees } = await shop();
    const result = await app.ok('customers.search', { query: 'sourdough' });
    // José is a name hit, so he is not repeated in the notes group; the archived customer is left out.
    expect(result.hits.map((h) => h.displayName)).toEqual(['José Sourdough']);
    expect(result.notes).toEqual([{
      customerId: truus.id, displayName: 'Truus Bakker', kind: 'note', entryId: expect.any(Number), fieldName: null,
      snippet: { before: 'Always takes the ', match: 'SOURDOUGH', after: ', sliced. Pays cash.' }, at: expect.any(Number),
    }]);
    for (const q of ['creme brulee', 'CRÈME', 'brûl']) {
      const hits = (await app.ok('customers.search', { query: q })).notes;
      expect(hits.map((h) => [h.customerId, h.kind]), q).toEqual([[kees.id, 'wish']]);
    }
    expect((await app.ok('customers.search', { query: 'brulee' })).notes[0]!.snippet).toEqual({ before: 'Asked for crème ', match: 'brûlée', after: ' on Sundays' });
  });

  it('cuts a long note around the match', async () => {
    const app = testApp();
    const c = await customer(app, 'Long');
    const text = `${'word '.repeat(40)}the velvet sofa in blue ${'more '.repeat(40)}`;
    await app.ok('notes.add', { customerId: c.id, kind: 'note', text });
    const [hit] = (await app.ok('customers.search', { query: 'velvet sofa' })).notes;
    expect(hit!.snippet.match).toBe('velvet');
    expect(hit!.snippet.before.startsWith('…')).toBe(true);
    expect(hit!.snippet.after.endsWith('…')).toBe(true);
    expect(hit!.snippet.before.length).toBeLessThanOrEqual(41);
  });

  it('lists each customer once, newest note first, at most `notes` of them', async () => {
    const app = testApp();
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) {
      const c = await customer(app, `Klant${i}`);
      ids.push(c.id);
      for (let j = 0; j < 3; j++) await app.ok('notes.add', { customerId: c.id, kind: 'note', text: `poetry evening ${j}` });
    }
    const notes = (await app.ok('customers.search', { query: 'poetry' })).notes;
    expect(notes.map((n) => n.customerId)).toEqual(ids.slice().reverse().slice(0, 8));
    expect((await app.ok('customers.search', { query: 'poetry', notes: 3 })).notes).toHaveLength(3);
    expect((await app.ok('customers.search', { query: 'poetry', notes: 0 })).notes).toEqual([]);
  });

  it('finds the others when one customer has thousands of newer matching notes', async () => {
    const app = testApp();
    const others: number[] = [];
    for (let i = 0; i < 9; i++) {
      const c = await customer(app, `Other${i}`);
      others.push(c.id);
      await app.ok('notes.add', { customerId: c.id, kind: 'note', text: 'Zanzibar trip' });
    }
    const regular = await customer(app, 'Regular');
    // 3,000 newer notes of one customer, bulk-loaded with their index rows.
    const ids = await insertEntries(app, Array.from({ length: 3000 }, (_, i) => ({ customer_id: regular.id, kind: 'note' as const, text: `Zanzibar spices ${i}`, at: 1 })));
    const doc = entryDoc({ customer_id: regular.id, kind: 'note', status: null, text: 'Zanzibar spices', resolution: '' });
    await app.archive.db.transaction().execute((trx) => indexDocs(trx, ids.map((id) => ({ key: docKey('entry', id), doc }))));
    const notes = (await app.ok('customers.search', { query: 'zanzibar' })).notes.map((n) => n.customerId);
    expect(notes).toEqual([regular.id, ...others.slice(2).reverse()]);
  });

  it('is not asked for short words, phone numbers or e-mail, and typed FTS syntax is only text', async () => {
    const { app } = await shop();
    for (const q of ['so', 'de en', '0612345678', '+31 6 12', 'sour@x.nl']) {
      expect((await app.ok('customers.search', { query: q })).notes, q).toEqual([]);
    }
    for (const q of ['"sourdough', 'sourdough*', 'sourdough OR NEAR(x)', 'body: sourdough', '{meta} : wish', 'sour)dough(']) {
      const result = await app.api.call('customers.search', { query: q });
      expect(result.ok, q).toBe(true);
    }
    expect((await app.ok('customers.search', { query: 'sourdough*' })).notes).toHaveLength(1);
  });

  it('keeps a whole card number the fast path, with no notes', async () => {
    const { app, truus } = await shop();
    const result = await app.ok('customers.search', { query: truus.cardNumber });
    expect(result.card?.id).toBe(truus.id);
    expect(result.notes).toEqual([]);
  });
});
