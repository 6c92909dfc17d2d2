import { BreakLine, CharacterSet, PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import { printable, type CharacterSet as PageName } from '../../core/receipts/charset.js';
import type { PrinterSettings } from '../../api/settings/schema.js';
import type { Slip } from '../../api/deps.js';

// The laid-out lines as printer commands, through node-thermal-printer (Epson ESC/POS or
// Star). Only the buffer is taken from it: sending, with deadlines, is transport.ts's.

/** Dots across the printable width: 384 on 58 mm paper (32 columns), 576 on 80 mm (48). */
const DOTS: Record<32 | 48, number> = { 32: 384, 48: 576 };
const BARCODE_HEIGHT = 80;
const QR_CELL = 6;

/**
 * Module width 2 or 3, so the CODE128 fits the printable width (11 modules a symbol, 13
 * for stop; the paper's own margin is the quiet zone). A 13-digit card: 3 on 80 mm, 2 on 58 mm.
 */
export function barcodeModuleWidth(value: string, columns: 32 | 48): number {
  const modules = 11 * (value.length + 2) + 13;
  return modules * 3 <= DOTS[columns] ? 3 : 2;
}

/** Kinds that come with money changing hands, where a drawer pulse makes sense. */
const DRAWER_KINDS: ReadonlySet<Slip['kind']> = new Set(['loyalty', 'redemption', 'test']);

// ESC p m t1 t2: pin 2, 50 ms on, 500 ms off. node-thermal-printer's openCashDrawer for
// Epson sends ESC p 0 / ESC p 1 without t1 t2, so the printer takes the next bytes for them.
const EPSON_DRAWER = Buffer.from([0x1b, 0x70, 0x00, 0x19, 0xfa]);

export function renderEscPos(slip: Slip, printer: PrinterSettings): Buffer {
  const star = printer.type === 'star';
  const tp = new ThermalPrinter({
    type: star ? PrinterTypes.STAR : PrinterTypes.EPSON,
    interface: '',
    width: slip.columns,
    breakLine: BreakLine.NONE,
  });
  const page: PageName = printer.characterSet;
  // Reset whatever an interrupted job left behind (ESC @, Epson and Star alike), then
  // choose the code page.
  tp.add(Buffer.from([0x1b, 0x40]));
  tp.setCharacterSet(CharacterSet[page]);
  // Lines arrive laid out for this page; printable() again keeps a stray character from
  // making node-thermal-printer switch pages on its own.
  const text = (value: string) => printable(value, page);

  for (const line of slip.lines) {
    switch (line.kind) {
      case 'text':
        if (line.align === 'center') tp.alignCenter();
        else if (line.align === 'right') tp.alignRight();
        else tp.alignLeft();
        if (line.large) tp.setTextQuadArea();
        else tp.setTextNormal();
        tp.bold(line.bold);
        tp.println(text(line.text));
        break;
      case 'rule':
        tp.alignLeft();
        tp.setTextNormal();
        tp.bold(false);
        tp.drawLine('-');
        break;
      case 'blank':
        tp.newLine();
        break;
      case 'barcode':
        tp.alignCenter();
        tp.setTextNormal();
        tp.bold(false);
        if (star) tp.code128(line.value, { width: 'MEDIUM', height: BARCODE_HEIGHT, text: 1 });
        else tp.code128(line.value, { hriPos: 0, hriFont: 0, width: barcodeModuleWidth(line.value, slip.columns), height: BARCODE_HEIGHT } as never);
        break;
      case 'qr':
        tp.alignCenter();
        tp.printQR(line.value, { cellSize: QR_CELL, correction: 'M', model: 2 });
        break;
    }
  }
  tp.alignLeft();
  tp.setTextNormal();
  tp.bold(false);
  if (printer.openDrawer && DRAWER_KINDS.has(slip.kind)) {
    if (star) tp.openCashDrawer();
    else tp.add(EPSON_DRAWER);
  }
  // One feed (ESC d 4) brings the last line past the cutter.
  if (printer.cut) tp.cut({ verticalTabAmount: 1 });
  else for (let i = 0; i < 4; i++) tp.newLine();
  return tp.getBuffer();
}
