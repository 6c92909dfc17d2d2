import { Faker, base, en, nl } from '@faker-js/faker';
import type { Insertable, Kysely } from 'kysely';
import { fileArchive, type Archive } from '../../db/archive.js';
import type { FileArchive } from '../../db/open.js';
import type { CustomersTable, DB } from '../../db/schema.js';
import { isPostgres } from '../../db/engine.js';
import { writeTransaction } from '../../db/transaction.js';
import { customerSearchIndex } from '../../db/customers/customer-search-index.js';
import { issueSearchKeys } from '../../db/customers/search-key.js';
import { writeDocuments } from '../../db/customers/search-index-postgres.js';
import { searchDocument, type SearchDocument } from '../../db/customers/search-document.js';
import { prepareIndexer } from '../../db/customers/search-index.js';
import { generateCardNumber } from '../core/card-number.js';
import { normalisePhone, type NormalisedPhone } from '../core/phone.js';
import { compact } from '../core/text.js';
import type { Channel } from '../api/customers/schema.js';
import * as data from './seed-data.js';

// Demo customers for the counter, the same ones every time for a seed. Customer i depends
// only on (seed, i): faker is reseeded every BLOCK customers, so 5,000 customers are the
// first 5,000 of a million, and appending continues with new people instead of twins.

export const DEFAULT_SEED = 42;
const BLOCK = 1000;
const TWO_YEARS = 2 * 365 * 24 * 3600 * 1000;

/** What `customers.create` takes: every field spelled out, the card left to the app. */
export interface DemoCustomer {
  givenName: string;
  namePrefix: string;
  familyName: string;
  salutation: string;
  phones: string[];
  email: string;
  address: { street: string; postalCode: string; city: string };
  birthday: { day: number; month: number; year: number | null } | null;
  preferredChannel: Channel | null;
  language: 'nl' | 'en';
  marketingConsent: boolean;
  cardNumber: '';
}

interface DemoRecord {
  customer: DemoCustomer;
  /** The phones as the handler would normalise them: parsing again costs a third of seeding. */
  phones: NormalisedPhone[];
}

type Weighted<T> = readonly { value: T; weight: number }[];
type Format = (s: string) => string;

const pairs = (s: string, sep = ' ') => s.match(/.{1,2}/g)!.join(sep);

// Every way people hand over a number at the counter. s = the 8 digits after "06".
const NL_MOBILE: Weighted<Format> = [
  { weight: 20, value: (s) => `06-${s}` },
  { weight: 15, value: (s) => `06 ${pairs(s)}` },
  { weight: 8, value: (s) => `06 ${s.slice(0, 4)} ${s.slice(4)}` },
  { weight: 20, value: (s) => `06${s}` },
  { weight: 8, value: (s) => `+31 6 ${s.slice(0, 4)} ${s.slice(4)}` },
  { weight: 8, value: (s) => `+316${s}` },
  { weight: 5, value: (s) => `00316${s}` },
  { weight: 4, value: (s) => `+31 (0)6 ${s}` },
  { weight: 4, value: (s) => `06-${s.slice(0, 4)} ${s.slice(4)}` },
  { weight: 4, value: (s) => `+31 6 ${s}` },
  { weight: 2, value: (s) => `0031 6 ${pairs(s)}` },
  { weight: 2, value: (s) => `06.${pairs(s, '.')}` },
];

/** s = area code without 0, a space, the subscriber number. */
const NL_LANDLINE: Weighted<Format> = [
  { weight: 35, value: (s) => `0${s.replace(' ', '-')}` },
  { weight: 20, value: (s) => (s.indexOf(' ') === 2 ? `0${s.slice(0, 6)} ${s.slice(6)}` : `0${s}`) },
  { weight: 15, value: (s) => `0${s.replace(' ', '')}` },
  { weight: 15, value: (s) => `+31 ${s}` },
  { weight: 5, value: (s) => `0031${s.replace(' ', '')}` },
  { weight: 5, value: (s) => `+31 (0)${s}` },
];

