// A whole name in one cell (Loyverse's "Customer name", many spreadsheets' "Naam") split
// the way the customer form holds it: given name, tussenvoegsel, family name.

export interface NameParts {
  givenName: string;
  namePrefix: string;
  familyName: string;
}

const PREFIX_WORDS = new Set([
  'van', 'de', 'der', 'den', 'het', "'t", 't', 'ter', 'ten', 'te', 'in', 'op', 'aan', 'uit', 'bij', 'onder', 'voor',
  "d'", 'la', 'le', 'les', 'du', 'des', 'da', 'di', 'do', 'dos', 'das', 'del', 'della', 'el', 'von', 'vom', 'zu', 'zum', 'zur', 'vande', 'vander', 'vd',
]);

const isPrefixWord = (word: string) => PREFIX_WORDS.has(word.toLowerCase().replace(/’/g, "'"));

/** Words from index `from` that are tussenvoegsel words, leaving at least one word after them. */
function prefixRun(words: readonly string[], from: number): number {
  let end = from;
  while (end < words.length - 1 && isPrefixWord(words[end]!)) end++;
  return end;
}

export function splitFullName(input: string): NameParts {
  const text = input.trim().replace(/\s+/g, ' ');
  if (text === '') return { givenName: '', namePrefix: '', familyName: '' };
  // "Berg, Jan van den" and "van den Berg, Jan": family name first, as registers sort.
  const comma = text.indexOf(',');
  if (comma > 0) {
    const family = text.slice(0, comma).trim().split(' ');
    const rest = text.slice(comma + 1).trim().split(' ').filter((w) => w !== '');
    const familyPrefixEnd = prefixRun(family, 0);
    let givenEnd = rest.length;
    while (givenEnd > 1 && isPrefixWord(rest[givenEnd - 1]!)) givenEnd--;
    const prefix = [...family.slice(0, familyPrefixEnd), ...rest.slice(givenEnd)];
    return {
      givenName: rest.slice(0, givenEnd).join(' ') || family.slice(familyPrefixEnd).join(' '),
      namePrefix: rest.length ? prefix.join(' ') : family.slice(0, familyPrefixEnd).join(' '),
      familyName: rest.length ? family.slice(familyPrefixEnd).join(' ') : '',
    };
  }
  const words = text.split(' ');
  if (words.length === 1) return { givenName: text, namePrefix: '', familyName: '' };
  // The first tussenvoegsel after the given name(s) starts the family name.
  for (let i = 1; i < words.length - 1; i++) {
    if (!isPrefixWord(words[i]!)) continue;
    const end = prefixRun(words, i);
    return { givenName: words.slice(0, i).join(' '), namePrefix: words.slice(i, end).join(' '), familyName: words.slice(end).join(' ') };
  }
  return { givenName: words.slice(0, -1).join(' '), namePrefix: '', familyName: words[words.length - 1]! };
}
