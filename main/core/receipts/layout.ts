import { code128Widths } from './code128.js';
import { canPrint, printable, type CharacterSet } from './charset.js';
import { formatCount, formatDateTime, formatMoney, formatUnits, labels } from './labels.js';
import type { Columns, PrintLine, Receipt } from './types.js';
import { leftRight, paragraphs, wrap } from './wrap.js';

// A receipt laid out once, for one paper width and code page, as the lines both the
// printer and the preview draw. Every text line fits: large text counts double.

export interface LayoutOptions {
  columns: Columns;
  characterSet: CharacterSet;
}

type Align = 'left' | 'center' | 'right';

interface Style {
  align?: Align;
  bold?: boolean;
  large?: boolean;
}

class Paper {
  readonly lines: PrintLine[] = [];

  constructor(private readonly options: LayoutOptions) {}

  get columns(): number {
    return this.options.columns;
  }

  fit(text: string): string {
    return printable(text, this.options.characterSet);
  }

  private line(text: string, style: Style): void {
    this.lines.push({ kind: 'text', text, align: style.align ?? 'left', bold: style.bold ?? false, large: style.large ?? false });
  }

  /** Wrapped paragraphs; large text is double width, so half as many characters fit. */
  text(text: string, style: Style = {}): void {
    const width = style.large ? Math.floor(this.columns / 2) : this.columns;
    for (const paragraph of paragraphs(text)) {
      for (const line of wrap(this.fit(paragraph), width)) this.line(line, style);
    }
  }

  /** "Label ........ value", or the value on its own line, right-aligned, when both do not fit. */
  pair(label: string, value: string, style: Style = {}): void {
    const fitted = this.fit(value).replace(/ {2,}/g, ' ').trim();
    const { left, right } = leftRight(this.fit(label).replace(/\s+/g, ' ').trim(), fitted, this.columns);
    for (const line of left) this.line(line, { ...style, align: 'left' });
    if (right !== null) this.line(right, { ...style, align: 'right' });
  }

  rule(): void {
    this.lines.push({ kind: 'rule' });
  }

  blank(): void {
    if (this.lines.length && this.lines.at(-1)!.kind !== 'blank') this.lines.push({ kind: 'blank' });
  }

  codes(value: string): void {
    // CODE128 and QR carry plain ASCII; card numbers are letters, digits and dashes anyway.
    const ascii = this.fit(value).replace(/[^\x20-\x7e]/g, '?');
    this.blank();
    this.lines.push({ kind: 'barcode', value: ascii, bars: code128Widths(ascii) });
    this.line(ascii, { align: 'center' });
    this.blank();
    this.lines.push({ kind: 'qr', value: ascii });
    this.blank();
  }

  /** ███████░░░ 7/10 where the page has blocks (PC437/850/858); #######--- 7/10 where not. */
  progress(filled: number, size: number): void {
    const [full, empty] = canPrint('█', this.options.characterSet) && canPrint('░', this.options.characterSet) ? ['█', '░'] : ['#', '-'];
    const suffix = ` ${filled}/${size}`;
    const cells = Math.max(1, Math.min(size, this.columns - suffix.length));
    let on = size === cells ? filled : Math.round((filled * cells) / size);
    // Scaled down, a started card still shows a cell and an unfinished one an empty cell.
    if (filled > 0) on = Math.max(1, on);
    if (filled < size) on = Math.min(cells - 1, on);
    this.line(full.repeat(on) + empty.repeat(cells - on) + suffix, { align: 'center' });
  }
}

function header(paper: Paper, r: Receipt): void {
  const words = labels(r.language);
  if (r.shop.name.trim() !== '') paper.text(r.shop.name, { align: 'center', bold: true, large: true });
  paper.text(r.shop.header, { align: 'center' });
  paper.rule();
  paper.text(words.title[r.kind], { align: 'center', bold: true });
  paper.text(formatDateTime(r.createdAt, r.language), { align: 'center' });
  if (r.customer && r.kind !== 'member_card') {
    paper.blank();
    paper.text(`${words.customer}: ${r.customer.name}`);
    paper.text(`${words.card}: ${r.customer.cardNumber}`);
  }
  paper.rule();
}

