import type { CustomField, FilterCriterion, ListLayer, Tag } from '../../../main/api/contract';
import type { I18n } from '../i18n';

// The filter builder's rows as typed (amounts and numbers as text, a day perhaps not yet
// chosen) and the criteria they make once complete. An incomplete row is shown but not
// applied; the archive checks the rest (main/api/lists/schema.ts).

export type Kind = FilterCriterion['kind'];
export type FieldOp = 'filled' | 'empty' | 'words' | 'number' | 'date' | 'oneOf';
export type Match = 'any' | 'all' | 'none';

export const KINDS: readonly Kind[] = ['tags', 'lastVisit', 'spend', 'stamps', 'consent', 'birthdayMonth', 'layer', 'score', 'field'];
export const SCORES = ['recency', 'frequency', 'monetary'] as const;
export type Score = (typeof SCORES)[number];
export const LAYER_CHOICES: readonly ListLayer[] = ['top', 'large', 'medium', 'small', 'inactive', 'prospect'];

/** One row of the builder. Each kind reads only its own fields. */
export interface Draft {
  key: number;
  kind: Kind;
  layers: ListLayer[];
  tagIds: number[];
  match: Match;
  visitOp: 'before' | 'since' | 'never';
  day: string;
  period: 'lifetime' | 'year';
  /** Spend in euros, a number field's bounds, or a date field's days, as typed. */
  min: string;
  max: string;
  stamps: string;
  score: Score;
  scoreMin: number;
  given: boolean;
  months: number[];
  fieldId: number | null;
  fieldOp: FieldOp;
  text: string;
  optionIds: number[];
}

export function newDraft(kind: Kind, key: number): Draft {
  return {
    key, kind, layers: [], tagIds: [], match: 'any', visitOp: 'before', day: '', period: 'lifetime', min: '', max: '', stamps: '', score: 'recency', scoreMin: 4,
    given: true, months: [], fieldId: null, fieldOp: 'filled', text: '', optionIds: [],
  };
}

export function fromCriterion(c: FilterCriterion, key: number): Draft {
  const d = newDraft(c.kind, key);
  switch (c.kind) {
    case 'layer': return { ...d, layers: [...c.layers] };
    case 'score': return { ...d, score: c.score, scoreMin: c.min };
    case 'tags': return { ...d, tagIds: [...c.tagIds], match: c.match };
    case 'lastVisit': return { ...d, visitOp: c.op, day: c.day ?? '' };
    case 'spend': return { ...d, period: c.period, min: euros(c.minCents), max: euros(c.maxCents) };
    case 'stamps': return { ...d, stamps: String(c.min) };
    case 'consent': return { ...d, given: c.given };
    case 'birthdayMonth': return { ...d, months: [...c.months] };
    case 'field': {
      const t = c.test;
      const base = { ...d, fieldId: c.fieldId, fieldOp: t.op };
      if (t.op === 'words') return { ...base, text: t.text };
      if (t.op === 'number') return { ...base, min: t.min === null ? '' : String(t.min), max: t.max === null ? '' : String(t.max) };
      if (t.op === 'date') return { ...base, min: t.from ?? '', max: t.to ?? '' };
      if (t.op === 'oneOf') return { ...base, optionIds: [...t.optionIds] };
      return base;
    }
  }
}

const euros = (cents: number | null) => (cents === null ? '' : (cents / 100).toFixed(cents % 100 === 0 ? 0 : 2));

/** "12,50", "12.5", "€ 25" → cents; '' → null; anything else → undefined. */
export function parseEuros(text: string): number | null | undefined {
  const s = text.trim().replace(/^€\s*/, '');
  if (s === '') return null;
  if (!/^\d{1,9}([.,]\d{1,2})?$/.test(s)) return undefined;
  return Math.round(Number(s.replace(',', '.')) * 100);
}

function parseNumber(text: string): number | null | undefined {
  const s = text.trim().replace(',', '.');
  if (s === '') return null;
  const n = Number(s);
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s) && Number.isFinite(n) ? n : undefined;
}

export type Problem = 'incomplete' | 'invalidAmount' | 'minAboveMax';

