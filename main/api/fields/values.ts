import type { FieldRow } from '../../../db/memory/fields.js';
import { optionsOf } from '../../../db/memory/fields.js';
import { isDay } from '../../core/days.js';
import { words } from '../../core/text.js';
import type { FieldErrorCode } from '../errors.js';
import { MAX_TEXT_VALUE, type FieldValue } from './schema.js';

// A custom field value, checked for its field's kind and brought to the form it is stored in.

export type Parsed = { ok: true; stored: string | null } | { ok: false; code: FieldErrorCode };

const NUMBER = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/;
const MAX_NUMBER = 1e12;

export function parseFieldValue(field: Pick<FieldRow, 'kind' | 'options'>, raw: string | number | null): Parsed {
  const typed = typeof raw === 'string' ? raw.trim() : raw;
  if (typed === null || typed === '') return { ok: true, stored: null };
  switch (field.kind) {
    case 'text': {
      const value = String(typed);
      return value.length > MAX_TEXT_VALUE ? { ok: false, code: 'too_long' } : { ok: true, stored: value };
    }
    case 'number': {
      let n: number;
      if (typeof typed === 'number') n = typed;
      else if (NUMBER.test(typed.replace(/\s+/g, ''))) n = Number(typed.replace(/\s+/g, '').replace(',', '.'));
      else return { ok: false, code: 'invalid_number' };
      if (!Number.isFinite(n)) return { ok: false, code: 'invalid_number' };
      if (Math.abs(n) >= MAX_NUMBER) return { ok: false, code: 'out_of_range' };
      return { ok: true, stored: String(n) };
    }
    case 'date':
      return typeof typed === 'string' && isDay(typed) ? { ok: true, stored: typed } : { ok: false, code: 'invalid_date' };
    case 'choice': {
      const options = optionsOf(field);
      const folded = typeof typed === 'string' ? words(typed).join(' ') : null;
      const option = typeof typed === 'number'
        ? options.find((o) => o.id === typed)
        : options.find((o) => words(o.label).join(' ') === folded);
      return option ? { ok: true, stored: String(option.id) } : { ok: false, code: 'invalid_choice' };
    }
  }
}

/** A stored value as the profile gets it. */
export function fieldValueOf(field: Pick<FieldRow, 'kind'>, stored: string): FieldValue {
  return field.kind === 'number' || field.kind === 'choice' ? Number(stored) : stored;
}
