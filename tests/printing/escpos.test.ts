import { describe, expect, it } from 'vitest';
import { loyaltyReceipt, memberCardReceipt, testReceipt, type ReceiptContext } from '../../main/core/receipts/build.js';
import { layoutReceipt } from '../../main/core/receipts/layout.js';
import type { CharacterSet } from '../../main/core/receipts/charset.js';
import { barcodeModuleWidth, renderEscPos } from '../../main/node/printing/escpos.js';
import { DEFAULT_PRINTER, DEFAULT_RECEIPT, type PrinterSettings } from '../../main/api/settings/schema.js';
import type { Receipt } from '../../main/api/receipts/schema.js';
import { decodeEscPos, paperText, printedWidth, textLines } from './escpos-decoder.js';

const NOW = new Date(2026, 10, 25, 10, 0).getTime();
const ctx = (language: 'nl' | 'en' = 'nl'): ReceiptContext => ({ language, now: NOW, shopName: 'Bakkerij Jansen', receipt: { ...DEFAULT_RECEIPT, footer: 'Tot ziens!' } });
const customer = { name: 'Jürgen Groß', cardNumber: '2100000000005', birthday: null };

function print(receipt: Receipt, printer: Partial<PrinterSettings> = {}, columns: 32 | 48 = 48) {
  const settings: PrinterSettings = { ...DEFAULT_PRINTER, enabled: true, columns, ...printer };
  const lines = layoutReceipt(receipt, { columns, characterSet: settings.characterSet });
  return decodeEscPos(renderEscPos({ kind: receipt.kind, language: receipt.language, title: 'x', columns, lines }, settings));
}

const purchase = () => loyaltyReceipt(ctx(), {
  customer,
  visit: { kind: 'purchase', amountCents: 2350, description: 'Crème brûlée', at: NOW },
  previousVisitAt: null,
  unit: 'stamps',
  earned: 2,
  balance: 7,
  cardSize: 10,
  rewards: [{ name: 'Gratis koffie', cost: 10 }],
});

describe('ESC/POS through node-thermal-printer', () => {
  it.each([32, 48] as const)('prints what the layout says at %i columns, no line past the edge', (columns) => {
    const paper = print(purchase(), {}, columns);
    const lines = textLines(paper);
    for (const line of lines) expect(printedWidth(line), line.text).toBeLessThanOrEqual(columns);
    expect(paperText(paper)).toEqual(
      layoutReceipt(purchase(), { columns, characterSet: 'PC858_EURO' }).map((l) => (l.kind === 'text' ? l.text : l.kind === 'rule' ? '-'.repeat(columns) : '')),
    );
    expect(lines[0]).toMatchObject({ text: 'Bakkerij Jansen', align: 'center', bold: true, width: 2, height: 2 });
    expect(lines.find((l) => l.text.startsWith('Nieuw saldo'))).toMatchObject({ bold: true, width: 1 });
    expect(paperText(paper)).toContain('Klant: Jürgen Groß');
    expect(paperText(paper)).toContain('Crème brûlée');
    expect(paperText(paper).find((t) => t.startsWith('Aankoop'))).toMatch(/€ 23,50$/);
    expect(paperText(paper)).toContain('███████░░░ 7/10');
  });

  it.each(['PC858_EURO', 'WPC1252'] as CharacterSet[])('prints € é ü ß ñ Ø in %s as themselves', (characterSet) => {
    expect(paperText(print(testReceipt(ctx('en')), { characterSet }))).toContain('Characters: € é ü ß ñ Ø');
  });

  it('prints € as EUR where the page has none (PC437)', () => {
    expect(paperText(print(testReceipt(ctx('en')), { characterSet: 'PC437_USA' }))).toContain('Characters: EUR é ü ß ñ O');
  });

  it.each([32, 48] as const)('puts the card number in the CODE128 and the QR code at %i columns', (columns) => {
    const paper = print(memberCardReceipt(ctx(), { customer, unit: 'stamps' }), {}, columns);
    const barcode = paper.find((item) => item.kind === 'barcode');
    expect(barcode).toEqual({ kind: 'barcode', symbology: 'CODE128', value: '2100000000005', moduleWidth: columns === 48 ? 3 : 2 });
    expect(paper.find((item) => item.kind === 'qr')).toEqual({ kind: 'qr', value: '2100000000005' });
    expect(paperText(paper)).toContain('2100000000005');
  });

  it('fits the barcode to the paper: 3 dots a module on 80 mm, 2 on 58 mm', () => {
    expect(barcodeModuleWidth('2100000000005', 48)).toBe(3);
    expect(barcodeModuleWidth('2100000000005', 32)).toBe(2);
    expect(barcodeModuleWidth('A'.repeat(20), 48)).toBe(2);
  });

  it('cuts at the end when cut is on, and only feeds when it is off', () => {
    const cut = print(purchase(), { cut: true });
    expect(cut.at(-1)).toEqual({ kind: 'cut', partial: false });
    expect(cut.filter((item) => item.kind === 'cut')).toHaveLength(1);
    const torn = print(purchase(), { cut: false });
    expect(torn.some((item) => item.kind === 'cut')).toBe(false);
    expect(paperText(torn).slice(-4)).toEqual(['', '', '', '']);
  });

  it('pulses the cash drawer (pin 2, with its timing) when on, and not for a member card', () => {
    expect(print(purchase(), { openDrawer: false }).some((item) => item.kind === 'drawer')).toBe(false);
    const open = print(purchase(), { openDrawer: true });
    expect(open.filter((item) => item.kind === 'drawer')).toEqual([{ kind: 'drawer', pin: 2, onMs: 50, offMs: 500 }]);
    expect(open.findIndex((item) => item.kind === 'drawer')).toBeLessThan(open.findIndex((item) => item.kind === 'cut'));
    expect(print(memberCardReceipt(ctx(), { customer, unit: 'stamps' }), { openDrawer: true }).some((item) => item.kind === 'drawer')).toBe(false);
  });

  it('speaks Star line mode for a Star printer: its code page, cut and drawer commands', () => {
    const settings: PrinterSettings = { ...DEFAULT_PRINTER, enabled: true, type: 'star', openDrawer: true };
    const lines = layoutReceipt(memberCardReceipt(ctx(), { customer, unit: 'stamps' }), { columns: 48, characterSet: 'PC858_EURO' });
    const bytes = renderEscPos({ kind: 'test', language: 'nl', title: 'x', columns: 48, lines }, settings);
    const hex = bytes.toString('hex');
    expect(hex.startsWith('1b40' + '1b1d7404')).toBe(true); // ESC @, ESC GS t 4 (PC858)
    expect(hex).toContain('1b6236'); // ESC b 6: CODE128
    expect(bytes.includes(Buffer.from('2100000000005'))).toBe(true);
    expect(hex).toContain('1b070b3707'); // drawer
    expect(hex).toContain('1b6402'); // ESC d 2: cut
    expect(bytes.includes(Buffer.from('J\x81rgen Gro\xe1', 'latin1'))).toBe(true); // ü = 0x81, ß = 0xE1 in PC858
  });
});
