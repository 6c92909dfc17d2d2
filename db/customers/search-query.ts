import { compact, words } from '../../main/core/text.js';
import { PHONE_CHARS, phoneQueryDigits } from '../../main/core/phone.js';
import type { SearchDocument } from './search-document.js';
import type { SearchTable } from './search-index.js';

// Turns what the shopkeeper typed into three queries, strictest first: exact word, start of
// a word, inside a word. Each is held as terms, then written out as FTS5 syntax for the
// SQLite index and as a test of a document for customers still waiting for theirs
// (main/api/customers/pending-search.ts), so both read the one query alike; the PostgreSQL
// index (search-index-postgres.ts) reads the terms themselves. Tokens are folded to letters
// and digits and quoted, so nothing typed can reach the FTS5 syntax.

export type Column = keyof SearchDocument;

export interface Term {
  columns: readonly Column[];
  token: string;
  prefix: boolean;
}

/** Any of the alternatives; each alternative needs all of its terms. */
export type Terms = readonly (readonly Term[])[];

export interface TierQuery {
  /** What the tier asks, engine-neutral: any alternative, each needing all of its terms. */
  terms: Terms;
  /** The SQLite FTS5 table and MATCH string of the same query (search-index.ts). */
  table: SearchTable;
  match: string;
  /** The same query, of one document: true when the index would return it. */
  matches(doc: SearchDocument): boolean;
}

export type Tiers = readonly [exact: TierQuery, prefix: TierQuery, inside: TierQuery];

const q = (token: string) => `"${token}"`;

function ftsOf(terms: Terms): string {
  const term = (t: Term) => `{${t.columns.join(' ')}} : ${q(t.token)}${t.prefix ? '*' : ''}`;
  const all = (ts: readonly Term[]) => ts.map(term).join(' AND ');
  return terms.length === 1 ? all(terms[0]!) : terms.map((ts) => `(${all(ts)})`).join(' OR ');
}

// A document's columns are folded tokens joined by single spaces.
const hasToken = (column: string, t: Term) =>
  t.prefix ? ` ${column}`.includes(` ${t.token}`) : ` ${column} `.includes(` ${t.token} `);

function testOf(terms: Terms): (doc: SearchDocument) => boolean {
  return (doc) => terms.some((all) => all.every((t) => t.columns.some((c) => hasToken(doc[c], t))));
}

function tier(table: SearchTable, terms: Terms): TierQuery {
  return { terms, table, match: ftsOf(terms), matches: testOf(terms) };
}

const MAX_WORDS = 6;

const allOf = (tokens: string[], columns: readonly Column[], prefix: boolean): Term[] =>
  tokens.map((token) => ({ columns, token, prefix }));

export function searchTiers(input: string): Tiers | null {
  const typed = input.trim();
  if (PHONE_CHARS.test(typed)) {
    const digits = phoneQueryDigits(typed);
    if (digits.length < 3) return null;
    const raw = typed.replace(/\D+/g, '');
    const numbers: Column[] = ['phone', 'card'];
    // "0031…" is a phone number written the Dutch international way, but it could be
    // the start of a card number too: look for both.
    const asCard: Terms = raw !== digits ? [[{ columns: ['card'], token: raw, prefix: true }]] : [];
    return [
      tier('customer_numbers', [allOf([digits], numbers, false)]),
      tier('customer_numbers', [allOf([digits], numbers, true), ...asCard]),
      tier('customer_search', [allOf([digits], ['phone_inner'], true)]),
    ];
  }
  if (typed.includes('@')) {
    const token = compact(typed);
    if (token.length < 2) return null;
    const prefix = tier('customer_search', [allOf([token], ['email'], true)]);
    return [tier('customer_search', [allOf([token], ['email'], false)]), prefix, prefix];
  }
  let tokens = words(typed).slice(0, MAX_WORDS);
  // One letter matches half the archive; beside other words it narrows nothing useful.
  if (tokens.length > 1) tokens = tokens.filter((t) => t.length > 1);
  if (tokens.length === 0 || (tokens.length === 1 && tokens[0]!.length < 2)) return null;
  return [
    tier('customer_search', [allOf(tokens, ['name', 'email', 'card'], false)]),
    tier('customer_search', [allOf(tokens, ['name', 'email', 'card'], true)]),
    tier('customer_search', [allOf(tokens, ['name', 'name_inner', 'email', 'card'], true)]),
  ];
}

/** Every word of the name, whole: the "same name" test for likely duplicates. */
export function exactNameQuery(givenName: string, familyName: string): TierQuery | null {
  const given = words(givenName);
  const family = words(familyName);
  if (given.length === 0 || family.length === 0) return null;
  return tier('customer_search', [allOf([...given, ...family].slice(0, MAX_WORDS), ['name'], false)]);
}
