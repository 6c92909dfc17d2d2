// Child process of the customer-memory benchmark: fills a copy of the seeded customer
// archive with what a shop writes down about its customers, bulk-loaded through prepared
// statements in large transactions, each text indexed in memory_search as the handlers
// index it (entryDoc/docBody). Usage (normally through bench/memory-data.ts):
//   tsx bench/memory-generate.ts --file <archive> --customers N --notes M --seed S --now <ms> --marker <json>
//
// - visits: 45% of customers are regulars (3–40 visits at their own rhythm), the rest come
//   0–2 times; customer_visit_stats is then rebuilt from them (rebuildVisitStats).
// - timeline entries: M over two years, ids rising with time; who wrote about whom is skewed
//   (a few customers have hundreds of entries), and one customer has exactly 5,000.
//   Kinds: note 58%, conversation 18%, feedback 8%, wish 8%, complaint 5%, contact 3%;
//   92% of complaints resolved, 85% of wishes fulfilled.
// - facts for 15% of customers, tags for 30%, 25,000 follow-ups around today, two custom
//   fields (a text and a choice) with values for 8% and 20%.
// - 1% of customers archived at the end (left out of the name search as customers.archive
//   does), so that every list's "archived left out" is exercised.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { entryDoc } from '../db/memory/entries.js';
import { docKey, factDoc, fieldDoc, prepareMemoryIndexer } from '../db/memory/search.js';
import { rebuildVisitStats } from '../db/memory/visit-stats.js';
import { openArchive } from '../db/open.js';
import { addDays, dayOf } from '../main/core/days.js';
import { words } from '../main/core/text.js';
import { AUTHORS, TAGS, entryText, factText, type BenchKind } from './memory-text.js';
import { intBelow, pickOne, prng } from './stats.js';

/** Bumped whenever what is generated or indexed changes: an archive of another version is made again. */
export const GENERATOR_VERSION = 3;

export interface MemoryMarker {
  version: number;
  customers: number;
  notesTarget: number;
  seed: number;
  now: number;
  /** The customer with exactly 5,000 entries. */
  heavyCustomer: number;
  counts: { archived: number; entries: number; openComplaints: number; openWishes: number; facts: number; customerTags: number; followUps: number; fieldValues: number; visits: number; visitStats: number };
  seconds: Record<string, number>;
}

const DAY = 86_400_000;
const SPAN = 730 * DAY;
const HEAVY = 5000;
const BATCH = 50_000;
const STAFF = ['Anna', 'Bram', 'Cees', 'Dewi', ''];
const KINDS: readonly [BenchKind, number][] = [['note', 58], ['conversation', 18], ['feedback', 8], ['wish', 8], ['complaint', 5], ['contact', 3]];
const log = (message: string) => console.error(`bench:memory: ${message}`);

function weighted<T>(random: () => number, list: readonly [T, number][]): T {
  const total = list.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [value, w] of list) if ((r -= w) < 0) return value;
  return list[list.length - 1]![0];
}

