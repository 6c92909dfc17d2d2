import type { Archive } from '../../../db/open.js';
import { backlogState, pendingDocuments } from '../../../db/customers/search-backlog.js';
import type { SearchDocument } from '../../../db/customers/search-document.js';
import type { TierQuery } from '../../../db/customers/search-query.js';

// The counter search over customers an import queued for the index but whose documents
// are not written yet (db/customers/search-backlog.ts): for the few seconds that takes,
// they are found by testing their documents here, with the same query the index answers.
// The documents are read once and kept while anything waits; the index finds those it
// has meanwhile taken over, and the caller drops repeats and keys no longer in use.

interface Pending {
  /** The newest key read: anything queued later has a larger key. */
  newest: number;
  docs: Map<number, SearchDocument>;
}

const pendingByArchive = new WeakMap<Archive, Pending>();

/** Up to `limit` keys of waiting customers the tier matches, newest first (as the index orders them). */
export function pendingKeys(archive: Archive, tier: TierQuery, limit: number): Promise<number[]> {
  // Through Kysely's connection, so it waits for a running transaction like every other read.
  return archive.db.connection().execute(async () => {
    const { count, newest } = backlogState(archive.sqlite);
    if (count === 0) {
      pendingByArchive.delete(archive);
      return [];
    }
    let pending = pendingByArchive.get(archive);
    if (!pending) pendingByArchive.set(archive, (pending = { newest: 0, docs: new Map() }));
    if (newest > pending.newest) {
      for (const { key, doc } of pendingDocuments(archive.sqlite, pending.newest, newest)) if (doc) pending.docs.set(key, doc);
      pending.newest = newest;
    }
    const keys: number[] = [];
    for (const [key, doc] of pending.docs) if (tier.matches(doc)) keys.push(key);
    return keys.sort((a, b) => b - a).slice(0, limit);
  });
}