/** The criterion a row makes, or why it makes none yet. */
export function toCriterion(d: Draft, fields: readonly CustomField[]): FilterCriterion | Problem {
  switch (d.kind) {
    case 'layer': return d.layers.length ? { kind: 'layer', layers: d.layers } : 'incomplete';
    case 'score': return { kind: 'score', score: d.score, min: d.scoreMin };
    case 'tags': return d.tagIds.length ? { kind: 'tags', tagIds: d.tagIds, match: d.match } : 'incomplete';
    case 'lastVisit':
      if (d.visitOp === 'never') return { kind: 'lastVisit', op: 'never', day: null };
      return d.day ? { kind: 'lastVisit', op: d.visitOp, day: d.day } : 'incomplete';
    case 'spend': {
      const min = parseEuros(d.min);
      const max = parseEuros(d.max);
      if (min === undefined || max === undefined) return 'invalidAmount';
      if (min === null && max === null) return 'incomplete';
      if (min !== null && max !== null && min > max) return 'minAboveMax';
      return { kind: 'spend', period: d.period, minCents: min, maxCents: max };
    }
    case 'stamps': {
      const n = Number(d.stamps);
      return d.stamps.trim() !== '' && Number.isInteger(n) && n >= 1 && n <= 1_000_000 ? { kind: 'stamps', min: n } : 'incomplete';
    }
    case 'consent': return { kind: 'consent', given: d.given };
    case 'birthdayMonth': return d.months.length ? { kind: 'birthdayMonth', months: [...d.months].sort((a, b) => a - b) } : 'incomplete';
    case 'field': {
      const field = fields.find((f) => f.id === d.fieldId);
      if (!field) return 'incomplete';
      const fieldId = field.id;
      switch (d.fieldOp) {
        case 'filled':
        case 'empty':
          return { kind: 'field', fieldId, test: { op: d.fieldOp } };
        case 'words':
          return /[\p{L}\p{N}]/u.test(d.text) ? { kind: 'field', fieldId, test: { op: 'words', text: d.text.trim() } } : 'incomplete';
        case 'number': {
          const min = parseNumber(d.min);
          const max = parseNumber(d.max);
          if (min === undefined || max === undefined) return 'invalidAmount';
          if (min === null && max === null) return 'incomplete';
          if (min !== null && max !== null && min > max) return 'minAboveMax';
          return { kind: 'field', fieldId, test: { op: 'number', min, max } };
        }
        case 'date': {
          const from = d.min || null;
          const to = d.max || null;
          if (from === null && to === null) return 'incomplete';
          if (from !== null && to !== null && from > to) return 'minAboveMax';
          return { kind: 'field', fieldId, test: { op: 'date', from, to } };
        }
        case 'oneOf':
          return d.optionIds.length ? { kind: 'field', fieldId, test: { op: 'oneOf', optionIds: d.optionIds } } : 'incomplete';
      }
    }
  }
}

/** The tests a field kind offers. */
export function opsFor(kind: CustomField['kind'] | undefined): FieldOp[] {
  switch (kind) {
    case 'text': return ['words', 'filled', 'empty'];
    case 'number': return ['number', 'filled', 'empty'];
    case 'date': return ['date', 'filled', 'empty'];
    case 'choice': return ['oneOf', 'words', 'filled', 'empty'];
    default: return ['filled', 'empty'];
  }
}

export function monthName(i18n: I18n, month: number, style: 'long' | 'short' = 'long'): string {
  return new Intl.DateTimeFormat(i18n.locale, { month: style, timeZone: 'UTC' }).format(Date.UTC(2000, month - 1, 1));
}

const dayText = (i18n: I18n, day: string) => i18n.date(new Date(`${day}T12:00:00`).getTime());

/** A criterion in words, for the printed list: "Interests: any of Poetry, Cheese". */
export function describe(i18n: I18n, c: FilterCriterion, tags: readonly Tag[], fields: readonly CustomField[]): string {
  const { t, tDynamic } = i18n;
  const kind = tDynamic(`lists.filter.kind.${c.kind}`);
  const money = (cents: number) => new Intl.NumberFormat(i18n.locale, { style: 'currency', currency: 'EUR' }).format(cents / 100);
  const range = (from: string | null, to: string | null) => [from ? `≥ ${from}` : '', to ? `≤ ${to}` : ''].filter(Boolean).join(', ');
  let what: string;
  switch (c.kind) {
    case 'layer': what = c.layers.map((l) => tDynamic(`lists.layer.${l}`)).join(', '); break;
    case 'score': what = `${tDynamic(`lists.filter.score.${c.score}`)} ≥ ${c.min}`; break;
    case 'tags':
      what = `${tDynamic(`lists.filter.match.${c.match}`)}: ${c.tagIds.map((id) => tags.find((x) => x.id === id)?.name ?? `#${id}`).join(', ')}`;
      break;
    case 'lastVisit':
      what = c.op === 'never' ? t('lists.filter.visit.never') : `${tDynamic(`lists.filter.visit.${c.op}`)} ${dayText(i18n, c.day!)}`;
      break;
    case 'spend':
      what = `${range(c.minCents === null ? null : money(c.minCents), c.maxCents === null ? null : money(c.maxCents))} (${tDynamic(`lists.filter.spend.${c.period}`)})`;
      break;
    case 'stamps': what = `≥ ${c.min}`; break;
    case 'consent': what = c.given ? t('lists.filter.consent.given') : t('lists.filter.consent.notGiven'); break;
    case 'birthdayMonth': what = c.months.map((m) => monthName(i18n, m)).join(', '); break;
    case 'field': {
      const field = fields.find((f) => f.id === c.fieldId);
      const test = c.test;
      let value = tDynamic(`lists.filter.field.op.${test.op}`);
      if (test.op === 'words') value += ` “${test.text}”`;
      if (test.op === 'number') value = range(test.min === null ? null : String(test.min), test.max === null ? null : String(test.max));
      if (test.op === 'date') value = range(test.from && dayText(i18n, test.from), test.to && dayText(i18n, test.to));
      if (test.op === 'oneOf') value += ` ${test.optionIds.map((o) => field?.options.find((x) => x.id === o)?.label ?? `#${o}`).join(', ')}`;
      return `${field?.name ?? kind}: ${value}`;
    }
  }
  return `${kind}: ${what}`;
}
