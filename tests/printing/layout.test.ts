import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isBirthdayWeek, isWelcomeBack, loyaltyReceipt, memberCardReceipt, nextRewardFor, personalLine, redemptionReceipt,
  stampProgress, testReceipt, type ReceiptContext,
} from '../../main/core/receipts/build.js';
import { CODE128_PATTERNS, code128Values, code128Widths } from '../../main/core/receipts/code128.js';
import { escapeHtml, receiptDocument, receiptHtml } from '../../main/core/receipts/html.js';
import { formatDateTime, formatMoney, formatUnits } from '../../main/core/receipts/labels.js';
import { layoutReceipt, lineWidth } from '../../main/core/receipts/layout.js';
import type { PrintLine } from '../../main/core/receipts/types.js';
import { wrap } from '../../main/core/receipts/wrap.js';
import { DEFAULT_RECEIPT } from '../../main/api/settings/schema.js';

const NOW = new Date(2026, 10, 25, 10, 0).getTime();
const DAY = 86_400_000;

const ctx = (patch: Partial<ReceiptContext> = {}): ReceiptContext => ({
  language: 'nl',
  now: NOW,
  shopName: 'Bakkerij Jansen',
  receipt: { ...DEFAULT_RECEIPT },
  ...patch,
});

const customer = { name: 'Jan de Vries', cardNumber: '2100000000005', birthday: null };

const texts = (lines: PrintLine[]) => lines.flatMap((l) => (l.kind === 'text' ? [l.text] : []));

describe('wrap', () => {
  it('wraps at word boundaries and cuts a word longer than the line', () => {
    expect(wrap('Gefeliciteerd met uw verjaardag', 16)).toEqual(['Gefeliciteerd', 'met uw', 'verjaardag']);
    expect(wrap('Wolfeschlegelsteinhausenbergerdorff sr.', 16)).toEqual(['Wolfeschlegelste', 'inhausenbergerdo', 'rff sr.']);
    expect(wrap('  a   b  ', 10)).toEqual(['a b']);
    expect(wrap('', 10)).toEqual([]);
  });

  it('never makes a line longer than the width, and loses no word', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.integer({ min: 1, max: 48 }), (text, width) => {
        const lines = wrap(text, width);
        for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
        expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
      }),
    );
  });
});

describe('amounts, counts and dates', () => {
  it('writes euros the Dutch and the English way', () => {
    expect(formatMoney(2350, 'nl')).toBe('€ 23,50');
    expect(formatMoney(2350, 'en')).toBe('€23.50');
    expect(formatMoney(123456, 'nl')).toBe('€ 1.234,56');
    expect(formatMoney(5, 'en')).toBe('€0.05');
  });

  it('counts stamps and points in words', () => {
    expect(formatUnits(1, 'stamps', 'nl')).toBe('1 stempel');
    expect(formatUnits(12, 'stamps', 'en')).toBe('12 stamps');
    expect(formatUnits(1250, 'points', 'nl')).toBe('1.250 punten');
  });

  it('dates day-month-year in local time', () => {
    expect(formatDateTime(new Date(2026, 0, 5, 9, 7).getTime(), 'nl')).toBe('05-01-2026 09:07');
    expect(formatDateTime(new Date(2026, 0, 5, 9, 7).getTime(), 'en')).toBe('05/01/2026 09:07');
  });
});

