import { z } from 'zod';
import { id, requiredText } from '../memory/common.js';
import { lineText } from '../text-schema.js';

// Custom fields the shop defines (clothing size, clipper guard, favourite author), shown on
// every profile. Text values and choice labels are found by the counter search, in the
// notes group.

export const FIELD_KINDS = ['text', 'number', 'date', 'choice'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

export const MAX_FIELD_NAME = 40;
export const MAX_OPTIONS = 50;
export const MAX_OPTION_LABEL = 60;
export const MAX_TEXT_VALUE = 200;

const optionLabel = requiredText(MAX_OPTION_LABEL);

export const fieldDefineInput = z.object({
  name: requiredText(MAX_FIELD_NAME),
  kind: z.enum(FIELD_KINDS, { error: 'invalid' }),
  /** A choice's options, in order (at least one); empty for the other kinds. */
  options: z.array(optionLabel).max(MAX_OPTIONS, { error: 'too_many' }).default([]),
});

export const fieldUpdateInput = z.object({
  id,
  /** The new name (unchanged: the same name). */
  name: requiredText(MAX_FIELD_NAME),
  /**
   * A choice's options in their new order: existing ones by id (a changed label renames the
   * option everywhere), new ones with id null. Leaving out an option that customers hold is
   * refused (option_in_use). Null keeps the options.
   */
  options: z
    .array(z.object({ id: id.nullable().default(null), label: optionLabel }))
    .min(1, { error: 'required' })
    .max(MAX_OPTIONS, { error: 'too_many' })
    .nullable()
    .default(null),
});

export const fieldRetireInput = z.object({ id, retired: z.boolean({ error: 'invalid' }) });

/**
 * A value as the profile sends it: text → a string; number → a number (or a string such as
 * "2,5"); date → 'YYYY-MM-DD'; choice → the option's id (or its label as a string).
 * null or '' clears it.
 */
export const fieldValueInput = z.union([lineText(1000, { trim: false }), z.number(), z.null()], { error: 'invalid' });

export const fieldSetValuesInput = z.object({
  customerId: id,
  /** By field id ("12": …); fields left out keep their value. */
  values: z.record(z.string().regex(/^\d{1,12}$/, { error: 'invalid' }), fieldValueInput),
});

export interface FieldOption {
  id: number;
  label: string;
}

export interface CustomField {
  id: number;
  name: string;
  kind: FieldKind;
  /** Choice fields only; [] for the others. */
  options: FieldOption[];
  position: number;
  retired: boolean;
}

/** text: string; number: number; date: 'YYYY-MM-DD'; choice: the option id. */
export type FieldValue = string | number;

export interface FieldWithValue {
  field: CustomField;
  value: FieldValue | null;
}
