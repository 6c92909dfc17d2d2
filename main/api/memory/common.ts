import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { getCustomerRow, type CustomerRow } from '../../../db/customers/repo.js';
import { isDay } from '../../core/days.js';
import { notFound } from '../errors.js';
import type { Deps } from '../deps.js';
import { displayName } from '../customers/mappers.js';
import { lineText } from '../text-schema.js';

// Shared by the customer-memory domains (notes, facts, tags, wishes, follow-ups, fields,
// Today, the counter brief): input pieces, the staff member to record, references to customers.

export const id = z.number({ error: 'invalid' }).int({ error: 'invalid' }).positive({ error: 'invalid' });

/** One line of free text (main/api/text-schema.ts: no control characters, tabs or line breaks). */
export const text = lineText;
export const requiredText = (max: number) => text(max).min(1, { error: 'required' });

/** Who did it; left out, the staff member chosen in the header (settings.currentStaff). */
export const staffInput = text(40).nullable().default(null);

/** A calendar day, 'YYYY-MM-DD', that exists. */
export const dayInput = z.string({ error: 'invalid_date' }).refine(isDay, { error: 'invalid_date' });

export const limit = (max: number, fallback: number) =>
  z.number({ error: 'invalid' }).int({ error: 'invalid' }).min(1, { error: 'out_of_range' }).max(max, { error: 'out_of_range' }).default(fallback);

/** An opaque "continue after this" for newest-first lists: "<at>.<id>". */
export const cursorInput = z.string({ error: 'invalid' }).regex(/^\d{1,15}\.\d{1,15}$/, { error: 'invalid' }).nullable().default(null);

export function parseCursor(cursor: string | null): { at: number; id: number } | null {
  if (cursor === null) return null;
  const [at, entry] = cursor.split('.');
  return { at: Number(at), id: Number(entry) };
}

export const cursorOf = (row: { at: number; id: number }) => `${row.at}.${row.id}`;

export function staffOf(deps: Pick<Deps, 'settings'>, staff: string | null): string {
  return staff ?? deps.settings.get().currentStaff;
}

/** A customer as a line that opens their profile. */
export interface CustomerRef {
  id: number;
  displayName: string;
  archived: boolean;
}

export function toRef(row: { id: number; given_name: string; name_prefix: string; family_name: string; archived_at: number | null }): CustomerRef {
  return { id: row.id, displayName: displayName(row), archived: row.archived_at !== null };
}

export async function requireCustomerRow(db: Kysely<DB>, customerId: number): Promise<CustomerRow> {
  const row = await getCustomerRow(db, customerId);
  if (!row) throw notFound('Customer');
  return row;
}
