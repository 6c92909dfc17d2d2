import type BetterSqlite3 from 'better-sqlite3';
import { generateCardNumber } from '../../main/core/card-number.js';
import { words } from '../../main/core/text.js';
import type { CustomerWrite, PhoneWrite } from '../customers/repo.js';
import { searchDocument } from '../customers/search-document.js';
import { prepareIndexer } from '../customers/search-index.js';
import { entryDoc } from '../memory/entries.js';
import { docKey, prepareMemoryIndexer } from '../memory/search.js';

// Imported customers, written through prepared statements on the raw connection inside the
// caller's write transaction (the Kysely repo path costs several times as much per row).
// Each customer gets exactly what `customers.create` writes: the row, its phones and its
// search documents (the same searchDocument, the same indexer the seed uses), a card number
// drawn by the same rule when none was given; and what an import adds: a stamp/point balance
// as a `migrate` ledger entry with the kept balance moved alongside, tags, and a note.

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
  /** Search documents `add` queued that `index` has not written yet. */
  readonly queued: number;
  /** Writes up to `count` queued search documents; returns how many are still queued. */
  index(count: number): number;
}

const CUSTOMER_COLUMNS = [
  'given_name', 'name_prefix', 'family_name', 'salutation', 'email', 'address_street', 'address_postal_code',
  'address_city', 'birthday_day', 'birthday_month', 'birth_year', 'preferred_channel', 'language',
  'marketing_consent', 'consent_changed_at', 'card_number', 'search_key', 'created_at', 'updated_at', 'last_seen_at',
] as const;

/** Must run inside a write transaction on the same connection: the search keys follow on from max(search_key). */
export function prepareImportWriter(sqlite: BetterSqlite3.Database, options: ImportWriterOptions): ImportWriter {
  const insertCustomer = sqlite.prepare(
    `INSERT INTO customers (${CUSTOMER_COLUMNS.join(', ')}) VALUES (${CUSTOMER_COLUMNS.map(() => '?').join(', ')})`,
  );
  const insertPhone = sqlite.prepare(
    'INSERT INTO customer_phones (customer_id, position, raw, e164, national_digits) VALUES (?, ?, ?, ?, ?)',
  );
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
  const index = prepareIndexer(sqlite);
  const indexMemory = prepareMemoryIndexer(sqlite);
  let nextKey = (sqlite.prepare('SELECT coalesce(max(search_key), 0) + 1 FROM customers').pluck().get() as number);
  const tagIds = new Map<string, number>();
  const { now, staff, reason, random } = options;
  // The search documents are written after all the rows (index()), not beside each one:
  // measured, that costs a third less CPU. Statements that fire a trigger (the customers
  // insert) or check a foreign key open a statement journal, and each one makes FTS5 settle
  // what it holds in memory when an FTS table has already been written in the transaction.
  const documents: (() => void)[] = [];
  let indexed = 0;

  // The create handler's rule: draw until free, give up after 20.
  const freshCard = (): string => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const candidate = generateCardNumber(random);
      if (cardTaken.get(candidate) === undefined) return candidate;
    }
    throw new Error('Could not issue a free card number');
  };

  const tagId = (name: string): number => {
    // Folded as the tags handler folds: "Gluten-free" and "gluten free" are one tag.
    const folded = words(name).join(' ');
    let id = tagIds.get(folded) ?? (tagByFolded.get(folded) as number | undefined);
    if (id === undefined) id = Number(insertTag.run(name.replace(/\s+/g, ' '), folded, now).lastInsertRowid);
    tagIds.set(folded, id);
    return id;
  };

  return {
    add({ values, phones, balance, tags, note }) {
      const card = values.card_number === '' ? freshCard() : values.card_number;
      const key = nextKey++;
      const row = { ...values, card_number: card, search_key: key, created_at: now, updated_at: now, last_seen_at: now };
      const id = Number(insertCustomer.run(...CUSTOMER_COLUMNS.map((c) => row[c])).lastInsertRowid);
      phones.forEach((p, position) => insertPhone.run(id, position, p.raw, p.e164, p.national_digits));
      const document = searchDocument(row, phones);
      documents.push(() => index(key, document));
      if (balance > 0) {
        insertEntry.run(id, balance, reason, now);
        insertBalance.run(id, balance, now);
      }
      for (const tag of tags) tagCustomer.run(id, tagId(tag), staff, now);
      if (note !== '') {
        const entryId = Number(insertNote.run(id, note, staff, now, now, now).lastInsertRowid);
        const noteDoc = entryDoc({ customer_id: id, kind: 'note', status: null, text: note, resolution: '' });
        documents.push(() => indexMemory(docKey('entry', entryId), noteDoc));
      }
      return id;
    },
    get queued() {
      return documents.length - indexed;
    },
    index(count) {
      const end = Math.min(documents.length, indexed + count);
      for (; indexed < end; indexed++) documents[indexed]!();
      return documents.length - indexed;
    },
  };
}