function balance(paper: Paper, r: Receipt): void {
  const words = labels(r.language);
  if (r.balance !== null) paper.pair(words.balance, formatUnits(r.balance, r.unit, r.language), { bold: true });
  if (r.progress) {
    paper.blank();
    paper.progress(r.progress.filled, r.progress.size);
  }
  if (r.nextReward) {
    const { name, missing } = r.nextReward;
    paper.text(missing > 0 ? words.toGo(formatCount(missing, r.language), words.unit(r.unit, missing), name) : words.ready(name), { align: 'center' });
  }
}

function loyaltyBody(paper: Paper, r: Receipt): void {
  const words = labels(r.language);
  if (r.purchase) {
    if (r.purchase.kind === 'purchase') paper.pair(words.purchase, formatMoney(r.purchase.amountCents, r.language));
    else paper.text(words.visit);
    paper.text(r.purchase.description);
  }
  if (r.earned !== null) paper.pair(words.earned, `+${formatUnits(r.earned, r.unit, r.language)}`);
  balance(paper, r);
}

function redemptionBody(paper: Paper, r: Receipt): void {
  const words = labels(r.language);
  if (r.redeemed) {
    paper.text(`${words.reward}: ${r.redeemed.reward}`, { bold: true });
    paper.pair(words.redeemed, `-${formatUnits(r.redeemed.cost, r.unit, r.language)}`);
  }
  balance(paper, r);
  if (r.redeemed) {
    paper.blank();
    paper.text(words.code, { align: 'center' });
    paper.text(r.redeemed.code, { align: 'center', bold: true, large: true });
    paper.text(words.codeHint, { align: 'center' });
  }
}

function memberCardBody(paper: Paper, r: Receipt): void {
  const words = labels(r.language);
  if (r.customer) paper.text(r.customer.name, { align: 'center', bold: true, large: true });
  if (r.barcode) paper.codes(r.barcode);
  paper.text(words.memberWelcome, { align: 'center' });
  paper.text(words.memberHint, { align: 'center' });
}

function testBody(paper: Paper, r: Receipt): void {
  const words = labels(r.language);
  paper.text(`${words.testCharacters}: € é ü ß ñ Ø`);
  paper.progress(7, 10);
  paper.text(`${formatCount(1234, r.language)} · ${formatMoney(2350, r.language)}`);
  paper.blank();
  paper.text(words.testWidth(paper.columns));
  paper.text('1234567890'.repeat(Math.ceil(paper.columns / 10)).slice(0, paper.columns));
  paper.blank();
  paper.text(words.testBarcodes);
  if (r.barcode) paper.codes(r.barcode);
  paper.text(words.testWorks, { align: 'center', bold: true });
}

export function layoutReceipt(r: Receipt, options: LayoutOptions): PrintLine[] {
  const paper = new Paper(options);
  header(paper, r);
  switch (r.kind) {
    case 'loyalty':
      loyaltyBody(paper, r);
      break;
    case 'redemption':
      redemptionBody(paper, r);
      break;
    case 'member_card':
      memberCardBody(paper, r);
      break;
    case 'test':
      testBody(paper, r);
      break;
  }
  if (r.personalLine || r.footer.trim() !== '') {
    paper.rule();
    if (r.personalLine) paper.text(r.personalLine, { align: 'center', bold: true });
    paper.text(r.footer, { align: 'center' });
  }
  return paper.lines;
}

/** The widest a line of this layout may be, in columns (large text counts double). */
export function lineWidth(line: PrintLine): number {
  return line.kind === 'text' ? line.text.length * (line.large ? 2 : 1) : 0;
}
