import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import { joinInOrder, tableThroughIndex } from '../engine.js';
import type { DB } from '../schema.js';
import type { FollowUpsTable } from './schema.js';

// Follow-ups: one row per occurrence. Done closes the row; a repeating one is followed by a
// new open row for its next date (previous_id points back), so what was done stays on record.

export type FollowUpRow = Selectable<FollowUpsTable>;

export function getFollowUp(db: Kysely<DB>, id: number): Promise<FollowUpRow | undefined> {
  return db.selectFrom('follow_ups').selectAll().where('id', '=', id).executeTakeFirst();
}

export function successorOf(db: Kysely<DB>, id: number): Promise<FollowUpRow | undefined> {
  return db.selectFrom('follow_ups').selectAll().where('previous_id', '=', id).executeTakeFirst();
}

export function insertFollowUp(db: Kysely<DB>, values: Omit<Insertable<FollowUpsTable>, 'id'>): Promise<FollowUpRow> {
  return db.insertInto('follow_ups').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateFollowUp(db: Kysely<DB>, id: number, values: Updateable<FollowUpsTable>): Promise<FollowUpRow> {
  return db.updateTable('follow_ups').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** A customer's open follow-ups by due date, then the most recently closed ones. */
export async function followUpsOf(db: Kysely<DB>, customerId: number, closedLimit: number): Promise<{ open: FollowUpRow[]; closed: FollowUpRow[] }> {
  const open = await db
    .selectFrom('follow_ups')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('status', '=', 'open')
    .orderBy('due_on')
    .orderBy('id')
    .execute();
  const closed = closedLimit === 0 ? [] : await db
    .selectFrom('follow_ups')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('status', '!=', 'open')
    .orderBy('closed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(closedLimit)
    .execute();
  return { open, closed };
}

export interface DueRow extends FollowUpRow {
  given_name: string;
  name_prefix: string;
  family_name: string;
}

/** Open follow-ups due on or before a day, oldest first, archived customers left out. */
export function dueFollowUps(db: Kysely<DB>, day: string, limit: number): Promise<DueRow[]> {
  return db
    .selectFrom('follow_ups as f')
    .innerJoin('customers as c', 'c.id', 'f.customer_id')
    .selectAll('f')
    .select(['c.given_name', 'c.name_prefix', 'c.family_name'])
    .where('f.status', '=', 'open')
    .where('f.due_on', '<=', day)
    .where('c.archived_at', 'is', null)
    .orderBy('f.due_on')
    .orderBy('f.id')
    .limit(limit)
    .execute();
}

/** Open follow-ups due on or before a day (and before it: overdue), archived customers left out; see countByStatus. */
export async function countDue(db: Kysely<DB>, day: string): Promise<{ total: number; overdue: number }> {
  const { rows } = await sql<{ total: number; overdue: number }>`WITH
      everyone AS (SELECT count(*) AS total, coalesce(sum(CASE WHEN due_on < ${day} THEN 1 ELSE 0 END), 0) AS overdue FROM follow_ups
        WHERE status = 'open' AND due_on <= ${day}),
      archived AS (SELECT count(*) AS total, coalesce(sum(CASE WHEN f.due_on < ${day} THEN 1 ELSE 0 END), 0) AS overdue
        FROM ${tableThroughIndex(db, 'customers', 'customers_archived', 'c')} ${joinInOrder(db)} follow_ups f ON f.customer_id = c.id
        WHERE c.archived_at IS NOT NULL AND f.status = 'open' AND f.due_on <= ${day})
    SELECT everyone.total - archived.total AS total, everyone.overdue - archived.overdue AS overdue FROM everyone, archived`.execute(db);
  return { total: Number(rows[0]!.total), overdue: Number(rows[0]!.overdue) };
}
