import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { canPrint, highHalf, printable, type CharacterSet } from '../../main/core/receipts/charset.js';
import { CHARACTER_SETS } from '../../main/api/settings/schema.js';

const ICONV: Record<CharacterSet, string> = { PC858_EURO: 'CP858', PC437_USA: 'CP437', PC850_MULTILINGUAL: 'CP850', WPC1252: 'CP1252' };

describe('the printer code pages', () => {
  it('cover exactly the character sets the settings offer', () => {
    for (const set of CHARACTER_SETS) expect(highHalf(set)).toHaveLength(128);
  });

  it.each(CHARACTER_SETS)('%s: the table is byte for byte what iconv-lite decodes', (set) => {
    const bytes = Buffer.from(Array.from({ length: 128 }, (_, i) => 0x80 + i));
    expect(highHalf(set)).toBe(iconv.decode(bytes, ICONV[set]));
  });

  it.each(CHARACTER_SETS)('%s: every character printable() lets through encodes to one byte and back', (set) => {
    const sample = 'Ayşe Yılmaz, Øyvind Ødegård, Zoë “smart” ‘quotes’ — 5 € … • ½ ™ ẞ Łódź ﬁ 🙂 王 Ωμέγα ⌐ ñ ß';
    const text = printable(sample, set);
    const bytes = iconv.encode(text, ICONV[set]);
    expect(bytes).toHaveLength(text.length);
    expect(iconv.decode(bytes, ICONV[set])).toBe(text);
  });
});

describe('printable', () => {
  it('keeps what PC858 has and folds what it lacks', () => {
    expect(printable('Yılmaz', 'PC858_EURO')).toBe('Yilmaz');
    expect(printable('Øyvind Ødegård', 'PC858_EURO')).toBe('Øyvind Ødegård');
    expect(printable('€ é ü ß ñ Ø', 'PC858_EURO')).toBe('€ é ü ß ñ Ø');
    expect(printable('Ayşe Łukasz Dvořák Ő', 'PC858_EURO')).toBe('Ayse Lukasz Dvorák O');
  });

  it('uses the page where it has the letter: PC850 has the dotless i, PC858 gave it up for €', () => {
    expect(printable('Yılmaz', 'PC850_MULTILINGUAL')).toBe('Yılmaz');
    expect(printable('5 €', 'PC850_MULTILINGUAL')).toBe('5 EUR ');
  });

  it('folds for PC437, which has neither € nor Ø', () => {
    expect(printable('Øyvind', 'PC437_USA')).toBe('Oyvind');
    expect(printable('€ 23,50', 'PC437_USA')).toBe('EUR  23,50');
  });

  it('turns typographic punctuation into plain ASCII where the page lacks it', () => {
    expect(printable('“Bakker’s” — nu…', 'PC858_EURO')).toBe('"Bakker\'s" - nu...');
    expect(printable('“Bakker’s” — nu…', 'WPC1252')).toBe('“Bakker’s” — nu…');
  });

  it('never lets a control byte through: they would be printer commands', () => {
    const text = printable('Jan\x1b@\x1dV\x00Piet\u0085\u009b\tKlaas\nVos', 'PC858_EURO');
    expect(text).not.toMatch(/\p{Cc}/u);
    expect(text).toBe('Jan @ V Piet   Klaas Vos');
  });

  it('drops emoji and invisible characters, and marks unknown scripts with ?', () => {
    expect(printable('Taart 🎂 en 👍🏽 brood\u200b', 'PC858_EURO')).toBe('Taart  en  brood');
    expect(printable('王 Ωμέγα', 'PC858_EURO')).toBe('? ?????');
    expect(printable('e\u0301 (decomposed)', 'PC858_EURO')).toBe('é (decomposed)');
  });

  it('knows the block characters of the stamp card per page', () => {
    expect(canPrint('█', 'PC858_EURO') && canPrint('░', 'PC858_EURO')).toBe(true);
    expect(canPrint('█', 'PC437_USA')).toBe(true);
    expect(canPrint('█', 'WPC1252')).toBe(false);
  });
});
