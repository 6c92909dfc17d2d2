// What changed in the archive, as the screens follow it (issue 14: live screens). Told by the
// archive itself on PostgreSQL (migration 019's NOTIFY, whoever wrote: another till, the CLI,
// an import), and on the SQLite file by this process's own write calls and, for another
// process on the same file, PRAGMA data_version (main/node/change-feed.ts).

/**
 * customer: the customer row, phones, archived or erased; loyalty: visits, points, balances,
 * the programme and rewards; memory: notes, facts, tags, field values, follow-ups; receipts:
 * print jobs (the unprinted list). Today follows customer (birthdays), loyalty (regulars) and
 * memory (follow-ups, complaints, wishes). any: something, perhaps everything, changed.
 */
export type ChangeTopic = 'customer' | 'loyalty' | 'memory' | 'receipts' | 'any';

export interface Change {
  topic: ChangeTopic;
  /** The customers concerned (ascending), or 'many': too many to list, or the whole shop. */
  customers: number[] | 'many';
}

export interface ChangesPage {
  /** Hand it back as `after` to hear what changes next. */
  cursor: string;
  /** Since `after`, one per topic, their customers merged. */
  changes: Change[];
  /**
   * Changes may have gone unseen (the cursor is older than what is kept, from before a
   * restart, or the server was away): refetch everything shown.
   */
  missed: boolean;
}

/** The changes this process has heard of, kept for a while with increasing cursors. */
export interface ChangeFeed {
  /** What changed after `after` (null: nothing, just the cursor of now). */
  since(after: string | null): ChangesPage;
  /** Called on every change (and once when the feed closes); returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
  /**
   * Settles once changes are being heard (the server's LISTEN connection is up), so that a
   * first cursor is handed out after, not before; absent where they always are (the file).
   */
  listening?(): Promise<void>;
}
