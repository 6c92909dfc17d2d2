import { describe, expect, it } from 'vitest';
import { compact, fold, words } from '../../main/core/text.js';

// The fold every name, query and search token goes through: the counter finds "José" from
// "jose" only if both were folded alike.

describe('folding for search', () => {
  it('drops accents and case, spells out special letters, joins apostrophes and splits the rest', () => {
    expect(fold('José Ünal Øyvind Straße ĲSSEL')).toBe('jose unal oyvind strasse ijssel');
    expect(words("d'Hondt van 't Veld-Jansen")).toEqual(['dhondt', 'van', 't', 'veld', 'jansen']);
    expect(words('Jan.de@Gmail.com')).toEqual(['jan', 'de', 'gmail', 'com']);
    expect(compact('Jan.de@Gmail.com')).toBe('jandegmailcom');
    expect(words('O’Brien  Ünal')).toEqual(['obrien', 'unal']);
    expect(words('  ')).toEqual([]);
  });
});