describe('personal lines', () => {
  it('knows a birthday week: three days either side, across the new year, 29 February', () => {
    const at = (y: number, m: number, d: number) => new Date(y, m - 1, d, 12).getTime();
    expect(isBirthdayWeek({ day: 25, month: 11 }, NOW)).toBe(true);
    expect(isBirthdayWeek({ day: 28, month: 11 }, NOW)).toBe(true);
    expect(isBirthdayWeek({ day: 22, month: 11 }, NOW)).toBe(true);
    expect(isBirthdayWeek({ day: 29, month: 11 }, NOW)).toBe(false);
    expect(isBirthdayWeek({ day: 21, month: 11 }, NOW)).toBe(false);
    expect(isBirthdayWeek({ day: 2, month: 1 }, at(2026, 12, 30))).toBe(true);
    expect(isBirthdayWeek({ day: 30, month: 12 }, at(2027, 1, 1))).toBe(true);
    expect(isBirthdayWeek({ day: 29, month: 2 }, at(2027, 3, 2))).toBe(true);
    expect(isBirthdayWeek({ day: 29, month: 2 }, at(2027, 3, 4))).toBe(false);
    expect(isBirthdayWeek(null, NOW)).toBe(false);
  });

  it('welcomes back after the shop’s long absence, not before and not on a first visit', () => {
    expect(isWelcomeBack(NOW - 61 * DAY, NOW, 60)).toBe(true);
    expect(isWelcomeBack(NOW - 60 * DAY, NOW, 60)).toBe(false);
    expect(isWelcomeBack(null, NOW, 60)).toBe(false);
  });

  it('puts what is due first, then the shop’s own line, in the receipt’s language', () => {
    const shop = ctx({ receipt: { ...DEFAULT_RECEIPT, personalLine: 'Tot de volgende keer!' } });
    expect(personalLine(shop, { birthday: { day: 26, month: 11 }, at: NOW, previousVisitAt: NOW - 90 * DAY }))
      .toBe('Gefeliciteerd met uw verjaardag!\nWelkom terug!\nTot de volgende keer!');
    expect(personalLine(ctx({ language: 'en' }), { birthday: { day: 26, month: 11 }, at: NOW, previousVisitAt: NOW - 90 * DAY }))
      .toBe('Happy birthday!\nWelcome back!');
    const off = ctx({ receipt: { ...DEFAULT_RECEIPT, birthdayLine: false, welcomeBackLine: false } });
    expect(personalLine(off, { birthday: { day: 26, month: 11 }, at: NOW, previousVisitAt: NOW - 90 * DAY })).toBeNull();
  });
});

describe('the stamp card and the next reward', () => {
  it('shows a just-filled card full, and the next card after it', () => {
    expect(stampProgress(7, 10)).toEqual({ filled: 7, size: 10 });
    expect(stampProgress(10, 10)).toEqual({ filled: 10, size: 10 });
    expect(stampProgress(13, 10)).toEqual({ filled: 3, size: 10 });
    expect(stampProgress(0, 10)).toEqual({ filled: 0, size: 10 });
  });

  it('names the best reward in reach, or the nearest one to save for', () => {
    const rewards = [{ name: 'Taart', cost: 20 }, { name: 'Koffie', cost: 10 }];
    expect(nextRewardFor(7, rewards)).toEqual({ name: 'Koffie', missing: 3 });
    expect(nextRewardFor(12, rewards)).toEqual({ name: 'Koffie', missing: 0 });
    expect(nextRewardFor(25, rewards)).toEqual({ name: 'Taart', missing: 0 });
    expect(nextRewardFor(5, [])).toBeNull();
  });
});

function purchase(patch: Partial<Parameters<typeof loyaltyReceipt>[1]> = {}) {
  return loyaltyReceipt(ctx(), {
    customer,
    visit: { kind: 'purchase', amountCents: 2350, description: 'Taart en brood', at: NOW },
    previousVisitAt: NOW - 3 * DAY,
    unit: 'stamps',
    earned: 2,
    balance: 7,
    cardSize: 10,
    rewards: [{ name: 'Gratis koffie', cost: 10 }],
    ...patch,
  });
}

