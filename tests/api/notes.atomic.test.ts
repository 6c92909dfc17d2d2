import { describe, expect, it, vi } from 'vitest';
import type * as SearchModule from '../../db/memory/search.js';
import { testApp, type TestApp } from '../support/services.js';
import { indexed, rowCount } from './memory-support.js';

// An entry and its search document are written in one transaction: a failure after both
// writes (here: the index write succeeds, then throws) leaves neither behind.

const failure = vi.hoisted(() => ({ armed: false }));

vi.mock('../../db/memory/search.js', async (importOriginal) => {
  const original = await importOriginal<typeof SearchModule>();
  return {
    ...original,
    async indexDoc(...args: Parameters<typeof original.indexDoc>) {
      await original.indexDoc(...args);
      if (failure.armed) throw new Error('disk full right after the index write');
    },
    async reindexDoc(...args: Parameters<typeof original.reindexDoc>) {
      await original.reindexDoc(...args);
      if (failure.armed) throw new Error('disk full right after the index write');
    },
  };
});

const rows = async (app: TestApp) => ({
  entries: await app.archive.db.selectFrom('customer_entries').select(['id', 'text']).execute(),
  revisions: await rowCount(app, 'customer_entry_revisions'),
  search: (word: string) => indexed(app, word),
});

describe('writing an entry with its search row', () => {
  it('stores neither when the write fails half-way', async () => {
    const app = testApp();
    const c = await app.ok('customers.create', { customer: { givenName: 'Truus' } });
    failure.armed = true;
    try {
      expect((await app.fail('notes.add', { customerId: c.id, kind: 'note', text: 'Allergic to hazelnuts' })).code).toBe('internal');
    } finally {
      failure.armed = false;
    }
    expect((await rows(app)).entries).toEqual([]);
    expect(await (await rows(app)).search('hazelnuts')).toEqual([]);
    expect((await app.ok('customers.search', { query: 'hazelnuts' })).notes).toEqual([]);
  });

  it('keeps the old version and its search row when an edit fails half-way', async () => {
    const app = testApp();
    const c = await app.ok('customers.create', { customer: { givenName: 'Truus' } });
    const e = await app.ok('notes.add', { customerId: c.id, kind: 'note', text: 'Likes rye' });
    failure.armed = true;
    try {
      expect((await app.fail('notes.edit', { id: e.id, text: 'Likes spelt' })).code).toBe('internal');
      expect((await app.fail('facts.add', { customerId: c.id, text: 'Gluten-free' })).code).toBe('internal');
      expect((await app.fail('notes.setStatus', { id: (await rawWish(app, c.id)), status: 'fulfilled' })).code).toBe('internal');
    } finally {
      failure.armed = false;
    }
    const after = await rows(app);
    expect(after.entries).toContainEqual({ id: e.id, text: 'Likes rye' });
    expect(after.revisions).toBe(0);
    expect(await after.search('rye')).toHaveLength(1);
    expect(await after.search('spelt')).toEqual([]);
    expect(await after.search('gluten')).toEqual([]);
    expect(await app.ok('facts.list', { customerId: c.id })).toEqual([]);
    expect((await app.ok('wishes.list', {})).items.map((w) => w.status)).toEqual(['open']);
  });
});

/** A wish written while the failure is armed would fail too: write it through SQL. */
async function rawWish(app: TestApp, customerId: number): Promise<number> {
  const row = await app.archive.db
    .insertInto('customer_entries')
    .values({ customer_id: customerId, kind: 'wish', text: 'sofa', staff: '', status: 'open', at: 1, created_at: 1, updated_at: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
