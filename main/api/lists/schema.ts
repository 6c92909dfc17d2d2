import { z } from 'zod';
import { words } from '../../core/text.js';
import { dayInput, id, limit, text } from '../memory/common.js';

// What the lists calls take. A customer filter is a list of criteria, all of which must
// hold; each criterion is typed by its kind. Filters are stored as this JSON (saved
// filters) and parsed again, criterion by criterion, whenever they are read.

export const LIST_NAMES = ['birthdays', 'top', 'lapsed', 'rewards', 'satisfied', 'unhappy'] as const;
export type ListName = (typeof LIST_NAMES)[number];

export const LAYERS = ['top', 'large', 'medium', 'small', 'inactive', 'prospect'] as const;

export const MAX_CRITERIA = 20;
export const MAX_FILTER_NAME = 60;
/** Most rows a list or filter export holds: a mailing, not a backup (that is the exchange's). */
export const EXPORT_CAP = 20_000;
export const MAX_MONEY_CENTS = 100_000_000_00;

const int = (min: number, max: number) =>
  z.number({ error: 'invalid' }).int({ error: 'invalid' }).min(min, { error: 'out_of_range' }).max(max, { error: 'out_of_range' });
const cents = int(0, MAX_MONEY_CENTS).nullable().default(null);
const optionalDay = dayInput.nullable().default(null);

const fieldTest = z.discriminatedUnion('op', [
  z.object({ op: z.literal('filled') }),
  z.object({ op: z.literal('empty') }),
  /** Text and choice fields: every word, as the start of a word, accent- and case-blind. */
  z.object({
    op: z.literal('words'),
    text: text(100).refine((t) => words(t).length > 0, { error: 'required' }),
  }),
  z.object({ op: z.literal('number'), min: z.number({ error: 'invalid' }).finite({ error: 'invalid' }).nullable().default(null), max: z.number({ error: 'invalid' }).finite({ error: 'invalid' }).nullable().default(null) })
    .refine((t) => t.min !== null || t.max !== null, { error: 'required', path: ['min'] })
    .refine((t) => t.min === null || t.max === null || t.min <= t.max, { error: 'out_of_range', path: ['max'] }),
  z.object({ op: z.literal('date'), from: optionalDay, to: optionalDay })
    .refine((t) => t.from !== null || t.to !== null, { error: 'required', path: ['from'] })
    .refine((t) => t.from === null || t.to === null || t.from <= t.to, { error: 'out_of_range', path: ['to'] }),
  z.object({ op: z.literal('oneOf'), optionIds: z.array(id).min(1, { error: 'required' }).max(50, { error: 'too_many' }) }),
], { error: 'invalid' });

export const criterionInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('layer'), layers: z.array(z.enum(LAYERS, { error: 'invalid' })).min(1, { error: 'required' }).max(LAYERS.length) }),
  z.object({
    kind: z.literal('tags'),
    tagIds: z.array(id).min(1, { error: 'required' }).max(20, { error: 'too_many' }),
    /** any: holds one of them; all: holds every one; none: holds none of them. */
    match: z.enum(['any', 'all', 'none'], { error: 'invalid' }).default('any'),
  }),
  z.object({
    kind: z.literal('lastVisit'),
    /** before: last came before that day; since: came on that day or later; never: never came. */
    op: z.enum(['before', 'since', 'never'], { error: 'invalid' }),
    day: optionalDay,
  }).refine((c) => c.op === 'never' || c.day !== null, { error: 'required', path: ['day'] }),
  z.object({
    kind: z.literal('spend'),
    /** lifetime: every purchase kept; year: the last 12 months. */
    period: z.enum(['lifetime', 'year'], { error: 'invalid' }).default('lifetime'),
    minCents: cents,
    maxCents: cents,
  })
    .refine((c) => c.minCents !== null || c.maxCents !== null, { error: 'required', path: ['minCents'] })
    .refine((c) => c.minCents === null || c.maxCents === null || c.minCents <= c.maxCents, { error: 'out_of_range', path: ['maxCents'] }),
  z.object({ kind: z.literal('stamps'), min: int(1, 1_000_000) }),
  /** An RFM score (1–5, from the insights' customer_segments) of at least `min`. */
  z.object({ kind: z.literal('score'), score: z.enum(['recency', 'frequency', 'monetary'], { error: 'invalid' }), min: int(1, 5) }),
  z.object({ kind: z.literal('consent'), given: z.boolean({ error: 'invalid' }) }),
  z.object({ kind: z.literal('birthdayMonth'), months: z.array(int(1, 12)).min(1, { error: 'required' }).max(12) }),
  z.object({ kind: z.literal('field'), fieldId: id, test: fieldTest }),
], { error: 'invalid' });

export const filterInput = z.object({
  criteria: z.array(criterionInput).max(MAX_CRITERIA, { error: 'too_many' }).default([]),
});

export type CriterionInput = z.output<typeof criterionInput>;
export type FilterInput = z.output<typeof filterInput>;

const listSourceOptions = [
  z.object({
    list: z.literal('birthdays'),
    period: z.enum(['week', 'month'], { error: 'invalid' }).default('week'),
    /** 0: this week or month; 1: the next one. */
    offset: int(0, 1).default(0),
  }),
  z.object({
    list: z.literal('top'),
    /** How many (everyone who spent as much as the last of them comes too). */
    count: int(1, 1000).default(25),
  }),
  z.object({ list: z.literal('lapsed') }),
  z.object({ list: z.literal('rewards') }),
  z.object({ list: z.literal('satisfied') }),
  z.object({ list: z.literal('unhappy') }),
] as const;

export const listSource = z.discriminatedUnion('list', [...listSourceOptions], { error: 'invalid' });
export type ListSource = z.output<typeof listSource>;

export const listInput = z.object({ source: listSource, limit: limit(EXPORT_CAP, 500) });

export const nameKeyInput = z.object({
  family: z.string({ error: 'invalid' }).max(100, { error: 'invalid' }),
  given: z.string({ error: 'invalid' }).max(100, { error: 'invalid' }),
  id,
});

export const customersInput = z.object({
  filter: filterInput,
  /** `next` of the previous page; null for the first. */
  after: nameKeyInput.nullable().default(null),
  limit: limit(500, 100),
});

export const exportInput = z.object({
  source: z.discriminatedUnion('list', [
    ...listSourceOptions,
    z.object({ list: z.literal('customers'), filter: filterInput }),
  ], { error: 'invalid' }),
  /** list: the columns the list shows, everyone on it; contacts: names and how to reach them, only those who consented. */
  kind: z.enum(['list', 'contacts'], { error: 'invalid' }),
  /** Left out: ';' for a Dutch spreadsheet, ',' for an English one (the app's language). */
  separator: z.enum([';', ','], { error: 'invalid' }).nullable().default(null),
});

export const saveFilterInput = z.object({
  /** null saves a new one. */
  id: id.nullable().default(null),
  name: text(MAX_FILTER_NAME).min(1, { error: 'required' }),
  filter: filterInput,
});
