// Output types of the privacy calls, re-exported to the renderer through main/api/contract.ts.
import type { Customer } from '../customers/schema.js';
import type { CustomerRef } from '../memory/common.js';
import type { Unit } from '../../core/loyalty/rules.js';

/** What the profile needs to know: erased (and wiped from the file yet?), or merged into someone. */
export interface PrivacyStatus {
  id: number;
  erasedAt: number | null;
  /** False while an erasure's traces may still be in the archive's storage (see privacy.scrub). */
  scrubbed: boolean;
  /** The customer this one was merged into (after any later merges), or null. */
  mergedInto: number | null;
  /** Erasures anywhere in the archive still waiting for privacy.scrub, and the newest one's time. */
  pendingScrubs: number;
  pendingUpTo: number | null;
  /** The steps privacy.scrub runs, by index. */
  scrubSteps: ScrubStepName[];
}

export interface EraseResult {
  customerId: number;
  erasedAt: number;
  /** The privacy.scrub steps that follow, by index (0 … length-1). */
  scrubSteps: ScrubStepName[];
  /** Exports in the exports folder that still hold them (privacy.deleteExports deletes them). */
  exports: ExportHolding[];
}

/** An export made before an erasure that still holds the customer (main/api/privacy/export-scan.ts). */
export interface ExportHolding {
  /** Its generated name in the exports folder. */
  name: string;
  /** Found by their whole name only (no id, card, e-mail or phone in it): perhaps a namesake. */
  nameOnly: boolean;
}

/** The SQLite file's steps, then the PostgreSQL server's (db/privacy/scrub.ts, scrub-postgres.ts). */
export type ScrubStepName =
  | 'customer_search' | 'customer_numbers' | 'memory_search' | 'vacuum' | 'checkpoint'
  | 'search_tables' | 'customer_tables' | 'sales_tables';

export interface ScrubProgress {
  step: number;
  name: ScrubStepName;
  steps: number;
  /**
   * True after the last step: nothing erased is left in the file or its WAL (SQLite), or in
   * the tables' files (PostgreSQL; its WAL segments until recycled: db/privacy/scrub-postgres.ts).
   */
  done: boolean;
}

/** Everything the archive holds about one customer, as the JSON file they can take away. */
export interface PersonalData {
  format: 'counterpart.personal-data';
  version: 1;
  exportedAt: number;
  shop: string;
  /** The profile as the app shows it, without what is derived (the display name) or only ours (erasure). */
  customer: Omit<Customer, 'displayName' | 'erasedAt'> & {
    referredBy: string | null;
    /** How many customers they brought in (names of others are not theirs to take). */
    referredCount: number;
  };
  tags: { name: string; since: number }[];
  facts: { text: string; staff: string; createdAt: number; updatedAt: number }[];
  timeline: {
    kind: string;
    text: string;
    at: number;
    staff: string;
    score: number | null;
    status: string | null;
    resolution: string;
    statusAt: number | null;
    channel: string | null;
    createdAt: number;
    updatedAt: number;
    deletedAt: number | null;
    earlierVersions: { text: string; score: number | null; at: number; staff: string; writtenAt: number; replacedAt: number }[];
  }[];
  followUps: {
    text: string;
    dueOn: string;
    repeat: 'none' | 'weeks' | 'yearly';
    repeatWeeks: number | null;
    status: 'open' | 'done' | 'cancelled';
    staff: string;
    createdAt: number;
    closedAt: number | null;
  }[];
  fields: { name: string; value: string; updatedAt: number }[];
  loyalty: {
    unit: Unit;
    balance: number;
    visits: { id: number; kind: 'purchase' | 'visit'; amountCents: number; description: string; occurredAt: number; undoes: number | null }[];
    ledger: { id: number; kind: string; amount: number; reward: string | null; reason: string; createdAt: number; reverses: number | null }[];
  };
  receipts: { kind: string; status: string; createdAt: number; printedAt: number | null }[];
}

/** The readable export: an HTML fragment (class names only, every text escaped) in the app's language. */
export interface PersonalDataPage {
  title: string;
  html: string;
  /** A file name for the JSON download. */
  fileName: string;
}

export type MergeSideName = 'survivor' | 'merged';

/** One of the two customers on the merge screen. */
export interface MergeSide {
  customer: Customer;
  referrer: CustomerRef | null;
  tags: string[];
  fields: { fieldId: number; name: string; value: string }[];
  counts: { entries: number; facts: number; openFollowUps: number; visits: number; ledgerEntries: number };
  balance: number;
}

export interface MergePreview {
  survivor: MergeSide;
  merged: MergeSide;
  unit: Unit;
  /** The survivor's balance after the merge: the two ledgers summed. */
  balanceAfter: number;
}

export interface MergeResult {
  survivor: Customer;
  mergedId: number;
}
