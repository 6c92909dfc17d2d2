import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../schema.js';
import type { CustomFieldsTable, CustomerFieldValuesTable, FieldKindColumn } from './schema.js';
import { docKey, fieldDoc, indexDoc, reindexDoc, unindexDoc } from './search.js';

// Custom fields the shop defines, and each customer's values. Text values and the labels
// of choice values are searchable: indexed in memory_search in the caller's transaction
// (a renamed option re-indexes the values that hold it). Numbers and dates are not.

export type FieldRow = Selectable<CustomFieldsTable>;
export type FieldValueRow = Selectable<CustomerFieldValuesTable>;

export interface FieldOption {
  id: number;
  label: string;
}

export const optionsOf = (row: Pick<FieldRow, 'options'>): FieldOption[] => JSON.parse(row.options) as FieldOption[];

/** What the index holds for a value: its text, or its option's label; nothing for numbers and dates. */
export function valueText(field: Pick<FieldRow, 'kind' | 'options'>, value: string): string {
  if (field.kind === 'text') return value;
  if (field.kind === 'choice') return optionsOf(field).find((o) => String(o.id) === value)?.label ?? '';
  return '';
}

const searchable = (kind: FieldKindColumn) => kind === 'text' || kind === 'choice';

export function listFields(db: Kysely<DB>, includeRetired: boolean): Promise<FieldRow[]> {
  let q = db.selectFrom('custom_fields').selectAll();
  if (!includeRetired) q = q.where('retired_at', 'is', null);
  return q.orderBy('position').orderBy('id').execute();
}

export function getField(db: Kysely<DB>, id: number): Promise<FieldRow | undefined> {
  return db.selectFrom('custom_fields').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertField(
  db: Kysely<DB>, values: { name: string; kind: FieldKindColumn; options: FieldOption[] }, now: number,
): Promise<FieldRow> {
  const last = await db
    .selectFrom('custom_fields')
    .select((eb) => eb.fn.coalesce(eb.fn.max('position'), eb.lit(-1)).as('p'))
    .executeTakeFirstOrThrow();
  return db
    .insertInto('custom_fields')
    .values({ ...values, options: JSON.stringify(values.options), position: Number(last.p) + 1, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateField(
  db: Kysely<DB>, id: number, values: { name?: string; options?: FieldOption[]; retired_at?: number | null }, now: number,
): Promise<FieldRow> {
  const { options, ...rest } = values;
  return db
    .updateTable('custom_fields')
    .set({ ...rest, ...(options ? { options: JSON.stringify(options) } : {}), updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** How many values hold each of a choice field's options. */
export async function optionUse(db: Kysely<DB>, fieldId: number): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('customer_field_values')
    .select(['value', (eb) => eb.fn.countAll<number>().as('n')])
    .where('field_id', '=', fieldId)
    .groupBy('value')
    .execute();
  return new Map(rows.map((r) => [r.value, Number(r.n)]));
}

/** Re-indexes the values holding an option, after its label changed. */
export async function reindexOption(db: Kysely<DB>, field: FieldRow, optionId: number): Promise<void> {
  const rows = await db
    .selectFrom('customer_field_values')
    .select(['id', 'customer_id', 'value'])
    .where('field_id', '=', field.id)
    .where('value', '=', String(optionId))
    .execute();
  for (const r of rows) await reindexDoc(db, docKey('field', r.id), fieldDoc(r.customer_id, field.id, valueText(field, r.value)));
}

export function valuesOf(db: Kysely<DB>, customerId: number): Promise<FieldValueRow[]> {
  return db.selectFrom('customer_field_values').selectAll().where('customer_id', '=', customerId).execute();
}

/** Sets (or with null clears) one value, keeping its search document in step. */
export async function setValue(db: Kysely<DB>, customerId: number, field: FieldRow, value: string | null, now: number): Promise<void> {
  const before = await db
    .selectFrom('customer_field_values')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('field_id', '=', field.id)
    .executeTakeFirst();
  if (before && value === before.value) return;
  if (before) await unindexDoc(db, docKey('field', before.id));
  if (value === null) {
    if (before) await db.deleteFrom('customer_field_values').where('id', '=', before.id).execute();
    return;
  }
  const row = before
    ? await db.updateTable('customer_field_values').set({ value, updated_at: now }).where('id', '=', before.id)
      .returningAll().executeTakeFirstOrThrow()
    : await db.insertInto('customer_field_values').values({ customer_id: customerId, field_id: field.id, value, updated_at: now })
      .returningAll().executeTakeFirstOrThrow();
  if (searchable(field.kind)) {
    await indexDoc(db, docKey('field', row.id), fieldDoc(customerId, field.id, valueText(field, value)));
  }
}
