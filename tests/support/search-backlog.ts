import { sql } from 'kysely';
import type { Archive } from '../../db/archive.js';
import { searchDocument } from '../../db/customers/search-document.js';
import { documentRows } from '../../db/customers/search-index-postgres.js';
import { onServer } from './engine.js';

// The counter-search backlog as a large import leaves it, on either engine's index
// (db/customers/search-index.ts: FTS5 on the file; search-index-postgres.ts: a token table).

type WithArchive = { archive: Archive };

/** Empties the search index and queues every live customer for it, as a large import leaves them. */
export async function requeueAll(app: WithArchive): Promise<void> {
  const { db } = app.archive;
  if (onServer) {
    await sql`DELETE FROM customer_search`.execute(db);
  } else {
    await sql`INSERT INTO customer_search (customer_search) VALUES ('delete-all')`.execute(db);
    await sql`INSERT INTO customer_numbers (customer_numbers) VALUES ('delete-all')`.execute(db);
  }
  await sql`INSERT INTO search_backlog (search_key) SELECT search_key FROM customers WHERE archived_at IS NULL`.execute(db);
}

/** Customers still waiting for their search documents (an app or any open services). */
export async function backlogCount(app: WithArchive): Promise<number> {
  const row = await app.archive.db.selectFrom('search_backlog').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Customers the index itself (not the backlog) finds by a whole word of their name. */
export async function indexedByName(app: WithArchive, word: string): Promise<number> {
  const { rows } = onServer
    ? await sql<{ n: number }>`SELECT count(DISTINCT search_key) AS n FROM customer_search WHERE field = 'n' AND token = ${word}`.execute(app.archive.db)
    : await sql<{ n: number }>`SELECT count(*) AS n FROM customer_search WHERE customer_search MATCH ${`name : ${word}`}`.execute(app.archive.db);
  return Number(rows[0]!.n);
}

/**
 * Throws when the index is inconsistent. SQLite: FTS5's own check of both tables. PostgreSQL:
 * the token table holds exactly the rows of every live customer's document, each once.
 */
export async function checkSearchIndex(app: WithArchive): Promise<void> {
  const { db } = app.archive;
  if (!onServer) {
    for (const table of ['customer_search', 'customer_numbers']) {
      await sql`INSERT INTO ${sql.table(table)} (${sql.table(table)}, rank) VALUES ('integrity-check', 0)`.execute(db);
    }
    return;
  }
  const customers = await db.selectFrom('customers').selectAll().where('archived_at', 'is', null).execute();
  const phones = await db.selectFrom('customer_phones').select(['customer_id', 'e164', 'national_digits']).orderBy('customer_id').orderBy('position').execute();
  const expected: string[] = [];
  for (const c of customers) {
    const doc = searchDocument(c, phones.filter((p) => p.customer_id === c.id));
    for (const row of documentRows(doc)) expected.push(`${c.search_key} ${row.field} ${row.token}`);
  }
  const { rows } = await sql<{ search_key: number; field: string; token: string }>`SELECT search_key, field, token FROM customer_search`.execute(db);
  const actual = rows.map((r) => `${r.search_key} ${r.field} ${r.token}`);
  const sort = (list: string[]) => [...list].sort();
  if (JSON.stringify(sort(actual)) !== JSON.stringify(sort(expected))) {
    throw new Error(`customer_search does not hold exactly the live customers' documents:\n${sort(actual).join('\n')}\n---\n${sort(expected).join('\n')}`);
  }
}
