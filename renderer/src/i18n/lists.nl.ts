import type { listsEn } from './lists.en';

export const listsNl: Record<keyof typeof listsEn, string> = {
  'sections.lists': 'Lijsten',
};
