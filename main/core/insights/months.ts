// Periods are whole calendar months (UTC, like the day numbers elsewhere): a month is
// counted as year * 12 + (month - 1), so ranges are integer ranges and "the month before"
// is one less. Written as 'YYYY-MM' wherever a person or the contract sees one.

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
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** The first millisecond of the month. */
export function monthStart(month: number): number {
  return Date.UTC(Math.floor(month / 12), month % 12, 1);
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
