import type { Kysely } from 'kysely';
import type { Archive } from '../../../db/archive.js';
import type { DB } from '../../../db/schema.js';
import { backlogState, chunkEnd, pendingDocuments, type BacklogState } from '../../../db/customers/search-backlog.js';
import type { SearchDocument } from '../../../db/customers/search-document.js';
import type { TierQuery } from '../../../db/customers/search-query.js';

// The counter search over customers an import queued for the index but whose documents
// are not written yet (db/customers/search-backlog.ts): for the seconds that takes, they
// are found by testing their documents here, with the same query the index answers. The
// documents are made once: a little at a time right after the import (search-indexing.ts),
// or all at once by a search that comes first; the indexer then writes these same
// documents and drops them here as it goes.
//
// Each till (process) keeps its own documents. On the shared server another till may be
// the one whose import queued them and whose indexer writes them: a key indexed meanwhile
// is found by the index too (each key counts once), and one re-keyed or archived since
// finds no live customer under its old key, so what this till holds is never wrong, only
// at most a little more than needed, until the backlog is empty and it is dropped.

interface Pending {
  /**
   * Documents are made for the queued keys up to here (keys only grow: new arrivals are
   * larger). On the server, two imports on two tills committing in the other order than they
   * took their keys could queue keys below it: those are found once indexed (the indexer
   * always starts at the oldest key), seconds later.
   */
  loadedTo: number;
  docs: Map<number, SearchDocument>;
}

const pendingByArchive = new WeakMap<Archive, Pending>();

function pendingOf(archive: Archive): Pending {
  let pending = pendingByArchive.get(archive);
  if (!pending) pendingByArchive.set(archive, (pending = { loadedTo: 0, docs: new Map() }));
  return pending;
}

/** Makes the documents of up to `count` more queued keys, on `conn`; true when every queued key has one. */
async function load(conn: Kysely<DB>, archive: Archive, state: BacklogState, count: number): Promise<boolean> {
  const pending = pendingOf(archive);
  const { newest } = state;
  const from = pending.loadedTo;
  if (from >= newest) return true;
  const upTo = Number.isFinite(count) ? ((await chunkEnd(conn, from, count)) ?? newest) : newest;
  for (const { key, doc } of await pendingDocuments(conn, from, upTo)) if (doc) pending.docs.set(key, doc);
  // Never backwards: on the server a search's load and the indexer's may overlap.
  pending.loadedTo = Math.max(pending.loadedTo, upTo);
  return upTo >= newest;
}

/** Makes the documents of up to `count` more queued keys; true when every queued key has one. */
export function loadPending(archive: Archive, count = Infinity): Promise<boolean> {
  // Through Kysely's connection, so it waits for a running transaction like every other read.
  return archive.db.connection().execute(async (conn) => load(conn, archive, await backlogState(conn), count));
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
  return archive.db.connection().execute(async (conn) => {
    const state = await backlogState(conn);
    if (state.count === 0) {
      pendingByArchive.delete(archive);
      return null;
    }
    await load(conn, archive, state, Infinity);
    return pendingOf(archive).docs;
  });
}

/** Up to `limit` keys of waiting customers the tier matches, newest first (as the index orders them). */
export function matchingKeys(waiting: ReadonlyMap<number, SearchDocument>, tier: TierQuery, limit: number): number[] {
  const keys: number[] = [];
  for (const [key, doc] of waiting) if (tier.matches(doc)) keys.push(key);
  return keys.sort((a, b) => b - a).slice(0, limit);
}
