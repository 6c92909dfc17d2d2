import { sqliteArchive } from '../../db/archive.js';
import type { TestApp } from './services.js';

/** Empties the search index and queues every live customer for it, as a large import leaves them. */
export function requeueAll(app: TestApp): void {
  sqliteArchive(app.archive).sqlite.exec(`
    INSERT INTO customer_search (customer_search) VALUES ('delete-all');
    INSERT INTO customer_numbers (customer_numbers) VALUES ('delete-all');
    INSERT INTO search_backlog (search_key) SELECT search_key FROM customers WHERE archived_at IS NULL;
  `);
}

/** Customers still waiting for their search documents (an app or any open services). */
export const backlogCount = (app: Pick<TestApp, 'archive'>): number =>
  sqliteArchive(app.archive).sqlite.prepare('SELECT count(*) FROM search_backlog').pluck().get() as number;

/** FTS5's own check of both search tables; throws when an index is inconsistent. */
export function checkSearchIndex(app: TestApp): void {
  for (const table of ['customer_search', 'customer_numbers']) {
    sqliteArchive(app.archive).sqlite.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('integrity-check', 0)`).run();
  }
}
