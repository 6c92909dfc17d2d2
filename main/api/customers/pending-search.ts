import { sqliteArchive } from '../../../db/archive.js';
import type { Archive } from '../../../db/archive.js';
import { backlogState, chunkEnd, pendingDocuments } from '../../../db/customers/search-backlog.js';
import type { SearchDocument } from '../../../db/customers/search-document.js';
import type { TierQuery } from '../../../db/customers/search-query.js';

// The counter search over customers an import queued for the index but whose documents
// are not written yet (db/customers/search-backlog.ts): for the seconds that takes, they
// are found by testing their documents here, with the same query the index answers. The
// documents are made once: a little at a time right after the import (search-indexing.ts),
// or all at once by a search that comes first; the indexer then writes these same
// documents and drops them here as it goes.

interface Pending {
  /** Documents are made for the queued keys up to here (keys only grow: new arrivals are larger). */
  loadedTo: number;
  docs: Map<number, SearchDocument>;
}

const pendingByArchive = new WeakMap<Archive, Pending>();

function pendingOf(archive: Archive): Pending {
  let pending = pendingByArchive.get(archive);
  if (!pending) pendingByArchive.set(archive, (pending = { loadedTo: 0, docs: new Map() }));
  return pending;
}

/** Makes the documents of up to `count` more queued keys; true when every queued key has one. */
export function loadPending(archive: Archive, count = Infinity): boolean {
  const pending = pendingOf(archive);
  const { newest } = backlogState(sqliteArchive(archive).sqlite);
  if (pending.loadedTo >= newest) return true;
  const upTo = Number.isFinite(count) ? (chunkEnd(sqliteArchive(archive).sqlite, pending.loadedTo, count) ?? newest) : newest;
  for (const { key, doc } of pendingDocuments(sqliteArchive(archive).sqlite, pending.loadedTo, upTo)) if (doc) pending.docs.set(key, doc);
  pending.loadedTo = upTo;
  return upTo >= newest;
}

/** The documents made so far, for the indexer to write instead of making them again. */
export function madeDocuments(archive: Archive): ReadonlyMap<number, SearchDocument> {
  return pendingOf(archive).docs;
}

/** The indexer wrote every queued key up to `upTo`: the index finds those now; `more` says whether any still wait. */
export function forgetPending(archive: Archive, upTo: number, more: boolean): void {
  if (!more) {
    pendingByArchive.delete(archive);
    return;
  }
  const { docs } = pendingOf(archive);
  for (const key of docs.keys()) {
    // Map order is insertion order, which is key order: stop at the first key still queued.
    if (key > upTo) break;
    docs.delete(key);
  }
}

/**
 * The documents of every customer still waiting for the index, read once for a whole
 * search (all its tiers); null when none wait, which is nearly always.
 */
export function waitingDocuments(archive: Archive): Promise<ReadonlyMap<number, SearchDocument> | null> {
  // Through Kysely's connection, so it waits for a running transaction like every other read.
  return archive.db.connection().execute(async (conn) => {
    // TODO(issue 13): the server's backlog, written by its import; until then it is empty there.
    if (archive.engine === 'postgres') {
      const row = await conn.selectFrom('search_backlog').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      if (Number(row.n) === 0) return null;
    }
    if (backlogState(sqliteArchive(archive).sqlite).count === 0) {
      pendingByArchive.delete(archive);
      return null;
    }
    loadPending(archive);
    return pendingOf(archive).docs;
  });
}

/** Up to `limit` keys of waiting customers the tier matches, newest first (as the index orders them). */
export function matchingKeys(waiting: ReadonlyMap<number, SearchDocument>, tier: TierQuery, limit: number): number[] {
  const keys: number[] = [];
  for (const [key, doc] of waiting) if (tier.matches(doc)) keys.push(key);
  return keys.sort((a, b) => b - a).slice(0, limit);
}
