import { prng } from '../../bench/stats.js';
import type { CustomField, Tag } from '../../main/api/contract.js';
import { onServer } from '../support/engine.js';
import type { TestApp } from '../support/services.js';

// A generated shop whose right answers are known: customers made through the real calls
// from a seeded random source, with everything the lists and filters look at remembered
// here as plain data, so that a test can work out by hand who belongs on a list.

export const DAY = 86_400_000;
/** The test clock's start: Wednesday 25 November 2026, 10:00 UTC. */
export const NOW = Date.UTC(2026, 10, 25, 10, 0, 0);

export interface Person {
  id: number;
  givenName: string;
  familyName: string;
  displayName: string;
  consent: boolean;
  city: string;
  birthday: { day: number; month: number; year: number | null } | null;
  tags: Set<number>;
  /** Purchase moments and amounts (cents). */
  purchases: { at: number; cents: number }[];
  balance: number;
  author: string | null;
  shoe: number | null;
  since: string | null;
  size: number | null;
  archived: boolean;
}

export interface Shop {
  people: Person[];
  tags: Tag[];
  fields: { author: CustomField; shoe: CustomField; since: CustomField; size: CustomField };
}

const GIVEN = ['Anna', 'Bram', 'Cees', 'Daan', 'Eva', 'Fenna', 'Gijs', 'José', 'Ünal', 'Marieke', 'Noor', 'Piet', 'Sanne', 'Tom', 'Øyvind'];
const FAMILY = ['Bakker', 'de Boer', 'Jansen', 'Visser', 'Smit', 'Meijer', 'van Dijk', 'Mulder', 'Bos', 'Vos', 'Yılmaz', 'Peters', 'Hendriks', ''];
const CITIES = ['Utrecht', 'Gent', 'Zwolle', 'Leuven', ''];
const AUTHORS = ['Hella Haasse', 'Harry Mulisch', 'Annie M.G. Schmidt', 'Gerard Reve', 'Toon Tellegen'];
const TAGS = ['Poetry', 'Gluten-free', 'Vintage bikes', 'Cheese'];

/**
 * `n` customers with names, consent, birthdays (some on 29 February), tags, custom field
 * values, purchases over the last two years (some customers none) and a few archived.
 */
export async function generateShop(app: TestApp, seed: number, n: number): Promise<Shop> {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const chance = (p: number) => random() < p;

  const fields = {
    author: await app.ok('fields.define', { name: 'Favourite author', kind: 'text' }),
    shoe: await app.ok('fields.define', { name: 'Shoe size', kind: 'number' }),
    since: await app.ok('fields.define', { name: 'Customer since', kind: 'date' }),
    size: await app.ok('fields.define', { name: 'Clothing size', kind: 'choice', options: ['S', 'M', 'L'] }),
  };
  const start = app.now.value;
  const people: Person[] = [];
  for (let i = 0; i < n; i++) {
    const givenName = pick(GIVEN);
    const familyName = pick(FAMILY);
    const consent = chance(0.6);
    const city = pick(CITIES);
    const birthday = chance(0.15)
      ? { day: 29, month: 2, year: chance(0.5) ? 1988 : null }
      : chance(0.7) ? { day: 1 + Math.floor(random() * 28), month: 1 + Math.floor(random() * 12), year: chance(0.6) ? 1950 + Math.floor(random() * 55) : null } : null;
    app.now.value = start;
    const c = await app.ok('customers.create', {
      customer: { givenName, familyName, marketingConsent: consent, address: { street: '', postalCode: '', city }, birthday },
    });
    const person: Person = {
      id: c.id, givenName, familyName, displayName: c.displayName, consent, city, birthday, tags: new Set(), purchases: [], balance: 0,
      author: null, shoe: null, since: null, size: null, archived: false,
    };
    for (const name of TAGS) {
      if (!chance(0.3)) continue;
      const held = await app.ok('tags.add', { customerId: c.id, name });
      person.tags.add(held.find((t) => t.name === name)!.id);
    }
    const values: Record<string, string | number | null> = {};
    if (chance(0.5)) values[String(fields.author.id)] = person.author = pick(AUTHORS);
    if (chance(0.5)) values[String(fields.shoe.id)] = person.shoe = 36 + Math.floor(random() * 10) + (chance(0.2) ? 0.5 : 0);
    if (chance(0.5)) values[String(fields.since.id)] = person.since = `20${10 + Math.floor(random() * 16)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`;
    if (chance(0.5)) {
      person.size = fields.size.options[Math.floor(random() * 3)]!.id;
      values[String(fields.size.id)] = person.size;
    }
    if (Object.keys(values).length) await app.ok('fields.setValues', { customerId: c.id, values });
    // Purchases, oldest first, over the last two years; whole euros and odd cents alike.
    const visits = chance(0.25) ? 0 : 1 + Math.floor(random() * 6);
    const times = Array.from({ length: visits }, () => start - Math.floor(random() * 730) * DAY - Math.floor(random() * 8) * 3_600_000).sort((a, b) => a - b);
    for (const at of times) {
      const cents = chance(0.5) ? 1000 * (1 + Math.floor(random() * 8)) : 150 + Math.floor(random() * 9000);
      app.now.value = at;
      const result = await app.ok('loyalty.recordPurchase', { customerId: c.id, amount: (cents / 100).toFixed(2).replace('.', ','), locale: 'nl' });
      person.balance = result.summary.balance;
      person.purchases.push({ at, cents });
    }
    people.push(person);
  }
  app.now.value = start;
  for (const p of people) {
    if (!chance(0.05)) continue;
    await app.ok('customers.archive', { id: p.id });
    p.archived = true;
  }
  const tags = (await app.ok('tags.list', { limit: 100 })).sort((a, b) => a.id - b.id);
  return { people, tags, fields };
}

/** SQLite's NOCASE: only A–Z fold, the rest in code point order. */
const nocase = (s: string) => s.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/**
 * PostgreSQL's `nocase` collation (ICU, und-u-ks-level2): the letters' order whatever the
 * case, an accent counting only between otherwise equal names ("Øyvind" beside "Oscar").
 */
const icu = new Intl.Collator('und', { sensitivity: 'accent' });
const names: (a: string, b: string) => number = onServer ? icu.compare : (a, b) => cmp(nocase(a), nocase(b));

/** The customer list's order: family name, given name (the engine's NOCASE), id. */
export function byName(a: Person, b: Person): number {
  return names(a.familyName, b.familyName) || names(a.givenName, b.givenName) || a.id - b.id;
}

export const spendOf = (p: Person, since = -Infinity) => p.purchases.filter((v) => v.at > since).reduce((sum, v) => sum + v.cents, 0);
export const lastVisitOf = (p: Person) => (p.purchases.length ? Math.max(...p.purchases.map((v) => v.at)) : null);
