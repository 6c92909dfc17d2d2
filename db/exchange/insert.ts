import type BetterSqlite3 from 'better-sqlite3';
import { generateCardNumber } from '../../main/core/card-number.js';
import { words } from '../../main/core/text.js';
import type { CustomerWrite, PhoneWrite } from '../customers/repo.js';
import { entryDoc } from '../memory/entries.js';
import { docKey, prepareMemoryIndexer } from '../memory/search.js';

// Imported customers, written through prepared statements on the raw connection inside the
// caller's write transaction (the Kysely repo path costs several times as much per row).
// Each customer gets what `customers.create` writes: the row, its phones, its prospect row
// for the insights and a card number drawn by the same rule when none was given; and what an
// import adds: a stamp/point balance as a `migrate` ledger entry with the kept balance moved
// alongside, tags, and a note. One writer serves the whole import, its statements prepared
// once: each chunk of the import is its own transaction, started with `next()` after the
// first (chunk.ts, the file's chunk writer); the counter-search documents are queued on the
// search backlog once every chunk is in (db/exchange/runs.ts) and written after that
// (db/customers/search-backlog.ts): they cost more than everything else together, and the
// till should not wait for them.

export interface ImportedCustomer {
  /** card_number '' means: issue one, as the customer form does. */
  values: CustomerWrite;
  phones: readonly PhoneWrite[];
  /** Stamps or points brought over; 0 writes no ledger entry. */
  balance: number;
  tags: readonly string[];
  note: string;
}

export interface ImportWriterOptions {
  now: number;
  /** Who is recorded on tags and the note (the current staff member, or ''). */
  staff: string;
  /** The migration entries' reason, e.g. "Migrated from klanten.csv". */
  reason: string;
  /** An integer in [0, 10^10), for card numbers. */
  random: () => number;
}

export interface ImportWriter {
  /** Writes one customer's rows; returns its id. Throws (and the caller rolls back) on any failure. */
  add(customer: ImportedCustomer): number;
  /** After the last `add`: the last rows and the prospect rows. */
  finish(): void;
  /** The ids given to this writer's customers (consecutive), or null when none. */
  readonly range: { first: number; last: number } | null;
  /** Tags this writer created (an undo removes them unless others use them by then). */
  readonly createdTags: readonly number[];
  /** Note search documents not written yet (after `finish`). */
  readonly queued: number;
  /** Writes up to `count` queued note documents; returns how many are still queued. */
  index(count: number): number;
  /**
   * Starts the next chunk, in the next transaction (after `finish` and `index` of the last):
   * the statements stay prepared; ids, search keys and tags are read again, since another
   * till may have written between the two.
   */
  next(): void;
}

/** What the file gives; then card_number, search_key and the three times. */
const VALUE_COLUMNS = [
  'given_name', 'name_prefix', 'family_name', 'salutation', 'email', 'address_street', 'address_postal_code',
  'address_city', 'birthday_day', 'birthday_month', 'birth_year', 'preferred_channel', 'language',
  'marketing_consent', 'consent_changed_at',
] as const satisfies readonly (keyof CustomerWrite)[];
const CUSTOMER_COLUMNS = ['id', ...VALUE_COLUMNS, 'card_number', 'search_key', 'created_at', 'updated_at', 'last_seen_at'];

/** Customers written per statement: one multi-row INSERT costs a third less a row than single ones. */
const BATCH = 32;

const CUSTOMER_ROW = `(${CUSTOMER_COLUMNS.map(() => '?').join(', ')})`;
const PHONE_ROW = '(?, ?, ?, ?, ?)';

