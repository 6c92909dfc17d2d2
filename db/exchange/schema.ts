import type { Generated } from 'kysely';

// Kysely's view of an import's journal (migration 012; db/exchange/runs.ts writes and reads it).

export type ImportRunState = 'writing' | 'undoing' | 'done' | 'undone';

export interface ImportRunsTable {
  id: Generated<number>;
  started_at: number;
  state: ImportRunState;
  /** Moved by every chunk: a run silent for a while was left by a quit or a crash. */
  alive_at: number;
  finished_at: number | null;
}

/** The customer ids of one chunk: consecutive ids first_id … last_id, all the import's own. */
export interface ImportRunChunksTable {
  run_id: number;
  first_id: number;
  last_id: number;
}

/** Tags the import created: removed on undo when nobody else uses them by then. */
export interface ImportRunTagsTable {
  run_id: number;
  tag_id: number;
}

export interface ImportRunTables {
  import_runs: ImportRunsTable;
  import_run_chunks: ImportRunChunksTable;
  import_run_tags: ImportRunTagsTable;
}
