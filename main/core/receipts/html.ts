import qrcode from 'qrcode-generator';
import type { Columns, PrintLine } from './types.js';

// The same lines as HTML: a fragment with class names only (every text escaped), and a
// whole document with its own stylesheet for Electron's system printing and PDF.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

function barcodeSvg(value: string, widths: readonly number[]): string {
  const quiet = 10;
  let x = quiet;
  let path = '';
  widths.forEach((w, i) => {
    if (i % 2 === 0) path += `M${x} 0h${w}v40h-${w}z`;
    x += w;
  });
  return `<svg class="barcode" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${x + quiet} 40" preserveAspectRatio="none" role="img" aria-label="${escapeHtml(value)}"><path d="${path}"/></svg>`;
}

function qrSvg(value: string): string {
  const qr = qrcode(0, 'M');
  qr.addData(value, 'Byte');
  qr.make();
  const n = qr.getModuleCount();
  let path = '';
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.isDark(r, c)) path += `M${c} ${r}h1v1h-1z`;
  return `<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="-4 -4 ${n + 8} ${n + 8}" role="img" aria-label="${escapeHtml(value)}"><path d="${path}"/></svg>`;
}

function lineHtml(line: PrintLine): string {
  switch (line.kind) {
    case 'text': {
      const classes = ['line', `align-${line.align}`, ...(line.bold ? ['bold'] : []), ...(line.large ? ['large'] : [])];
      return `<div class="${classes.join(' ')}">${escapeHtml(line.text)}</div>`;
    }
    case 'rule':
      return '<div class="line rule" aria-hidden="true"></div>';
    case 'blank':
      return '<div class="line blank" aria-hidden="true"></div>';
    case 'barcode':
      return `<div class="graphic">${barcodeSvg(line.value, line.bars)}</div>`;
    case 'qr':
      return `<div class="graphic">${qrSvg(line.value)}</div>`;
  }
}

/** The slip as an HTML fragment: class names only, no inline styles, every text escaped. */
export function receiptHtml(lines: readonly PrintLine[], columns: Columns): string {
  return `<div class="receipt receipt-${columns}">${lines.map(lineHtml).join('')}</div>`;
}

// 80 mm paper prints 72 mm (48 columns), 58 mm paper 48 mm (32 columns): 1.5 mm a column.
const PAPER_MM: Record<Columns, number> = { 32: 58, 48: 80 };
const COLUMN_MM = 1.5;
const LINE_MM = 3.6;
const MARGIN_MM = 4;

/** Roughly how long the slip is, so a PDF page ends where the paper would. */
function lengthMm(lines: readonly PrintLine[], columns: Columns): number {
  const printable = columns * COLUMN_MM;
  return Math.ceil(
    2 * MARGIN_MM +
      lines.reduce((mm, line) => {
        if (line.kind === 'barcode') return mm + 14;
        if (line.kind === 'qr') return mm + Math.min(30, printable * 0.5) + 2;
        if (line.kind === 'text' && line.large) return mm + 2 * LINE_MM;
        return mm + LINE_MM;
      }, 0),
  );
}

export const RECEIPT_CSS = `
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: #fff; color: #000; }
body { font-family: "DejaVu Sans Mono", Consolas, Menlo, "Courier New", monospace; font-size: 2.5mm; line-height: ${LINE_MM}mm; }
.receipt { margin: 0 auto; padding: ${MARGIN_MM}mm 0; }
.receipt-32 { width: ${32 * COLUMN_MM}mm; }
.receipt-48 { width: ${48 * COLUMN_MM}mm; }
.line { white-space: pre; overflow: hidden; min-height: ${LINE_MM}mm; }
.align-left { text-align: left; }
.align-center { text-align: center; }
.align-right { text-align: right; }
.bold { font-weight: bold; }
.large { font-size: 5mm; line-height: ${2 * LINE_MM}mm; }
.rule { border-top: 0.3mm dashed #000; margin-top: ${LINE_MM / 2}mm; min-height: ${LINE_MM / 2}mm; }
.graphic { display: flex; justify-content: center; }
.graphic svg { fill: #000; }
.barcode { width: 90%; height: 12mm; }
.qr { width: 50%; max-width: 30mm; height: auto; }
`;

/** A whole page for the system printer or a PDF: the fragment with its stylesheet. */
export function receiptDocument(lines: readonly PrintLine[], columns: Columns, options: { title: string; language: 'nl' | 'en' }): string {
  const page = `@page { size: ${PAPER_MM[columns]}mm ${lengthMm(lines, columns)}mm; margin: 0; }`;
  return [
    '<!doctype html>',
    `<html lang="${options.language}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${escapeHtml(options.title)}</title>`,
    `<style>${page}${RECEIPT_CSS}</style>`,
    '</head>',
    `<body>${receiptHtml(lines, columns)}</body>`,
    '</html>',
  ].join('\n');
}
