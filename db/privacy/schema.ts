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

/** Migration 011: every erasure, ids and times only, carried across restores. */
export interface ErasureRegisterTable {
  customer_id: number;
  /** The erased row's created_at: tells that customer from a later one given the same id. */
  customer_created_at: number;
  erased_at: number;
}

export interface PrivacyTables {
  customer_merges: CustomerMergesTable;
  customer_erasures: CustomerErasuresTable;
  erasure_register: ErasureRegisterTable;
}
