// Kysely's view of the lists tables (migration 005). Joined into DB in db/schema.ts.
import type { Generated } from 'kysely';

export interface SavedFiltersTable {
  id: Generated<number>;
  name: string;
  folded: string;
  /** The filter as the renderer built it, JSON; validated again when loaded. */
  filter: string;
  created_at: number;
  updated_at: number;
}

export interface ListTables {
  saved_filters: SavedFiltersTable;
}