/** Must run inside a write transaction on the same connection: ids and search keys follow on from the largest. */
export function prepareImportWriter(sqlite: BetterSqlite3.Database, options: ImportWriterOptions): ImportWriter {
  const multi = new Map<string, BetterSqlite3.Statement>();
  /** The INSERT of `rows` rows of `row` into `into`, prepared once per size. */
  const insertRows = (into: string, row: string, rows: number): BetterSqlite3.Statement => {
    const key = `${into}|${rows}`;
    let statement = multi.get(key);
    if (!statement) multi.set(key, (statement = sqlite.prepare(`INSERT INTO ${into} VALUES ${Array(rows).fill(row).join(', ')}`)));
    return statement;
  };
  const cardTaken = sqlite.prepare('SELECT 1 FROM customers WHERE card_number = ?').pluck();
  const insertEntry = sqlite.prepare(
    "INSERT INTO ledger_entries (customer_id, kind, amount, reason, created_at) VALUES (?, 'migrate', ?, ?, ?)",
  );
  const insertBalance = sqlite.prepare('INSERT INTO loyalty_balances (customer_id, balance, updated_at) VALUES (?, ?, ?)');
  const tagByFolded = sqlite.prepare('SELECT id FROM tags WHERE folded = ?').pluck();
  const insertTag = sqlite.prepare('INSERT INTO tags (name, folded, created_at) VALUES (?, ?, ?)');
  const tagCustomer = sqlite.prepare(
    'INSERT INTO customer_tags (customer_id, tag_id, staff, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const insertNote = sqlite.prepare(
    "INSERT INTO customer_entries (customer_id, kind, text, staff, at, created_at, updated_at) VALUES (?, 'note', ?, ?, ?, ?, ?)",
  );
  const indexMemory = prepareMemoryIndexer(sqlite);
  const nextIds = sqlite.prepare('SELECT coalesce(max(id), 0) + 1 AS id, coalesce(max(search_key), 0) + 1 AS key FROM customers');
  const bulkLoad = sqlite.prepare('UPDATE insight_state SET bulk_load = 1 WHERE id = 1');
  const bulkLoaded = sqlite.prepare('UPDATE insight_state SET bulk_load = 0, version = version + 1 WHERE id = 1');
  const insertProspects = sqlite.prepare(`INSERT INTO customer_segments (customer_id, layer, spend_cents, visit_count, recency, frequency, monetary)
    SELECT id, 'prospect', 0, 0, 0, 0, 0 FROM customers WHERE id >= ? AND archived_at IS NULL`);
  // The note documents are written after all the rows (index()), not beside each one:
  // statements that check a foreign key open a statement journal, and each one makes FTS5
  // settle what it holds in memory when an FTS table has already been written in the transaction.
  const documents: (() => void)[] = [];
  let indexed = 0;
  // Ids given as SQLite would give them (one past the largest), so a batch's phones, ledger
  // entries, tags and notes know their customer before the batch is written.
  let nextId = 0;
  let nextKey = 0;
  let firstId = 0;
  const tagIds = new Map<string, number>();
  const createdTags: number[] = [];
  const { now, staff, reason, random } = options;
  // The insert trigger would add each prospect row and bump the insights' version once per
  // customer; `finish` does both once per chunk (migration 010). Undone with the transaction on failure.
  const begin = () => {
    const next = nextIds.get() as { id: number; key: number };
    nextId = firstId = next.id;
    nextKey = next.key;
    tagIds.clear();
    createdTags.length = 0;
    documents.length = 0;
    indexed = 0;
    bulkLoad.run();
  };

  // The batch not yet written: customer and phone parameters, then what refers to them.
  let customers: unknown[] = [];
  let phoneRows: unknown[] = [];
  let batched = 0;
  let phonesBatched = 0;
  let after: (() => void)[] = [];
  const batchCards = new Set<string>();
  const flush = () => {
    if (batched > 0) insertRows(`customers (${CUSTOMER_COLUMNS.join(', ')})`, CUSTOMER_ROW, batched).run(customers);
    if (phonesBatched > 0) insertRows('customer_phones (customer_id, position, raw, e164, national_digits)', PHONE_ROW, phonesBatched).run(phoneRows);
    for (const work of after) work();
    customers = [];
    phoneRows = [];
    after = [];
    batched = 0;
    phonesBatched = 0;
    batchCards.clear();
  };

  begin();

  // The create handler's rule: draw until free, give up after 20.
  const freshCard = (): string => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const candidate = generateCardNumber(random);
      if (!batchCards.has(candidate) && cardTaken.get(candidate) === undefined) return candidate;
    }
    throw new Error('Could not issue a free card number');
  };

  const tagId = (name: string): number => {
    // Folded as the tags handler folds: "Gluten-free" and "gluten free" are one tag.
    const folded = words(name).join(' ');
    let id = tagIds.get(folded) ?? (tagByFolded.get(folded) as number | undefined);
    if (id === undefined) {
      id = Number(insertTag.run(name.replace(/\s+/g, ' '), folded, now).lastInsertRowid);
      createdTags.push(id);
    }
    tagIds.set(folded, id);
    return id;
  };

  return {
    add({ values, phones, balance, tags, note }) {
      const card = values.card_number === '' ? freshCard() : values.card_number;
      batchCards.add(card);
      const id = nextId++;
      customers.push(id);
      for (const column of VALUE_COLUMNS) customers.push(values[column]);
      customers.push(card, nextKey++, now, now, now);
      batched++;
      phones.forEach((p, position) => {
        phoneRows.push(id, position, p.raw, p.e164, p.national_digits);
        phonesBatched++;
      });
      if (balance > 0) {
        after.push(() => {
          insertEntry.run(id, balance, reason, now);
          insertBalance.run(id, balance, now);
        });
      }
      if (tags.length > 0) after.push(() => tags.forEach((tag) => tagCustomer.run(id, tagId(tag), staff, now)));
      if (note !== '') {
        after.push(() => {
          const entryId = Number(insertNote.run(id, note, staff, now, now, now).lastInsertRowid);
          const noteDoc = entryDoc({ customer_id: id, kind: 'note', status: null, text: note, resolution: '' });
          documents.push(() => indexMemory(docKey('entry', entryId), noteDoc));
        });
      }
      if (batched === BATCH) flush();
      return id;
    },
    get range() {
      return nextId > firstId ? { first: firstId, last: nextId - 1 } : null;
    },
    createdTags,
    get queued() {
      return documents.length - indexed;
    },
    index(count) {
      const end = Math.min(documents.length, indexed + count);
      for (; indexed < end; indexed++) documents[indexed]!();
      return documents.length - indexed;
    },
    finish() {
      flush();
      if (nextId > firstId) insertProspects.run(firstId);
      bulkLoaded.run();
    },
    next: begin,
  };
}
