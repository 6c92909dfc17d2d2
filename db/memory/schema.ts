// Kysely's view of the customer-memory tables (migration 004). Joined into DB in db/schema.ts.
import type { Generated } from 'kysely';

export type EntryKindColumn = 'note' | 'conversation' | 'complaint' | 'feedback' | 'wish' | 'contact';
export type EntryStatusColumn = 'open' | 'resolved' | 'fulfilled';

export interface CustomerEntriesTable {
  id: Generated<number>;
  customer_id: number;
  kind: EntryKindColumn;
  text: string;
  staff: string;
  at: number;
  score: number | null;
  status: EntryStatusColumn | null;
  resolution: Generated<string>;
  status_at: number | null;
  status_staff: string | null;
  channel: string | null;
  contact_tag_id: number | null;
  contact_wish_id: number | null;
  revisions: Generated<number>;
  edited_staff: string | null;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

export interface CustomerEntryRevisionsTable {
  id: Generated<number>;
  entry_id: number;
  text: string;
  score: number | null;
  at: number;
  staff: string;
  written_at: number;
  replaced_at: number;
}

export interface CustomerFactsTable {
  id: Generated<number>;
  customer_id: number;
  text: string;
  position: number;
  staff: string;
  created_at: number;
  updated_at: number;
}

export interface TagsTable {
  id: Generated<number>;
  name: string;
  folded: string;
  customer_count: Generated<number>;
  created_at: number;
}

export interface CustomerTagsTable {
  customer_id: number;
  tag_id: number;
  staff: string;
  created_at: number;
}

export type RepeatKindColumn = 'none' | 'weeks' | 'yearly';
export type FollowUpStatusColumn = 'open' | 'done' | 'cancelled';

export interface FollowUpsTable {
  id: Generated<number>;
  customer_id: number;
  text: string;
  due_on: string;
  repeat_kind: RepeatKindColumn;
  repeat_weeks: number | null;
  anchor_on: string;
  status: Generated<FollowUpStatusColumn>;
  staff: string;
  previous_id: number | null;
  closed_at: number | null;
  closed_staff: string | null;
  created_at: number;
  updated_at: number;
}

export type FieldKindColumn = 'text' | 'number' | 'date' | 'choice';

export interface CustomFieldsTable {
  id: Generated<number>;
  name: string;
  kind: FieldKindColumn;
  options: string;
  position: number;
  retired_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface CustomerFieldValuesTable {
  id: Generated<number>;
  customer_id: number;
  field_id: number;
  value: string;
  updated_at: number;
}

export interface CustomerVisitStatsTable {
  customer_id: number;
  visit_count: number;
  spend_cents: number;
  last_visit_at: number;
  usual_interval_days: number | null;
  overdue_day: number | null;
  updated_at: number;
}

export interface MemoryTables {
  customer_entries: CustomerEntriesTable;
  customer_entry_revisions: CustomerEntryRevisionsTable;
  customer_facts: CustomerFactsTable;
  tags: TagsTable;
  customer_tags: CustomerTagsTable;
  follow_ups: FollowUpsTable;
  custom_fields: CustomFieldsTable;
  customer_field_values: CustomerFieldValuesTable;
  customer_visit_stats: CustomerVisitStatsTable;
}
