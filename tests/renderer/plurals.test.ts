import { describe, expect, it } from 'vitest';
import { createI18n } from '../../renderer/src/i18n/index.js';
import { en } from '../../renderer/src/i18n/en.js';
import { nl } from '../../renderer/src/i18n/nl.js';
import { counted } from '../../renderer/src/today/format.js';

// "1 attempt(s)", "Top: 1 customers": a count of one reads as one, in both languages.
describe('plurals in the catalogues', () => {
  it('never leaves the reader to pick a plural: no "(s)" or "(en)"', () => {
    for (const [language, dict] of [['en', en], ['nl', nl]] as const) {
      const hedged = Object.entries(dict).filter(([, text]) => /\w\((s|en|es|'s)\)/.test(text));
      expect(hedged, language).toEqual([]);
    }
  });

  it('gives every singular form its plural, with the same placeholders', () => {
    for (const dict of [en, nl] as Record<string, string>[]) {
      for (const key of Object.keys(dict).filter((k) => k.endsWith('.one'))) {
        const plural = key.slice(0, -'.one'.length);
        expect(dict[plural], key).toBeDefined();
        const names = (text: string) => new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).filter((n) => n !== 'n'));
        expect([...names(dict[key]!)].every((n) => names(dict[plural]!).has(n)), key).toBe(true);
      }
    }
  });

  it('reads one month and one customer left out as one', () => {
    const english = createI18n('en');
    const dutch = createI18n('nl');
    expect(counted(english, 'insights.period.default', 1)).toBe('Last month');
    expect(counted(english, 'insights.period.default', 12)).toBe('Last 12 months');
    expect(counted(dutch, 'insights.period.default', 1)).toBe('Afgelopen maand');
    expect(counted(english, 'insights.export.beyondCap', 1, { cap: '20,000' })).toMatch(/1 more was not saved/);
    expect(counted(english, 'insights.export.beyondCap', 2, { cap: '20,000' })).toMatch(/2 more were not saved/);
  });
});
