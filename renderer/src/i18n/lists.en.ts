// English strings for the lists pages; lists.nl.ts has the same keys.
export const listsEn = {
  'sections.lists': 'Lists',
};
