import type BetterSqlite3 from 'better-sqlite3';

/** A numbered, forward-only schema step. Never edit one that has landed: add the next. */
export interface Migration {
  version: number;
  name: string;
  up(db: BetterSqlite3.Database): void;
}
