// What a shopkeeper types, drawn from customers that really are in the archive, with a
// seeded PRNG so every run (and every machine) asks the same questions.
import type BetterSqlite3 from 'better-sqlite3';
import { intBelow, pickOne } from './stats.js';

export type QuerySetName = 'name' | 'phone' | 'card';
export type QuerySets = Record<QuerySetName, string[]>;

interface Person {
  given_name: string;
  family_name: string;
  card_number: string;
}

interface PhoneRow {
  raw: string;
  e164: string;
  national_digits: string;
}

const stripAccents = (s: string) => s.normalize('NFKD').replace(/\p{M}+/gu, '');
const hasAccent = (s: string) => stripAccents(s) !== s;

export function buildQueries(sqlite: BetterSqlite3.Database, random: () => number, perSet: number): QuerySets {
  const maxId = sqlite.prepare('SELECT max(id) FROM customers').pluck().get() as number;
  const person = sqlite.prepare('SELECT given_name, family_name, card_number FROM customers WHERE id = ?');
  const phones = sqlite.prepare('SELECT raw, e164, national_digits FROM customer_phones WHERE customer_id = ?');
  const anyone = (): { id: number; p: Person } => {
    for (;;) {
      const id = 1 + intBelow(random, maxId);
      const p = person.get(id) as Person | undefined;
      if (p) return { id, p };
    }
  };

  const name = (i: number): string => {
    // One query in eight comes from an accented name, typed half the time without accents.
    let p = anyone().p;
    if (i % 8 === 0) while (!hasAccent(p.given_name + p.family_name)) p = anyone().p;
    const source = hasAccent(p.family_name) || (!hasAccent(p.given_name) && random() < 0.5) ? p.family_name : p.given_name;
    const chars = [...source.replace(/^(?:Van|De|El) /, '')];
    let q = chars.slice(0, Math.min(chars.length, 3 + intBelow(random, 3))).join('');
    if (random() < 0.5) q = stripAccents(q);
    return random() < 0.7 ? q.toLowerCase() : q;
  };

  const phone = (): string => {
    for (;;) {
      const rows = phones.all(anyone().id) as PhoneRow[];
      if (rows.length === 0) continue;
      const row = pickOne(random, rows);
      const national = row.national_digits;
      const intl = row.e164.slice(1);
      const len = 4 + intBelow(random, 4);
      switch (intBelow(random, 4)) {
        case 0: // "0612": the start of the number as dialled at home
          return national.slice(0, len);
        case 1: { // "612 34": a piece from the middle, with a space where the eye paused
          const from = 1 + intBelow(random, national.length - len);
          const piece = national.slice(from, from + len);
          const cut = 1 + intBelow(random, piece.length - 1);
          return `${piece.slice(0, cut)} ${piece.slice(cut)}`;
        }
        case 2: { // "+31 6 12": international, as on a business card
          const d = intl.slice(0, len);
          return `+${d.slice(0, 2)} ${d.slice(2, 3)} ${d.slice(3)}`.trim();
        }
        default: { // a stretch of the number exactly as the customer once wrote it
          const starts = [...row.raw].flatMap((ch, at) => (/[\d+]/.test(ch) ? [at] : []));
          const from = pickOne(random, starts);
          let out = '';
          let digits = 0;
          for (const ch of row.raw.slice(from)) {
            if (digits >= len) break;
            out += ch;
            if (/\d/.test(ch)) digits++;
          }
          if (digits >= 4) return out.trim();
        }
      }
    }
  };

  const card = (): string => anyone().p.card_number;

  return {
    name: Array.from({ length: perSet }, (_, i) => name(i)),
    phone: Array.from({ length: perSet }, phone),
    card: Array.from({ length: perSet }, card),
  };
}
