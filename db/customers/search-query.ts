import { compact, words } from '../../main/core/text.js';
import { phoneQueryDigits } from '../../main/core/phone.js';

// Turns what the shopkeeper typed into three FTS5 queries, strictest first:
// exact word, start of a word, inside a word. Tokens are folded to letters and digits
// and quoted, so nothing typed can reach the FTS5 query syntax.

export type Tiers = readonly [exact: string, prefix: string, inside: string];

const PHONEISH = /^[+\d][\d\s().\-/]*$/;
const MAX_WORDS = 6;

const q = (token: string) => `"${token}"`;

function allOf(tokens: string[], columns: string, star: boolean): string {
  return tokens.map((t) => `{${columns}} : ${q(t)}${star ? '*' : ''}`).join(' AND ');
}

export function searchTiers(input: string): Tiers | null {
  const text = input.trim();
  if (PHONEISH.test(text)) {
    const digits = phoneQueryDigits(text);
    if (digits.length < 3) return null;
    const raw = text.replace(/\D+/g, '');
    // "0031…" is a phone number written the Dutch international way, but it could be
    // the start of a card number too: look for both.
    const cardTerm = raw !== digits ? ` OR card : ${q(raw)}*` : '';
    return [
      `{phone card} : ${q(digits)}`,
      `{phone card} : ${q(digits)}*${cardTerm}`,
      `{phone phone_inner card} : ${q(digits)}*${cardTerm}`,
    ];
  }
  if (text.includes('@')) {
    const token = compact(text);
    if (token.length < 2) return null;
    return [`email : ${q(token)}`, `email : ${q(token)}*`, `email : ${q(token)}*`];
  }
  let tokens = words(text).slice(0, MAX_WORDS);
  // One letter matches half the archive; beside other words it narrows nothing useful.
  if (tokens.length > 1) tokens = tokens.filter((t) => t.length > 1);
  if (tokens.length === 0 || (tokens.length === 1 && tokens[0]!.length < 2)) return null;
  return [
    allOf(tokens, 'name email card', false),
    allOf(tokens, 'name email card', true),
    allOf(tokens, 'name name_inner email card', true),
  ];
}

/** Every word of the name, whole: the "same name" test for likely duplicates. */
export function exactNameQuery(givenName: string, familyName: string): string | null {
  const given = words(givenName);
  const family = words(familyName);
  if (given.length === 0 || family.length === 0) return null;
  return allOf([...given, ...family].slice(0, MAX_WORDS), 'name', false);
}
