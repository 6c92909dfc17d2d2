// Kysely's view of the privacy tables (migration 006). Joined into DB in db/schema.ts.

export interface CustomerMergesTable {
  /** The customer merged away: an anonymous, archived row now. */
  merged_id: number;
  /** The customer it was merged into (who may since have been merged again). */
  survivor_id: number;
  merged_at: number;
  staff: string;
}

export interface CustomerErasuresTable {
  customer_id: number;
  erased_at: number;
  staff: string;
  /** When no page of the file held what was erased any more; null until then. */
  scrubbed_at: number | null;
}

export interface PrivacyTables {
  customer_merges: CustomerMergesTable;
  customer_erasures: CustomerErasuresTable;
}
