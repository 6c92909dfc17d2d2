// Periods are whole calendar months of the shop, in its time zone (the machine's, like its
// days: main/core/days.ts dayOf; the triggers of migration 013 count alike in SQL): a sale
// at 00:30 on 1 December is a December sale. A month is counted as year * 12 + (month - 1),
// so ranges are integer ranges and "the month before" is one less. Written as 'YYYY-MM'
// wherever a person or the contract sees one.

export type MonthText = string;

export interface MonthRange {
  /** First month, inclusive. */
  from: number;
  /** Last month, inclusive. */
  to: number;
}

const MONTH_PATTERN = /^(\d{4})-(\d{2})$/;

export function monthOf(ms: number): number {
  const d = new Date(ms);
  return d.getFullYear() * 12 + d.getMonth();
}

/** The first millisecond of the month, in the shop's time zone. */
export function monthStart(month: number): number {
  return new Date(Math.floor(month / 12), month % 12, 1).getTime();
}

export function formatMonth(month: number): MonthText {
  return `${String(Math.floor(month / 12)).padStart(4, '0')}-${String((month % 12) + 1).padStart(2, '0')}`;
}

/** A month between 1900 and 2100, or null. */
export function parseMonth(text: string): number | null {
  const m = MONTH_PATTERN.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (year < 1900 || year > 2100 || month < 1 || month > 12) return null;
  return year * 12 + month - 1;
}

/** The shop's default period: this month and the `months - 1` before it. */
export function defaultWindow(now: number, months: number): MonthRange {
  const to = monthOf(now);
  return { from: to - months + 1, to };
}

/** The period of the same length just before. */
export function previousWindow(range: MonthRange): MonthRange {
  const length = range.to - range.from + 1;
  return { from: range.from - length, to: range.from - 1 };
}

export const monthsIn = (range: MonthRange) => range.to - range.from + 1;
