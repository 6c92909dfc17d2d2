import { compact, words } from '../../main/core/text.js';

// What the counter search index holds for one customer. Tokens are folded here, not by
// the FTS tokenizer, so that the index and the queries fold exactly alike. Changing what
// goes in here changes the index: a migration must then rebuild customer_search.

export interface SearchDocument {
  name: string;
  name_inner: string;
  email: string;
  phone: string;
  phone_inner: string;
  card: string;
}

export interface SearchSource {
  given_name: string;
  name_prefix: string;
  family_name: string;
  email: string | null;
  card_number: string;
}

export interface PhoneSource {
  e164: string;
  national_digits: string;
}

const MIN_INNER = 3;

/** Every tail of a token at least three long, without the token itself: "inside a word". */
function tails(token: string): string[] {
  const out: string[] = [];
  for (let i = 1; token.length - i >= MIN_INNER; i++) out.push(token.slice(i));
  return out;
}

const join = (tokens: Iterable<string>) => [...new Set(tokens)].join(' ');

export function searchDocument(row: SearchSource, phones: readonly PhoneSource[]): SearchDocument {
  const nameWords = words(`${row.given_name} ${row.name_prefix} ${row.family_name}`);
  const nameTokens = new Set(nameWords);
  // "vandenberg" and "berg" should both find Van den Berg.
  const fullFamily = compact(`${row.name_prefix} ${row.family_name}`);
  if (fullFamily) nameTokens.add(fullFamily);
  const familyOnly = compact(row.family_name);
  if (familyOnly) nameTokens.add(familyOnly);

  const inner = new Set<string>();
  for (const w of nameTokens) for (const t of tails(w)) if (!nameTokens.has(t)) inner.add(t);

  const emailTokens = row.email ? [compact(row.email), ...words(row.email)] : [];

  const phoneTokens = new Set<string>();
  const phoneInner = new Set<string>();
  for (const p of phones) {
    const international = p.e164.replace(/^\+/, '');
    phoneTokens.add(p.national_digits);
    phoneTokens.add(international);
    for (const t of [...tails(p.national_digits), ...tails(international)]) phoneInner.add(t);
  }
  for (const t of phoneTokens) phoneInner.delete(t);

  return {
    name: join(nameTokens),
    name_inner: join(inner),
    email: join(emailTokens),
    phone: join(phoneTokens),
    phone_inner: join(phoneInner),
    card: compact(row.card_number),
  };
}
