import type { Kysely } from 'kysely';
import type { Criterion, FieldTest } from '../../../db/lists/criteria.js';
import { getField, optionsOf, type FieldRow } from '../../../db/memory/fields.js';
import type { DB } from '../../../db/schema.js';
import { startOfDay } from '../../core/lists/windows.js';
import { words } from '../../core/text.js';
import { criterionInput, MAX_CRITERIA, type CriterionInput, type FilterInput } from './schema.js';
import type { FilterNote } from './types.js';

// From a filter as the renderer (or a saved filter) says it to the criteria SQL is made
// of: days become the shop's midnights, text becomes folded words, and whatever the filter
// names is looked up. What is gone (a tag, a field, a choice option) is left out with a
// note rather than failing the whole list: a saved filter must keep opening.

const MAX_WORDS = 6;

const SUITS: Record<FieldTest['op'], readonly FieldRow['kind'][]> = {
  filled: ['text', 'number', 'date', 'choice'],
  empty: ['text', 'number', 'date', 'choice'],
  words: ['text', 'choice'],
  number: ['number'],
  date: ['date'],
  oneOf: ['choice'],
};

/** Which of these tags (a filter names at most 20) still exist. */
async function existingTags(db: Kysely<DB>, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('tags').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

interface Step {
  criterion: Criterion | null;
  note: FilterNote['code'] | null;
  /** The criterion as given, less what is gone (when something was). */
  input?: CriterionInput;
}

async function resolveField(db: Kysely<DB>, c: Extract<CriterionInput, { kind: 'field' }>): Promise<Step> {
  const field = await getField(db, c.fieldId);
  if (!field) return { criterion: null, note: 'field_missing' };
  if (!SUITS[c.test.op].includes(field.kind)) return { criterion: null, note: 'field_kind' };
  const retired = field.retired_at !== null ? 'field_retired' : null;
  const t = c.test;
  let test: FieldTest;
  switch (t.op) {
    case 'filled':
    case 'empty':
      test = { op: t.op };
      break;
    case 'words':
      test = { op: 'words', words: words(t.text).slice(0, MAX_WORDS) };
      break;
    case 'number':
      test = { op: 'number', min: t.min, max: t.max };
      break;
    case 'date':
      test = { op: 'date', from: t.from, to: t.to };
      break;
    case 'oneOf': {
      const known = new Set(optionsOf(field).map((o) => o.id));
      const kept = t.optionIds.filter((o) => known.has(o));
      if (kept.length === 0) return { criterion: null, note: 'option_missing' };
      test = { op: 'oneOf', values: kept.map(String) };
      if (kept.length < t.optionIds.length) {
        return { criterion: { kind: 'field', fieldId: field.id, test }, note: 'option_missing', input: { ...c, test: { op: 'oneOf', optionIds: kept } } };
      }
      break;
    }
  }
  return { criterion: { kind: 'field', fieldId: field.id, test }, note: retired };
}

async function resolveOne(db: Kysely<DB>, c: CriterionInput): Promise<Step> {
  switch (c.kind) {
    case 'tags': {
      const known = await existingTags(db, c.tagIds);
      const kept = [...new Set(c.tagIds)].filter((t) => known.has(t));
      if (kept.length === 0) return { criterion: null, note: 'tag_missing' };
      const note = kept.length < new Set(c.tagIds).size ? 'tag_missing' : null;
      return { criterion: { kind: 'tags', tagIds: kept, match: c.match }, note, input: { ...c, tagIds: kept } };
    }
    case 'field':
      return resolveField(db, c);
    case 'lastVisit':
      return { criterion: { kind: 'lastVisit', op: c.op, at: c.day === null ? 0 : startOfDay(c.day) }, note: null };
    case 'spend':
      return { criterion: { kind: 'spend', period: c.period, min: c.minCents, max: c.maxCents }, note: null };
    case 'layer':
      return { criterion: { kind: 'layer', layers: [...new Set(c.layers)] }, note: null };
    case 'birthdayMonth':
      return { criterion: { kind: 'birthdayMonth', months: [...new Set(c.months)] }, note: null };
    case 'stamps':
    case 'consent':
    case 'score':
      return { criterion: c, note: null };
  }
}

export interface Resolved {
  criteria: Criterion[];
  notes: FilterNote[];
}

/** The SQL criteria of a (validated) filter, and notes on what could not be applied as given. */
export async function resolveFilter(db: Kysely<DB>, filter: FilterInput): Promise<Resolved> {
  const criteria: Criterion[] = [];
  const notes: FilterNote[] = [];
  for (const [index, c] of filter.criteria.entries()) {
    const step = await resolveOne(db, c);
    if (step.criterion) criteria.push(step.criterion);
    if (step.note) notes.push({ index, code: step.note, dropped: step.criterion === null });
  }
  return { criteria, notes };
}

/**
 * A filter without what it names that is gone: criteria naming only missing things left
 * out, others keeping what is still there. For a saved filter being opened in the builder.
 */
export async function cleanFilter(db: Kysely<DB>, filter: FilterInput): Promise<{ filter: FilterInput; notes: FilterNote[] }> {
  const criteria: CriterionInput[] = [];
  const notes: FilterNote[] = [];
  for (const [index, c] of filter.criteria.entries()) {
    const step = await resolveOne(db, c);
    if (step.criterion) criteria.push(step.input ?? c);
    if (step.note) notes.push({ index, code: step.note, dropped: step.criterion === null });
  }
  return { filter: { criteria }, notes };
}

/**
 * A stored filter read back: each criterion parsed on its own, so that one this version
 * cannot read (hand-edited, or from a newer app) is left out with a note instead of
 * losing the rest. Indexes in the notes are those of the stored filter.
 */
export function readStoredFilter(json: string): { filter: FilterInput; notes: FilterNote[] } {
  let stored: unknown;
  try {
    stored = JSON.parse(json);
  } catch {
    return { filter: { criteria: [] }, notes: [{ index: 0, code: 'invalid', dropped: true }] };
  }
  const list = typeof stored === 'object' && stored !== null && Array.isArray((stored as { criteria?: unknown }).criteria)
    ? ((stored as { criteria: unknown[] }).criteria)
    : null;
  if (list === null) return { filter: { criteria: [] }, notes: [{ index: 0, code: 'invalid', dropped: true }] };
  const criteria: CriterionInput[] = [];
  const notes: FilterNote[] = [];
  list.forEach((raw, index) => {
    const parsed = criterionInput.safeParse(raw);
    if (parsed.success && criteria.length < MAX_CRITERIA) criteria.push(parsed.data);
    else notes.push({ index, code: 'invalid', dropped: true });
  });
  return { filter: { criteria }, notes };
}
