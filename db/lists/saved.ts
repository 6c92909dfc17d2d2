import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../schema.js';
import type { SavedFiltersTable } from './schema.js';

// Saved customer filters: a name the shop chose and the filter's JSON. The JSON is stored
// as given and checked again by main/api/lists whenever it is read.

export type SavedFilterRow = Selectable<SavedFiltersTable>;

export function listSaved(db: Kysely<DB>): Promise<SavedFilterRow[]> {
  return db.selectFrom('saved_filters').selectAll().orderBy('folded').orderBy('id').execute();
}

export function getSaved(db: Kysely<DB>, id: number): Promise<SavedFilterRow | undefined> {
  return db.selectFrom('saved_filters').selectAll().where('id', '=', id).executeTakeFirst();
}

export function savedByFolded(db: Kysely<DB>, folded: string): Promise<SavedFilterRow | undefined> {
  return db.selectFrom('saved_filters').selectAll().where('folded', '=', folded).executeTakeFirst();
}

export function insertSaved(db: Kysely<DB>, values: { name: string; folded: string; filter: string }, now: number): Promise<SavedFilterRow> {
  return db
    .insertInto('saved_filters')
    .values({ ...values, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateSaved(
  db: Kysely<DB>, id: number, values: { name: string; folded: string; filter: string }, now: number,
): Promise<SavedFilterRow | undefined> {
  return db.updateTable('saved_filters').set({ ...values, updated_at: now }).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function deleteSaved(db: Kysely<DB>, id: number): Promise<boolean> {
  const result = await db.deleteFrom('saved_filters').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
