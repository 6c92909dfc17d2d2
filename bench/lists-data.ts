// What the lists benchmark adds to its working copy of the loyalty archive (which has
// customers, visits and balances but no customer memory): interests, two custom fields and
// feedback with complaints, seeded, in the proportions a busy shop would reach. Written
// straight into the tables (the triggers keep the tag counts); the copy is thrown away
// after the run, and the generated dataset itself is never touched.
import type BetterSqlite3 from 'better-sqlite3';
import { DAY_MS } from './loyalty-program.js';
import { intBelow, prng } from './stats.js';

export const TAGS = [
  'Poëzie', 'Glutenvrij', 'Zuurdesem', 'Taart op bestelling', 'Vegan', 'Kinderboeken', 'Streekproducten', 'Koffie',
  'Kaas', 'Wijn', 'Thrillers', 'Fietsen', 'Bloemen', 'Cadeaus', 'Lactosevrij', 'Noten', 'Chocolade', 'Brood van de week',
  'Kerstpakket', 'Workshops', 'Strips', 'Geschiedenis', 'Kookboeken', 'Reizen', 'Tuin', 'Vintage', 'Muziek', 'Kunst',
  'Speelgoed', 'Suikervrij', 'Bio', 'Thee', 'Sport', 'Fantasy', 'Romans', 'Zakelijk', 'Lokaal', 'Seizoen', 'Abonnement', 'Vip',
] as const;

export const SIZES = ['S', 'M', 'L', 'XL'] as const;

export interface Enriched {
  tags: number;
  tagged: number;
  fieldValues: number;
  feedback: number;
  complaints: number;
  openComplaints: number;
  /** Field ids: a choice (clothing size, options 1–4 = S–XL) and a number (shoe size). */
  sizeField: number;
  shoeField: number;
  seconds: number;
}

/** Adds interests, custom field values and feedback to every customer of the copy, in one transaction. */
export function enrichForLists(sqlite: BetterSqlite3.Database, seed: number, now: number): Enriched {
  const began = performance.now();
  const random = prng(seed ^ 0x1157);
  const customers = sqlite.prepare('SELECT max(id) FROM customers').pluck().get() as number;
  const out = { tags: TAGS.length, tagged: 0, fieldValues: 0, feedback: 0, complaints: 0, openComplaints: 0, sizeField: 0, shoeField: 0 };
  sqlite.transaction(() => {
    const tag = sqlite.prepare('INSERT INTO tags (name, folded, created_at) VALUES (?, ?, ?)');
    const tagIds = TAGS.map((name) => Number(tag.run(name, name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase(), now).lastInsertRowid));
    const field = sqlite.prepare('INSERT INTO custom_fields (name, kind, options, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
    out.sizeField = Number(field.run('Maat', 'choice', JSON.stringify(SIZES.map((label, i) => ({ id: i + 1, label }))), 0, now, now).lastInsertRowid);
    out.shoeField = Number(field.run('Schoenmaat', 'number', '[]', 1, now, now).lastInsertRowid);

    const tagCustomer = sqlite.prepare('INSERT INTO customer_tags (customer_id, tag_id, created_at) VALUES (?, ?, ?)');
    const value = sqlite.prepare('INSERT INTO customer_field_values (customer_id, field_id, value, updated_at) VALUES (?, ?, ?, ?)');
    const entry = sqlite.prepare(`INSERT INTO customer_entries (customer_id, kind, text, score, status, at, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    const SCORES = [1, 2, 3, 4, 4, 5, 5, 5, 5, 5];
    for (let id = 1; id <= customers; id++) {
      // Interests, the popular ones far more often than the rare ones (about one per customer).
      for (let t = 0; t < tagIds.length; t++) {
        if (random() < 0.25 / (t + 1)) {
          tagCustomer.run(id, tagIds[t]!, now);
          out.tagged++;
        }
      }
      if (random() < 0.4) {
        value.run(id, out.sizeField, String(1 + intBelow(random, SIZES.length)), now);
        out.fieldValues++;
      }
      if (random() < 0.3) {
        value.run(id, out.shoeField, String(36 + intBelow(random, 11) + (random() < 0.2 ? 0.5 : 0)), now);
        out.fieldValues++;
      }
      // Feedback from about one customer in seven, a few times over two years.
      if (random() < 0.15) {
        const times = 1 + intBelow(random, 3);
        for (let i = 0; i < times; i++) {
          const at = now - intBelow(random, 730) * DAY_MS - intBelow(random, DAY_MS);
          entry.run(id, 'feedback', 'Hoe was het?', SCORES[intBelow(random, SCORES.length)]!, null, at, at, at);
          out.feedback++;
        }
      }
      if (random() < 0.02) {
        const open = random() < 0.4;
        const at = now - intBelow(random, 365) * DAY_MS;
        entry.run(id, 'complaint', 'Brood was oud', null, open ? 'open' : 'resolved', at, at, at);
        out.complaints++;
        if (open) out.openComplaints++;
      }
    }
  })();
  return { ...out, seconds: (performance.now() - began) / 1000 };
}