/** s = the national number without 0 and spaces; Belgian numbers only parse written internationally. */
const BE_MOBILE: Weighted<Format> = [
  { weight: 40, value: (s) => `+32 ${s.slice(0, 3)} ${pairs(s.slice(3))}` },
  { weight: 20, value: (s) => `+32${s}` },
  { weight: 15, value: (s) => `0032 ${s.slice(0, 3)} ${pairs(s.slice(3))}` },
  { weight: 10, value: (s) => `0032${s}` },
  { weight: 5, value: (s) => `+32 (0)${s.slice(0, 3)} ${pairs(s.slice(3))}` },
];

const BE_LANDLINE: Weighted<Format> = [
  { weight: 60, value: (s) => `+32 ${s}` },
  { weight: 20, value: (s) => `+32${s.replace(/ /g, '')}` },
  { weight: 20, value: (s) => `0032 ${s}` },
];

type LocalPart = (given: string, family: string, n: number) => string;

const EMAIL_LOCAL: Weighted<LocalPart> = [
  { weight: 30, value: (g, f) => `${g}.${f}` },
  { weight: 15, value: (g, f) => `${g[0]}.${f}` },
  { weight: 15, value: (g, f) => `${g}${f}` },
  { weight: 10, value: (g, f, n) => `${g}${f}${n % 100}` },
  { weight: 5, value: (g, f) => `${f}.${g}` },
  { weight: 5, value: (g, f) => `${g}_${f}` },
  { weight: 10, value: (g, _f, n) => `${g}${n}` },
  { weight: 10, value: (g, f, n) => `${g}.${f}${n}` },
];

const CHANNELS: Weighted<Channel | null> = [
  { weight: 45, value: null }, { weight: 20, value: 'whatsapp' }, { weight: 15, value: 'email' },
  { weight: 5, value: 'sms' }, { weight: 8, value: 'phone' }, { weight: 7, value: 'in_person' },
];