describe('layoutReceipt', () => {
  it.each([32, 48] as const)('lays a loyalty receipt out at %i columns', (columns) => {
    const lines = layoutReceipt(purchase(), { columns, characterSet: 'PC858_EURO' });
    const all = texts(lines);
    expect(all).toContain('Bakkerij Jansen');
    expect(all).toContain('Spaarbon');
    expect(all).toContain(formatDateTime(NOW, 'nl'));
    expect(all).toContain('Klant: Jan de Vries');
    expect(all).toContain(`Aankoop${' '.repeat(columns - 'Aankoop'.length - '€ 23,50'.length)}€ 23,50`);
    expect(all.find((t) => t.startsWith('Gespaard'))).toMatch(/\+2 stempels$/);
    expect(all.find((t) => t.startsWith('Nieuw saldo'))).toMatch(/ 7 stempels$/);
    expect(all).toContain('███████░░░ 7/10');
    expect(all).toContain('Nog 3 stempels tot Gratis koffie');
    for (const line of lines) expect(lineWidth(line)).toBeLessThanOrEqual(columns);
    expect(lines.find((l) => l.kind === 'text' && l.text === 'Bakkerij Jansen')).toMatchObject({ large: true, bold: true, align: 'center' });
  });

  it('uses # and - for the card where the page has no blocks', () => {
    expect(texts(layoutReceipt(purchase(), { columns: 32, characterSet: 'WPC1252' }))).toContain('#######--- 7/10');
  });

  it('scales a large card down to the paper, keeping a started card visibly started', () => {
    const lines = texts(layoutReceipt(purchase({ balance: 1, cardSize: 100 }), { columns: 32, characterSet: 'PC858_EURO' }));
    const bar = lines.find((t) => t.endsWith(' 1/100'))!;
    expect(bar.length).toBeLessThanOrEqual(32);
    expect(bar.startsWith('█░')).toBe(true);
  });

  it('wraps a long name and cuts an endless word, at both widths', () => {
    const long = {
      ...customer,
      name: 'Maria Wilhelmina Theodora van Oranje-Nassau tot Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaft',
    };
    for (const columns of [32, 48] as const) {
      const receipt = loyaltyReceipt(ctx(), { ...purchaseFacts(), customer: long });
      const lines = layoutReceipt(receipt, { columns, characterSet: 'PC858_EURO' });
      for (const line of lines) expect(lineWidth(line)).toBeLessThanOrEqual(columns);
      const member = layoutReceipt(memberCardReceipt(ctx(), { customer: long, unit: 'stamps' }), { columns, characterSet: 'PC858_EURO' });
      for (const line of member) expect(lineWidth(line)).toBeLessThanOrEqual(columns);
      expect(texts(member).filter((t) => t.length > 0).length).toBeGreaterThan(6);
    }
  });

  it('fits any name, description and shop text to the paper (property)', () => {
    const anyText = fc.string({ unit: 'grapheme', maxLength: 150 });
    fc.assert(
      fc.property(anyText, anyText, anyText, fc.constantFrom(32 as const, 48 as const), fc.constantFrom('PC858_EURO' as const, 'PC437_USA' as const, 'WPC1252' as const), (name, description, shop, columns, characterSet) => {
        const receipt = loyaltyReceipt(ctx({ shopName: shop, receipt: { ...DEFAULT_RECEIPT, header: shop, footer: description, personalLine: name } }), {
          ...purchaseFacts(),
          customer: { ...customer, name },
          visit: { kind: 'purchase', amountCents: 999_999_99, description, at: NOW },
        });
        for (const line of layoutReceipt(receipt, { columns, characterSet })) {
          expect(lineWidth(line)).toBeLessThanOrEqual(columns);
          if (line.kind === 'text') expect(line.text).not.toMatch(/\p{Cc}/u);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('puts the code on a redemption receipt, large', () => {
    const receipt = redemptionReceipt(ctx(), { customer, at: NOW, unit: 'stamps', reward: 'Gratis koffie', cost: 10, code: 'HX7K3M', balance: 2, cardSize: 10 });
    const lines = layoutReceipt(receipt, { columns: 32, characterSet: 'PC858_EURO' });
    expect(lines).toContainEqual({ kind: 'text', text: 'HX7K3M', align: 'center', bold: true, large: true });
    expect(texts(lines)).toContain('Beloning: Gratis koffie');
    expect(texts(lines).find((t) => t.startsWith('Ingewisseld'))).toMatch(/-10 stempels$/);
    expect(texts(lines)).toContain('Noteer deze code op de kassabon.');
  });

  it('puts the card number on a member card as CODE128, text and QR', () => {
    const lines = layoutReceipt(memberCardReceipt(ctx({ language: 'en' }), { customer, unit: 'stamps' }), { columns: 48, characterSet: 'PC858_EURO' });
    expect(lines.filter((l) => l.kind === 'barcode' || l.kind === 'qr')).toEqual([
      { kind: 'barcode', value: '2100000000005', bars: code128Widths('2100000000005') },
      { kind: 'qr', value: '2100000000005' },
    ]);
    expect(texts(lines)).toContain('Your loyalty card');
  });

  it('makes a test page with the awkward characters, a ruler and both codes', () => {
    const lines = layoutReceipt(testReceipt(ctx({ language: 'en' })), { columns: 32, characterSet: 'PC858_EURO' });
    expect(texts(lines)).toContain('Characters: € é ü ß ñ Ø');
    expect(texts(lines)).toContain('12345678901234567890123456789012');
    expect(texts(lines).join(' ')).toContain('If you can read this, the printer works.');
    expect(lines.some((l) => l.kind === 'barcode')).toBe(true);
    expect(lines.some((l) => l.kind === 'qr')).toBe(true);
  });
});

function purchaseFacts() {
  return {
    customer,
    visit: { kind: 'purchase' as const, amountCents: 2350, description: 'Taart', at: NOW },
    previousVisitAt: null,
    unit: 'stamps' as const,
    earned: 2,
    balance: 7,
    cardSize: 10,
    rewards: [],
  };
}

describe('HTML', () => {
  it('escapes every text and uses class names only', () => {
    const lines: PrintLine[] = [
      { kind: 'text', text: '<script>alert("x")</script> & \'co\'', align: 'center', bold: true, large: false },
      { kind: 'rule' },
      { kind: 'blank' },
      { kind: 'barcode', value: '2100000000005', bars: code128Widths('2100000000005') },
      { kind: 'qr', value: '2100000000005' },
    ];
    const html = receiptHtml(lines, 32);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;');
    expect(html).not.toContain('<script');
    expect(html).not.toMatch(/style=/);
    expect(html).toMatch(/^<div class="receipt receipt-32">/);
    expect(html).toContain('<div class="line align-center bold">');
    expect(html).toContain('<svg class="barcode"');
    expect(html).toContain('<svg class="qr"');
    expect(escapeHtml('a<b')).toBe('a&lt;b');
  });

  it('wraps the fragment into a document with its own stylesheet and paper size', () => {
    const doc = receiptDocument(layoutReceipt(purchase(), { columns: 48, characterSet: 'PC858_EURO' }), 48, { title: 'Spaarbon <1>', language: 'nl' });
    expect(doc).toMatch(/^<!doctype html>/);
    expect(doc).toContain('<html lang="nl">');
    expect(doc).toContain('<title>Spaarbon &lt;1&gt;</title>');
    expect(doc).toMatch(/@page \{ size: 80mm \d+mm; margin: 0; \}/);
    expect(doc).toContain('.receipt-48 {');
    expect(doc).toContain("default-src 'none'");
    expect(doc).toContain('€ 23,50');
  });
});

describe('CODE128', () => {
  it('has the standard pattern table: 106 distinct symbols of 11 modules with an even bar sum, and the stop', () => {
    expect(CODE128_PATTERNS).toHaveLength(106);
    expect(new Set(CODE128_PATTERNS).size).toBe(106);
    for (const p of CODE128_PATTERNS) {
      const w = [...p].map(Number);
      expect(w.reduce((a, b) => a + b, 0)).toBe(11);
      expect((w[0]! + w[2]! + w[4]!) % 2).toBe(0);
    }
  });

  it('encodes start B, the characters, the checksum and the stop', () => {
    // 104 + 48·1 + 42·2 + 42·3 + 17·4 + 18·5 + 19·6 + 35·7 = 879, and 879 mod 103 = 55.
    expect(code128Values('PJJ123C')).toEqual([104, 48, 42, 42, 17, 18, 19, 35, 55]);
    const widths = code128Widths('2100000000005');
    expect(widths.reduce((a, b) => a + b, 0)).toBe(11 * 15 + 13);
    expect(widths.slice(0, 6)).toEqual([2, 1, 1, 2, 1, 4]);
    expect(widths.slice(-7)).toEqual([2, 3, 3, 1, 1, 1, 2]);
  });
});
