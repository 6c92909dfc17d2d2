import { compact, words } from '../../main/core/text.js';
import { PHONE_CHARS, phoneQueryDigits } from '../../main/core/phone.js';
import type { SearchTable } from './search-index.js';

// Turns what the shopkeeper typed into three FTS5 queries, strictest first:
// exact word, start of a word, inside a word. Tokens are folded to letters and digits
// and quoted, so nothing typed can reach the FTS5 query syntax.

export interface TierQuery {
  table: SearchTable;
  match: string;
}

export type Tiers = readonly [exact: TierQuery, prefix: TierQuery, inside: TierQuery];

const text = (match: string): TierQuery => ({ table: 'customer_search', match });
const numbers = (match: string): TierQuery => ({ table: 'customer_numbers', match });

const MAX_WORDS = 6;

const q = (token: string) => `"${token}"`;

function allOf(tokens: string[], columns: string, star: boolean): string {
  return tokens.map((t) => `{${columns}} : ${q(t)}${star ? '*' : ''}`).join(' AND ');
}

export function searchTiers(input: string): Tiers | null {
  const typed = input.trim();
  if (PHONE_CHARS.test(typed)) {
    const digits = phoneQueryDigits(typed);
    if (digits.length < 3) return null;
    const raw = typed.replace(/\D+/g, '');
    // "0031…" is a phone number written the Dutch international way, but it could be
    // the start of a card number too: look for both.
    const cardTerm = raw !== digits ? ` OR card : ${q(raw)}*` : '';
    return [
      numbers(`{phone card} : ${q(digits)}`),
      numbers(`{phone card} : ${q(digits)}*${cardTerm}`),
      text(`phone_inner : ${q(digits)}*`),
    ];
  }
  if (typed.includes('@')) {
    const token = compact(typed);
    if (token.length < 2) return null;
    return [text(`email : ${q(token)}`), text(`email : ${q(token)}*`), text(`email : ${q(token)}*`)];
  }
  let tokens = words(typed).slice(0, MAX_WORDS);
  // One letter matches half the archive; beside other words it narrows nothing useful.
  if (tokens.length > 1) tokens = tokens.filter((t) => t.length > 1);
  if (tokens.length === 0 || (tokens.length === 1 && tokens[0]!.length < 2)) return null;
  return [
    text(allOf(tokens, 'name email card', false)),
    text(allOf(tokens, 'name email card', true)),
    text(allOf(tokens, 'name name_inner email card', true)),
  ];
}

/** Every word of the name, whole: the "same name" test for likely duplicates. */
export function exactNameQuery(givenName: string, familyName: string): string | null {
  const given = words(givenName);
  const family = words(familyName);
  if (given.length === 0 || family.length === 0) return null;
  return allOf([...given, ...family].slice(0, MAX_WORDS), 'name', false);
}
