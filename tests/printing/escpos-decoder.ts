import iconv from 'iconv-lite';

// Reads ESC/POS (Epson) bytes back into what the paper shows: lines of text in the
// selected code page with their style, barcodes, QR codes, cuts and drawer pulses.
// Anything it does not know is an error, so a stray byte cannot slip through a test.

export interface PaperLine {
  kind: 'text';
  text: string;
  align: 'left' | 'center' | 'right';
  bold: boolean;
  /** Character width and height multipliers (ESC ! / GS !). */
  width: number;
  height: number;
}

export type PaperItem =
  | PaperLine
  | { kind: 'barcode'; symbology: 'CODE128'; value: string; moduleWidth: number }
  | { kind: 'qr'; value: string }
  | { kind: 'feed'; lines: number }
  | { kind: 'cut'; partial: boolean }
  | { kind: 'drawer'; pin: number; onMs: number; offMs: number };

const CODE_PAGES: Record<number, string> = { 0: 'CP437', 2: 'CP850', 16: 'CP1252', 19: 'CP858' };

interface State {
  codePage: string;
  align: PaperLine['align'];
  bold: boolean;
  width: number;
  height: number;
}

const initial = (): State => ({ codePage: 'CP437', align: 'left', bold: false, width: 1, height: 1 });

export function decodeEscPos(bytes: Uint8Array): PaperItem[] {
  const items: PaperItem[] = [];
  let state = initial();
  let line: PaperLine | null = null;
  let qrData: Uint8Array | null = null;
  let moduleWidth = 3;
  let i = 0;

  const byte = (): number => {
    if (i >= bytes.length) throw new Error(`command cut short at byte ${i}`);
    return bytes[i++]!;
  };
  const take = (n: number): Uint8Array => {
    if (i + n > bytes.length) throw new Error(`command data cut short at byte ${i}`);
    const out = bytes.subarray(i, i + n);
    i += n;
    return out;
  };
  const startLine = (): PaperLine => (line ??= { kind: 'text', text: '', align: state.align, bold: state.bold, width: state.width, height: state.height });
  const endLine = () => {
    items.push(startLine());
    line = null;
  };
  const flushPartial = () => {
    if (line && line.text !== '') endLine();
  };

  while (i < bytes.length) {
    const b = byte();
    if (b === 0x0a) {
      endLine();
    } else if (b === 0x0d) {
      // carriage return: nothing on its own
    } else if (b === 0x1b) {
      const cmd = byte();
      switch (cmd) {
        case 0x40: state = initial(); break; // ESC @
        case 0x74: { // ESC t n
          const n = byte();
          const page = CODE_PAGES[n];
          if (!page) throw new Error(`unknown code page ${n}`);
          state.codePage = page;
          break;
        }
        case 0x61: state.align = (['left', 'center', 'right'] as const)[byte() % 48]!; break; // ESC a n
        case 0x45: state.bold = (byte() & 1) === 1; break; // ESC E n
        case 0x21: { // ESC ! n
          const n = byte();
          state.bold = (n & 0x08) !== 0;
          state.height = n & 0x10 ? 2 : 1;
          state.width = n & 0x20 ? 2 : 1;
          break;
        }
        case 0x64: flushPartial(); items.push({ kind: 'feed', lines: byte() }); break; // ESC d n
        case 0x70: { // ESC p m t1 t2
          const pin = byte() % 48 === 0 ? 2 : 5;
          items.push({ kind: 'drawer', pin, onMs: byte() * 2, offMs: byte() * 2 });
          break;
        }
        case 0x2d: case 0x4d: case 0x33: case 0x4a: byte(); break; // underline, font, spacing, feed dots
        case 0x32: break; // default spacing
        default: throw new Error(`unknown ESC 0x${cmd.toString(16)} at byte ${i - 2}`);
      }
    } else if (b === 0x1d) {
      const cmd = byte();
      switch (cmd) {
        case 0x21: { // GS ! n
          const n = byte();
          state.width = (n >> 4) + 1;
          state.height = (n & 0x0f) + 1;
          break;
        }
        case 0x56: { // GS V m [n]
          flushPartial();
          const m = byte();
          if (m === 65 || m === 66) byte();
          items.push({ kind: 'cut', partial: m % 48 === 1 || m === 66 });
          break;
        }
        case 0x77: moduleWidth = byte(); break; // GS w
        case 0x48: case 0x66: case 0x68: case 0x42: case 0x72: byte(); break; // HRI, font, height, invert, status
        case 0x6b: { // GS k m …
          flushPartial();
          const m = byte();
          let data: Uint8Array;
          if (m <= 6) {
            const end = bytes.indexOf(0, i);
            if (end < 0) throw new Error('barcode without NUL');
            data = take(end - i);
            i++;
          } else {
            data = take(byte());
          }
          if (m !== 73) throw new Error(`barcode type ${m} not expected`);
          const raw = Buffer.from(data).toString('latin1');
          if (!raw.startsWith('{B')) throw new Error(`CODE128 without code set B: ${raw}`);
          items.push({ kind: 'barcode', symbology: 'CODE128', value: raw.slice(2), moduleWidth });
          break;
        }
        case 0x28: { // GS ( k pL pH cn fn …
          const fn0 = byte();
          if (fn0 !== 0x6b) throw new Error(`GS ( 0x${fn0.toString(16)} not expected`);
          const length = byte() + 256 * byte();
          const body = take(length);
          const [cn, fn] = [body[0], body[1]];
          if (cn !== 0x31) throw new Error(`2D symbol ${cn} not expected`);
          if (fn === 0x50) qrData = body.subarray(3);
          else if (fn === 0x51) {
            flushPartial();
            if (!qrData) throw new Error('QR printed before it was stored');
            items.push({ kind: 'qr', value: Buffer.from(qrData).toString('latin1') });
          }
          break;
        }
        default: throw new Error(`unknown GS 0x${cmd.toString(16)} at byte ${i - 2}`);
      }
    } else if (b === 0x10) {
      if (byte() !== 0x04) throw new Error('DLE without EOT');
      byte();
    } else if (b < 0x20 || b === 0x7f) {
      throw new Error(`control byte 0x${b.toString(16)} in text at ${i - 1}`);
    } else {
      startLine().text += iconv.decode(Buffer.from([b]), state.codePage);
    }
  }
  flushPartial();
  return items;
}

export const textLines = (items: readonly PaperItem[]): PaperLine[] => items.filter((item): item is PaperLine => item.kind === 'text');

/** The printed text, one string per line; blank lines kept. */
export const paperText = (items: readonly PaperItem[]): string[] => textLines(items).map((line) => line.text);

/** Columns a line takes on paper: double-width characters count twice. */
export const printedWidth = (line: PaperLine): number => line.text.length * line.width;
