import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { COPIED_TABLES } from '../../db/copy/tables.js';
import { ARCHIVE_FILE } from '../../main/node/data-dir.js';
import { seedArchive } from '../../main/node/seed.js';
import { testApp, type TestApp } from './services.js';

// A small shop with something in every table a copy carries (db/copy/tables.ts), for the
// tests of moving an archive between the engines and of the server's backups: seeded
// customers, purchases over two years, a redemption, an undone purchase, an adjustment,
// notes, a wish, facts, tags, follow-ups, custom fields, a referral pointing at a later
// customer, a merge, an erasure, an archived customer and a classified pyramid.

const day = (date: string) => Date.parse(`${date}T10:00:00Z`);

export interface CopyShop {
  dataDir: string;
  file: string;
  /** A customer with purchases and notes, and the words of one note. */
  regular: number;
  noteWord: string;
}

/** Builds the shop in `dataDir`'s archive file and closes it (nothing holds the file open afterwards). */
export async function buildCopyShop(dataDir: string, count = 200): Promise<CopyShop> {
  const app = testApp({ dataDir, manual: true });
  try {
    await seedArchive(app.archive, { count, now: app.now.value });
    const ids = (await app.archive.db.selectFrom('customers').select('id').orderBy('id').execute()).map((r) => r.id);
    const reward = await app.ok('loyalty.saveReward', { name: 'Free loaf', cost: 3, kind: 'free_item' });
    const months = ['2025-01-15', '2025-06-03', '2025-12-24', '2026-03-08', '2026-07-19', '2026-11-02'];
    for (let i = 0; i < 40; i++) {
      for (let m = 0; m <= i % months.length; m++) await buy(app, ids[i]!, 10 + (i % 7) * 5, months[m]!);
    }
    const regular = ids[5]!;
    await app.ok('loyalty.redeem', { customerId: regular, rewardId: reward.id, idempotencyKey: 'copy-shop-1' });
    const wrong = await app.ok('loyalty.recordPurchase', { customerId: ids[7]!, amount: '99,00', locale: 'nl', description: 'typo' });
    await app.ok('loyalty.undoLast', { customerId: ids[7]!, visitId: wrong.visit.id });
    await app.ok('loyalty.adjust', { customerId: ids[8]!, amount: 4, reason: 'welcome back' });
    await app.ok('notes.add', { customerId: regular, kind: 'note', text: 'Always the sourdough, sliced thin' });
    await app.ok('notes.add', { customerId: ids[9]!, kind: 'wish', text: 'Rye sourdough on Saturdays' });
    await app.ok('notes.add', { customerId: ids[10]!, kind: 'complaint', text: 'Stale croissants' });
    await app.ok('facts.add', { customerId: regular, text: 'Allergisch voor noten' });
    for (const id of ids.slice(0, 12)) await app.ok('tags.add', { customerId: id, name: 'Glutenvrij' });
    await app.ok('tags.add', { customerId: ids[3]!, name: 'Poetry' });
    await app.ok('followups.add', { customerId: regular, text: 'Bellen als de stof binnen is', dueOn: '2026-12-01' });
    const author = await app.ok('fields.define', { name: 'Favourite author', kind: 'text' });
    const size = await app.ok('fields.define', { name: 'Size', kind: 'choice', options: ['S', 'M', 'L'] });
    const medium = size.options.find((o) => o.label === 'M')!;
    await app.ok('fields.setValues', { customerId: regular, values: { [author.id]: 'Mulisch', [size.id]: medium.id } });
    // Referred by someone who came later: a self-reference pointing forward.
    await app.ok('customers.setReferrer', { id: ids[1]!, referrerId: ids[ids.length - 1]! });
    await app.ok('privacy.merge', { survivorId: ids[11]!, mergedId: ids[12]! });
    await app.ok('privacy.erase', { customerId: ids[13]!, confirm: true });
    await app.ok('customers.archive', { id: ids[14]! });
    await app.ok('customers.create', { customer: { givenName: 'José', namePrefix: 'van den', familyName: 'Berg', phones: ['06-12345678'] } });
    await app.ok('insights.pyramid', { period: { from: '2026-01', to: '2026-11' } });
    return { dataDir, file: path.join(dataDir, ARCHIVE_FILE), regular, noteWord: 'sourdough' };
  } finally {
    await app.dispose();
  }
}

async function buy(app: TestApp, customerId: number, euros: number, date: string): Promise<void> {
  const keep = app.now.value;
  app.now.value = day(date);
  await app.ok('loyalty.recordPurchase', { customerId, amount: `${euros},00`, locale: 'nl', description: 'brood' });
  app.now.value = keep;
}

/**
 * Every row of every copied table, in key order: what two archives must hold alike.
 * insight_state is left out: a copy forgets the classification window on purpose.
 */
export async function archiveRows(db: Kysely<DB>): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of COPIED_TABLES) {
    if (table.name === 'insight_state') continue;
    const { rows } = await sql`SELECT * FROM ${sql.table(table.name)} ORDER BY ${sql.join(table.key.map((k) => sql.ref(k)))}`.execute(db);
    out[table.name] = rows;
  }
  return out;
}
