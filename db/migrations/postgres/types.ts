/**
 * A numbered, forward-only step of the PostgreSQL schema: the same numbers and names as the
 * SQLite migrations in db/migrations/, each the same step for the other engine. Plain
 * statements, run in order in one transaction by run.ts: no driver here, and one statement
 * per string (PL/pgSQL bodies hold semicolons). Never edit one that has landed: add the next.
 */
export interface PostgresMigration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}