export function generate(options: { file: string; customers: number; notes: number; seed: number; now: number }): MemoryMarker {
  const { customers: n, notes: m, now } = options;
  const archive = openArchive(options.file);
  const { sqlite } = archive;
  const got = sqlite.prepare('SELECT count(*) AS n, max(id) AS maxId FROM customers').get() as { n: number; maxId: number };
  if (got.n !== n || got.maxId !== n) throw new Error(`bench: expected customers 1..${n}, found ${got.n}`);
  if ((sqlite.prepare('SELECT count(*) FROM customer_entries').pluck().get() as number) > 0) throw new Error('bench: the archive already holds notes');
  sqlite.pragma('synchronous = OFF');
  const random = prng(options.seed ^ 0x6d656d6f);
  const seconds: Record<string, number> = {};
  const timed = <T>(step: string, work: () => T): T => {
    const t0 = performance.now();
    const out = work();
    seconds[step] = Number(((performance.now() - t0) / 1000).toFixed(1));
    log(`${step}: ${seconds[step]} s`);
    return out;
  };
  const index = prepareMemoryIndexer(sqlite);

  // --- visits, then the per-customer statistics -------------------------------------
  const visits = timed('visits', () => {
    const insert = sqlite.prepare("INSERT INTO visits (customer_id, kind, amount_cents, occurred_at) VALUES (?, 'purchase', ?, ?)");
    let count = 0;
    sqlite.transaction(() => {
      for (let c = 1; c <= n; c++) {
        const regular = random() < 0.45;
        const times = regular ? 3 + intBelow(random, 38) : intBelow(random, 3);
        const every = regular ? Math.round(3 + 57 * random() ** 2) : 30 + intBelow(random, 300);
        // The last visit: most recently, some long ago (they stopped coming).
        let t = now - Math.floor((random() < 0.7 ? 60 * random() : 400 * random()) * DAY);
        for (let i = 0; i < times; i++) {
          insert.run(c, 300 + intBelow(random, 6000), t - 36_000_000 + intBelow(random, 28_800_000));
          t -= Math.max(1, Math.round(every * (0.6 + 0.8 * random()))) * DAY;
          count++;
        }
      }
    })();
    return count;
  });
  const visitStats = timed('visit stats', () => sqlite.transaction(() => rebuildVisitStats(sqlite, now))());

  // --- timeline entries ----------------------------------------------------------------
  // Who is written about: skewed (Pareto-ish over a shuffled order), one customer exactly HEAVY.
  const heavy = 1 + intBelow(random, n);
  const stride = 2_654_435_761 % n || 1;
  const someone = () => {
    const rank = Math.floor(n * random() ** 1.6);
    const c = 1 + ((rank * stride) % n);
    return c === heavy ? 1 + ((c + 1) % n) : c;
  };
  const heavyAt = new Set<number>();
  while (heavyAt.size < HEAVY) heavyAt.add(intBelow(random, m));
  const counts = { archived: 0, entries: 0, openComplaints: 0, openWishes: 0, facts: 0, customerTags: 0, followUps: 0, fieldValues: 0, visits, visitStats };
  timed('entries', () => {
    const insert = sqlite.prepare(`INSERT INTO customer_entries (customer_id, kind, text, staff, at, score, status, resolution,
      status_at, status_staff, channel, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const start = now - SPAN;
    for (let from = 0; from < m; from += BATCH) {
      sqlite.transaction(() => {
        for (let i = from; i < Math.min(m, from + BATCH); i++) {
          const customer = heavyAt.has(i) ? heavy : someone();
          const kind = weighted(random, KINDS);
          const text = entryText(random, kind);
          const at = start + Math.floor((i / m) * SPAN) + intBelow(random, 600_000);
          let status: string | null = null;
          let resolution = '';
          if (kind === 'complaint') status = random() < 0.92 ? 'resolved' : 'open';
          if (kind === 'wish') status = random() < 0.85 ? 'fulfilled' : 'open';
          if (status === 'resolved') resolution = pickOne(random, ['Nieuwe gegeven', 'Geld terug', 'Excuses aangeboden', 'Replaced it']);
          if (status === 'open') counts[kind === 'complaint' ? 'openComplaints' : 'openWishes']++;
          const staff = pickOne(random, STAFF);
          const row = insert.run(
            customer, kind, text, staff, at, kind === 'feedback' ? 1 + intBelow(random, 5) : null, status, resolution,
            status && status !== 'open' ? at + DAY : null, status && status !== 'open' ? staff : null,
            kind === 'contact' ? pickOne(random, ['phone', 'whatsapp', 'email']) : null, at, at,
          );
          index(docKey('entry', Number(row.lastInsertRowid)), entryDoc({ customer_id: customer, kind, status: status as never, text, resolution }));
          counts.entries++;
        }
      })();
      if ((from / BATCH) % 4 === 3) log(`entries ${(from + BATCH).toLocaleString('en-US')} / ${m.toLocaleString('en-US')}`);
    }
  });

  // --- facts, tags, follow-ups, custom fields --------------------------------------------
  timed('facts, tags, follow-ups, fields', () => sqlite.transaction(() => {
    const fact = sqlite.prepare('INSERT INTO customer_facts (customer_id, text, position, staff, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
    const tag = sqlite.prepare('INSERT INTO tags (name, folded, created_at) VALUES (?, ?, ?)');
    const tagged = sqlite.prepare('INSERT OR IGNORE INTO customer_tags (customer_id, tag_id, staff, created_at) VALUES (?, ?, ?, ?)');
    const follow = sqlite.prepare(`INSERT INTO follow_ups (customer_id, text, due_on, repeat_kind, repeat_weeks, anchor_on, status, staff,
      closed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const field = sqlite.prepare("INSERT INTO custom_fields (name, kind, options, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)");
    const value = sqlite.prepare('INSERT INTO customer_field_values (customer_id, field_id, value, updated_at) VALUES (?, ?, ?, ?)');

    for (const name of TAGS) tag.run(name, words(name).join(' '), now - SPAN);
    const author = Number(field.run('Favourite author', 'text', '[]', 0, now, now).lastInsertRowid);
    const sizes = [{ id: 1, label: 'Small' }, { id: 2, label: 'Medium' }, { id: 3, label: 'Large' }, { id: 4, label: 'Extra large' }];
    const size = Number(field.run('Clothing size', 'choice', JSON.stringify(sizes), 1, now, now).lastInsertRowid);
    const today = dayOf(now);

    for (let c = 1; c <= n; c++) {
      const at = now - intBelow(random, SPAN);
      if (random() < 0.15) {
        for (let k = 0; k < 1 + intBelow(random, 2); k++) {
          const text = factText(random);
          const row = fact.run(c, text, k, pickOne(random, STAFF), at, at);
          index(docKey('fact', Number(row.lastInsertRowid)), factDoc(c, text));
          counts.facts++;
        }
      }
      if (random() < 0.3) {
        for (let k = 0; k < 1 + intBelow(random, 3); k++) {
          counts.customerTags += tagged.run(c, 1 + Math.floor(TAGS.length * random() ** 1.5), '', at).changes;
        }
      }
      if (random() < 0.08) {
        const text = pickOne(random, AUTHORS);
        const row = value.run(c, author, text, at);
        index(docKey('field', Number(row.lastInsertRowid)), fieldDoc(c, author, text));
        counts.fieldValues++;
      }
      if (random() < 0.2) {
        const option = sizes[intBelow(random, sizes.length)]!;
        const row = value.run(c, size, String(option.id), at);
        index(docKey('field', Number(row.lastInsertRowid)), fieldDoc(c, size, option.label));
        counts.fieldValues++;
      }
    }
    for (let i = 0; i < 25_000; i++) {
      const due = addDays(today, intBelow(random, 181) - 90);
      const open = due >= today ? random() < 0.95 : random() < 0.25;
      const repeat = random() < 0.1 ? 'weeks' : random() < 0.05 ? 'yearly' : 'none';
      follow.run(1 + intBelow(random, n), pickOne(random, ['Bellen over de bestelling', 'Ask how the sofa fits', 'Taart ophalen?', 'Call back about the book']),
        due, repeat, repeat === 'weeks' ? 1 + intBelow(random, 8) : null, due, open ? 'open' : 'done', pickOne(random, STAFF),
        open ? null : now - intBelow(random, 90) * DAY, now - 100 * DAY, now - 100 * DAY);
      counts.followUps++;
    }
  })());

  counts.archived = timed('archive 1%', () => sqlite.transaction(() => {
    sqlite.prepare('UPDATE customers SET archived_at = ? WHERE id % 100 = 37').run(now - 30 * DAY);
    for (const table of ['customer_search', 'customer_numbers']) {
      sqlite.exec(`DELETE FROM ${table} WHERE rowid IN (SELECT search_key FROM customers WHERE archived_at IS NOT NULL)`);
    }
    return sqlite.prepare('SELECT count(*) FROM customers WHERE archived_at IS NOT NULL').pluck().get() as number;
  })());
  timed('checkpoint', () => sqlite.pragma('wal_checkpoint(TRUNCATE)'));
  sqlite.close();
  return { version: GENERATOR_VERSION, customers: n, notesTarget: m, seed: options.seed, now, heavyCustomer: heavy, counts, seconds };
}

if (process.argv[1]?.endsWith('memory-generate.ts')) {
  const { values } = parseArgs({
    options: {
      file: { type: 'string' }, customers: { type: 'string' }, notes: { type: 'string' }, seed: { type: 'string' },
      now: { type: 'string' }, marker: { type: 'string' },
    },
  });
  const began = performance.now();
  const marker = generate({ file: values.file!, customers: Number(values.customers), notes: Number(values.notes), seed: Number(values.seed), now: Number(values.now) });
  marker.seconds.total = Number(((performance.now() - began) / 1000).toFixed(1));
  fs.writeFileSync(values.marker!, JSON.stringify(marker, null, 2));
}