const STRIP_PREFIX = /^(?:van (?:de[nr]?|het|'t) |van |de |den |ter |te )/;

/**
 * Faker's Dutch names hold a few UTF-8 names read as Latin-1 ("Ã\u0096mer" for "Ömer"): a C1
 * control character the archive refuses. Read such a name's bytes again as UTF-8.
 */
const repaired = (name: string): string =>
  /[\u0080-\u009f]/.test(name) ? Buffer.from(name, 'latin1').toString('utf8') : name;

// Dutch postcodes never use these letter pairs.
const BAD_POSTCODE_LETTERS = new Set(['SA', 'SD', 'SS']);

class DemoFactory {
  readonly f = new Faker({ locale: [nl, en, base] });

  private chance(p: number): boolean {
    return this.f.number.float() < p;
  }

  private pick<T>(list: Weighted<T>): T {
    return this.f.helpers.weightedArrayElement(list as { value: T; weight: number }[]);
  }

  private digits(n: number, leading = '23456789'): string {
    return this.f.helpers.arrayElement([...leading]) + this.f.string.numeric({ length: n - 1, allowLeadingZeros: true });
  }

  /** A number as typed, valid by the app's own rule; a rare invalid draw is redrawn. */
  private phone(belgian: boolean, mobile: boolean): [string, NormalisedPhone] {
    for (let attempt = 0; attempt < 20; attempt++) {
      let raw: string;
      if (belgian && mobile) raw = this.pick(BE_MOBILE)(`4${this.digits(8, '789')}`);
      else if (belgian) {
        const zone = this.f.helpers.arrayElement(data.BE_ZONES);
        const sub = this.digits(8 - zone.length);
        raw = this.pick(BE_LANDLINE)(`${zone} ${sub.length === 7 ? `${sub.slice(0, 3)} ${pairs(sub.slice(3))}` : pairs(sub)}`);
      } else if (mobile) raw = this.pick(NL_MOBILE)(this.digits(8, '12345'));
      else {
        const area = this.f.helpers.arrayElement(data.NL_AREA_CODES);
        raw = this.pick(NL_LANDLINE)(`${area} ${this.digits(9 - area.length)}`);
      }
      const parsed = normalisePhone(raw);
      if (parsed) return [raw, parsed];
    }
    throw new Error('seed: could not draw a valid phone number');
  }

  private familyName(belgian: boolean): string {
    if (belgian && this.chance(0.7)) return this.f.helpers.arrayElement(data.FLEMISH_FAMILY);
    if (this.chance(0.2)) return this.f.helpers.arrayElement(data.EXTRA_FAMILY);
    return repaired(this.f.person.lastName()).replace(STRIP_PREFIX, '');
  }

  private address(belgian: boolean): DemoCustomer['address'] {
    const r = this.f.number.float();
    if (r >= 0.87) return { street: '', postalCode: '', city: '' };
    const f = this.f;
    let postalCode: string;
    let city: string;
    if (belgian) {
      const [town, code] = f.helpers.arrayElement(data.BE_TOWNS);
      [city, postalCode] = [town, String(code + f.number.int(9) * 10)];
    } else {
      const [town, lo, hi] = f.helpers.arrayElement(data.NL_TOWNS);
      let letters: string;
      do letters = f.string.alpha({ length: 2, casing: 'upper' });
      while (BAD_POSTCODE_LETTERS.has(letters));
      [city, postalCode] = [town, `${f.number.int({ min: lo, max: hi })} ${letters}`];
    }
    if (r >= 0.75) return { street: '', postalCode: '', city };
    const name = this.chance(0.35) ? f.helpers.arrayElement(data.COMMON_STREETS) : f.location.street();
    const addition = this.chance(0.12) ? f.helpers.arrayElement(['a', 'b', 'c', '-2', '-1', ' hs', ' bis']) : '';
    return { street: `${name} ${f.number.int({ min: 1, max: 240 })}${addition}`, postalCode, city };
  }

  private birthday(): DemoCustomer['birthday'] {
    if (!this.chance(0.6)) return null;
    const year = this.chance(0.8) ? this.f.number.int({ min: 1935, max: 2009 }) : null;
    const month = this.f.number.int({ min: 1, max: 12 });
    // Without a year, 29 February is allowed (the app's own rule probes a leap year).
    const days = new Date(Date.UTC(year ?? 2000, month, 0)).getUTCDate();
    return { day: this.f.number.int({ min: 1, max: days }), month, year };
  }

  private email(given: string, prefix: string, family: string, belgian: boolean): string {
    const g = compact(given);
    const fam = compact(`${prefix} ${family}`);
    const local = this.pick(EMAIL_LOCAL)(g, fam, this.f.number.int({ min: 1, max: 999 }));
    return `${local}@${this.pick(belgian ? data.BE_MAIL : data.NL_MAIL)}`;
  }

  next(): DemoRecord {
    const f = this.f;
    const belgian = this.chance(0.08);
    const sex = f.helpers.arrayElement(['female', 'male'] as const);
    let givenName = repaired(f.person.firstName(sex));
    let nameSex: data.Sex = sex;
    if (this.chance(0.05)) [givenName, nameSex] = f.helpers.arrayElement(data.ACCENTED_GIVEN);
    const familyName = this.familyName(belgian);
    const namePrefix = !belgian && this.chance(0.3) ? this.pick(data.NAME_PREFIXES) : '';
    const salutation = this.chance(0.2)
      ? f.helpers.arrayElement(this.chance(0.85) ? data.SALUTATIONS[nameSex] : data.SALUTATIONS.any)
      : '';

    const phoneCount = this.chance(0.9) ? (this.chance(0.1) ? 2 : 1) : 0;
    const raws: string[] = [];
    const phones: NormalisedPhone[] = [];
    let hasMobile = false;
    for (let i = 0; i < phoneCount; i++) {
      const mobile = this.chance(i === 0 ? 0.78 : 0.4);
      hasMobile ||= mobile;
      const [raw, parsed] = this.phone(belgian ? this.chance(0.85) : this.chance(0.01), mobile);
      raws.push(raw);
      phones.push(parsed);
    }
    const email = this.chance(0.7) ? this.email(givenName, namePrefix, familyName, belgian) : '';

    let preferredChannel = this.pick(CHANNELS);
    const reachable = preferredChannel === 'email' ? email !== ''
      : preferredChannel === 'phone' ? phones.length > 0
      : preferredChannel === 'whatsapp' || preferredChannel === 'sms' ? hasMobile
      : true;
    if (!reachable) preferredChannel = null;

    const customer: DemoCustomer = {
      givenName,
      namePrefix,
      familyName,
      salutation,
      phones: raws,
      email,
      address: this.address(belgian),
      birthday: this.birthday(),
      preferredChannel,
      language: this.chance(0.08) ? 'en' : 'nl',
      marketingConsent: this.chance(0.5),
      cardNumber: '',
    };
    return { customer, phones };
  }
}

function* demoRecords(count: number, seed: number, start: number): Generator<DemoRecord> {
  const factory = new DemoFactory();
  const end = start + count;
  for (let block = Math.floor(start / BLOCK); block * BLOCK < end; block++) {
    factory.f.seed([seed, block]);
    const last = Math.min(end, (block + 1) * BLOCK);
    for (let i = block * BLOCK; i < last; i++) {
      const record = factory.next();
      if (i >= start) yield record;
    }
  }
}

/** Demo customers number start … start+count-1 for a seed, as `customers.create` takes them. */
export function* demoCustomers(count: number, seed = DEFAULT_SEED, start = 0): Generator<DemoCustomer> {
  for (const record of demoRecords(count, seed, start)) yield record.customer;
}

export interface SeedOptions {
  count: number;
  seed?: number;
  /** The present moment: customers are last seen over the two years before it. */
  now?: number;
  /** Customers per transaction (and per progress report): 10,000 on the file, 2,000 on a server. */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SeedResult {
  /** Index of the first demo customer written: the archive's customer count before. */
  start: number;
  inserted: number;
  ms: number;
}

/** The card random stream: seeded apart from the people, so a card never shifts a name. */
function cardRandom(seed: number, start: number): () => number {
  const f = new Faker({ locale: [base] });
  f.seed([seed, start, 0xca4d]);
  return () => f.number.int({ min: 0, max: 9_999_999_999 });
}

/**
 * Card numbers as the create handler issues them: drawn until free (a draw taken by an
 * earlier customer is drawn again). `draw` skips only what this seeding issued; whether the
 * archive already holds a card is asked by each path its own way (an append only: an empty
 * archive holds none).
 */
function cardIssuer(seed: number, start: number) {
  const random = cardRandom(seed, start);
  const issued = new Set<string>();
  return (taken: (card: string) => boolean = () => false): string => {
    // Same rule as the create handler: draw until free, give up after 20.
    for (let attempt = 0; attempt < 20; attempt++) {
      const card = generateCardNumber(random);
      if (issued.has(card) || taken(card)) continue;
      issued.add(card);
      return card;
    }
    throw new Error('seed: could not issue a free card number');
  };
}

type CustomerValues = Omit<Insertable<CustomersTable>, 'search_key'>;

/** The customers row the create handler writes for a demo customer first seen at `seenAt`. */
function customerRow(c: DemoCustomer, card: string, seenAt: number): CustomerValues {
  return {
    given_name: c.givenName, name_prefix: c.namePrefix, family_name: c.familyName, salutation: c.salutation,
    email: c.email === '' ? null : c.email,
    address_street: c.address.street, address_postal_code: c.address.postalCode, address_city: c.address.city,
    birthday_day: c.birthday?.day ?? null, birthday_month: c.birthday?.month ?? null, birth_year: c.birthday?.year ?? null,
    preferred_channel: c.preferredChannel, language: c.language,
    marketing_consent: c.marketingConsent ? 1 : 0, consent_changed_at: c.marketingConsent ? seenAt : null,
    card_number: card, created_at: seenAt, updated_at: seenAt, last_seen_at: seenAt,
  };
}

/** A demo customer made ready to write: everything but the search key, which the archive's last one decides. */
interface Prepared {
  row: CustomerValues;
  phones: { raw: string; e164: string; national_digits: string }[];
  doc: SearchDocument;
}

function prepared(record: DemoRecord, card: string, seenAt: number): Prepared {
  const row = customerRow(record.customer, card, seenAt);
  const phones = record.phones.map((p, i) => ({ raw: record.customer.phones[i]!, e164: p.e164, national_digits: p.nationalDigits }));
  const doc = searchDocument(
    { given_name: row.given_name, name_prefix: row.name_prefix, family_name: row.family_name, email: row.email ?? null, card_number: card },
    phones,
  );
  return { row, phones, doc };
}

/** Where seeding starts: customers already there, and the first "last seen" moment. */
async function startOf(db: Kysely<DB>, now: number): Promise<{ n: number; from: number }> {
  const before = await db.selectFrom('customers')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('last_seen_at').as('seen')])
    .executeTakeFirstOrThrow();
  const seen = before.seen === null ? 0 : Number(before.seen);
  return { n: Number(before.n), from: Math.min(now, Math.max(now - TWO_YEARS, seen + 1)) };
}

/**
 * "Last seen" of the i-th (0-based) customer of this seeding: evenly spread from `from` to
 * `now` and strictly increasing, so "most recently seen" follows search_key.
 */
function seenMoments(from: number, now: number, count: number) {
  let last = from - 1;
  return (i: number) => (last = Math.max(last + 1, from + Math.floor(((i + 1) * (now - from)) / count)));
}

/**
 * Appends demo customers: the rows, phones and search documents `customers.create` would
 * write. Customer i is created at last_seen_at[i], so search_key order is "last seen" order.
 * On the data folder's file through prepared statements in large transactions (the Kysely
 * path is ~4× slower there), all of it done before this returns; on a server through
 * Kysely, a few thousand customers per transaction in multi-row statements.
 */
export async function seedArchive(archive: Archive, options: SeedOptions): Promise<SeedResult> {
  const file = fileArchive(archive);
  return file ? seedFile(file, options) : seedThroughKysely(archive.db, options);
}

function seedFile(archive: FileArchive, options: SeedOptions): SeedResult {
  const began = performance.now();
  const { sqlite } = archive;
  const seed = options.seed ?? DEFAULT_SEED;
  const batchSize = options.batchSize ?? 10_000;
  const now = options.now ?? Date.now();
  const before = sqlite
    .prepare('SELECT count(*) AS n, coalesce(max(search_key), 0) AS key, max(last_seen_at) AS seen FROM customers')
    .get() as { n: number; key: number; seen: number | null };
  const start = before.n;
  const from = Math.min(now, Math.max(now - TWO_YEARS, (before.seen ?? 0) + 1));

  const columns = [...CUSTOMER_COLUMNS, 'search_key'] as const;
  const insertRow = sqlite.prepare(`INSERT INTO customers (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  const insertPhone = sqlite.prepare(
    'INSERT INTO customer_phones (customer_id, position, raw, e164, national_digits) VALUES (?, ?, ?, ?, ?)',
  );
  const index = prepareIndexer(sqlite);
  const cardTaken = sqlite.prepare('SELECT 1 FROM customers WHERE card_number = ?').pluck();
  const taken = (card: string) => start > 0 && cardTaken.get(card) !== undefined;

  const freshCard = cardIssuer(seed, start);
  const seenAt = seenMoments(from, now, options.count);
  let done = 0;
  const writeBatch = sqlite.transaction((batch: DemoRecord[]) => {
    for (const record of batch) {
      const key = before.key + done + 1;
      const { row, phones, doc } = prepared(record, freshCard(taken), seenAt(done));
      const { lastInsertRowid } = insertRow.run(...CUSTOMER_COLUMNS.map((c) => row[c] ?? null), key);
      phones.forEach((p, position) => insertPhone.run(lastInsertRowid, position, p.raw, p.e164, p.national_digits));
      index(key, doc);
      done++;
    }
  });

  // Durability of a half-written demo archive is worth nothing; a crash just means seed again.
  const synchronous = sqlite.pragma('synchronous', { simple: true }) as number;
  sqlite.pragma('synchronous = OFF');
  try {
    let batch: DemoRecord[] = [];
    for (const record of demoRecords(options.count, seed, start)) {
      batch.push(record);
      if (batch.length < batchSize) continue;
      writeBatch(batch);
      batch = [];
      options.onProgress?.(done, options.count);
    }
    if (batch.length > 0) {
      writeBatch(batch);
      options.onProgress?.(done, options.count);
    }
  } finally {
    sqlite.pragma(`synchronous = ${synchronous}`);
  }
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return { start, inserted: done, ms: performance.now() - began };
}

/** The customers columns seeding writes besides search_key, in the file's statement order. */
const CUSTOMER_COLUMNS = [
  'given_name', 'name_prefix', 'family_name', 'salutation', 'email', 'address_street', 'address_postal_code',
  'address_city', 'birthday_day', 'birthday_month', 'birth_year', 'preferred_channel', 'language',
  'marketing_consent', 'consent_changed_at', 'card_number', 'created_at', 'updated_at', 'last_seen_at',
] as const satisfies readonly (keyof CustomerValues)[];

/** Rows per INSERT statement: 20 columns × 1,000 stays far below either engine's limit on parameters. */
const ROWS_PER_STATEMENT = 1000;

const slices = <T>(rows: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));

/** Search documents of many customers in the caller's transaction: one statement a batch on a server. */
async function indexDocuments(db: Kysely<DB>, docs: { key: number; doc: SearchDocument }[]): Promise<void> {
  if (isPostgres(db)) {
    for (const part of slices(docs, ROWS_PER_STATEMENT)) await writeDocuments(db, part);
    return;
  }
  const index = customerSearchIndex(db);
  for (const { key, doc } of docs) await index.write(db, key, doc);
}

/** Cards of the archive among `cards` (an append's draws, asked all at once). */
async function takenAmong(db: Kysely<DB>, cards: readonly string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  for (const part of slices(cards, ROWS_PER_STATEMENT)) {
    const rows = await db.selectFrom('customers').select('card_number').where('card_number', 'in', part).execute();
    for (const r of rows) taken.add(r.card_number);
  }
  return taken;
}

async function seedThroughKysely(db: Kysely<DB>, options: SeedOptions): Promise<SeedResult> {
  const began = performance.now();
  const seed = options.seed ?? DEFAULT_SEED;
  const batchSize = options.batchSize ?? 2_000;
  const now = options.now ?? Date.now();
  const { n: start, from } = await startOf(db, now);
  const freshCard = cardIssuer(seed, start);
  const seenAt = seenMoments(from, now, options.count);
  let done = 0;

  /** Cards for a batch; on an append, a draw the archive already holds is drawn again (rare: 1 in 10^10 a card). */
  const cardsFor = async (size: number): Promise<string[]> => {
    const cards = Array.from({ length: size }, () => freshCard());
    if (start === 0) return cards;
    for (;;) {
      const taken = await takenAmong(db, cards);
      if (taken.size === 0) return cards;
      cards.forEach((card, i) => {
        if (taken.has(card)) cards[i] = freshCard((c) => taken.has(c));
      });
    }
  };

  const writeBatch = async (batch: DemoRecord[]) => {
    const cards = await cardsFor(batch.length);
    const rows = batch.map((record, i) => prepared(record, cards[i]!, seenAt(done + i)));
    // Pure from here on: writeTransaction may run it again after a conflict with a till.
    // The keys are issued as a till's are (search-key.ts), increasing in "last seen" order.
    await writeTransaction(db, async (trx) => {
      const keys = await issueSearchKeys(trx, rows.length);
      const ids = new Map<number, number>();
      for (const part of slices(rows.map((r, i) => ({ ...r.row, search_key: keys[i]! })), ROWS_PER_STATEMENT)) {
        const made = await trx.insertInto('customers').values(part).returning(['id', 'search_key']).execute();
        for (const m of made) ids.set(Number(m.search_key), Number(m.id));
      }
      const phones = rows.flatMap((r, i) =>
        r.phones.map((p, position) => ({ customer_id: ids.get(keys[i]!)!, position, ...p })));
      for (const part of slices(phones, ROWS_PER_STATEMENT)) await trx.insertInto('customer_phones').values(part).execute();
      await indexDocuments(trx, rows.map((r, i) => ({ key: keys[i]!, doc: r.doc })));
    });
    done += batch.length;
    options.onProgress?.(done, options.count);
  };

  let batch: DemoRecord[] = [];
  for (const record of demoRecords(options.count, seed, start)) {
    batch.push(record);
    if (batch.length < batchSize) continue;
    await writeBatch(batch);
    batch = [];
  }
  if (batch.length > 0) await writeBatch(batch);
  return { start, inserted: done, ms: performance.now() - began };
}
