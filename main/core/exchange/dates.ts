import { daysInMonth } from '../days.js';
import { fold } from '../text.js';
import type { DateOrder } from './fields.js';

// Birthdays as people and programs write them: 3-2-1985, 03-02-85, 3/2/1985, 3.2.1985,
// 3 februari 1985, 3 feb. '85, February 3, 1985, 1985-02-03 (with or without a time),
// and without a year: 3-2, 3 februari, --02-03 (ISO). Day before month unless the
// file says otherwise (Square writes MM-DD-YYYY).

export interface PartialDate {
  day: number;
  month: number;
  year: number | null;
}

export interface DateOptions {
  order: DateOrder;
  /** Two-digit years are put in the century that keeps them out of the future. */
  currentYear: number;
}

const MONTHS = new Map<string, number>(Object.entries({
  januari: 1, january: 1, jan: 1, janvier: 1, januar: 1,
  februari: 2, february: 2, feb: 2, febr: 2, fevrier: 2, februar: 2,
  maart: 3, march: 3, mrt: 3, mar: 3, maa: 3, mars: 3, marz: 3,
  april: 4, apr: 4, avril: 4,
  mei: 5, may: 5, mai: 5,
  juni: 6, june: 6, jun: 6, juin: 6,
  juli: 7, july: 7, jul: 7, juillet: 7,
  augustus: 8, august: 8, aug: 8, aout: 8,
  september: 9, sep: 9, sept: 9, septembre: 9,
  oktober: 10, october: 10, okt: 10, oct: 10, octobre: 10,
  november: 11, nov: 11, novembre: 11,
  december: 12, dec: 12, decembre: 12, dezember: 12,
}));

export function monthNumber(word: string): number | null {
  return MONTHS.get(fold(word).replace(/\.$/, '')) ?? null;
}

function fullYear(text: string, currentYear: number): number {
  const n = Number(text.replace(/^'/, ''));
  if (text.replace(/^'/, '').length > 2) return n;
  const century = Math.floor(currentYear / 100) * 100;
  return century + n > currentYear ? century - 100 + n : century + n;
}

function real(day: number, month: number, year: number | null): PartialDate | null {
  if (year !== null && (year < 1900 || year > 2100)) return null;
  if (month < 1 || month > 12 || day < 1) return null;
  // Without a year, 29 February is a real birthday (as the customer form allows).
  if (day > daysInMonth(year ?? 2000, month)) return null;
  return { day, month, year };
}

const ISO = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const ISO_NO_YEAR = /^--(\d{2})-?(\d{2})$/;
const NUMERIC = /^(\d{1,2})[-/.\s](\d{1,2})(?:[-/.\s]('?\d{2}|\d{4}))?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/;
const DAY_MONTH_WORD = /^(\d{1,2})(?:e|de|ste|st|nd|rd|th)?\.?\s*(?:of\s+)?([\p{L}]+\.?)[\s,]*('?\d{2}|\d{4})?$/u;
const MONTH_WORD_DAY = /^([\p{L}]+\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?(?:\s+('?\d{2}|\d{4}))?$/u;
const WEEKDAY = /^(?:ma|di|wo|do|vr|za|zo|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday)[a-z]*\.?,?\s+/i;

/** A date, or null when the text is not one (empty text included: check that first). */
export function parseDate(input: string, options: DateOptions): PartialDate | null {
  const text = input.trim().replace(WEEKDAY, '').replace(/\s+/g, ' ');
  let m = ISO.exec(text);
  if (m) return real(Number(m[3]), Number(m[2]), Number(m[1]));
  m = ISO_NO_YEAR.exec(text);
  if (m) return real(Number(m[2]), Number(m[1]), null);
  m = NUMERIC.exec(text);
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    const year = m[3] === undefined ? null : fullYear(m[3], options.currentYear);
    return options.order === 'dmy' ? real(a, b, year) : real(b, a, year);
  }
  m = DAY_MONTH_WORD.exec(text);
  if (m) {
    const month = monthNumber(m[2]!);
    if (month === null) return null;
    return real(Number(m[1]), month, m[3] === undefined ? null : fullYear(m[3], options.currentYear));
  }
  m = MONTH_WORD_DAY.exec(text);
  if (m) {
    const month = monthNumber(m[1]!);
    if (month === null) return null;
    return real(Number(m[2]), month, m[3] === undefined ? null : fullYear(m[3], options.currentYear));
  }
  return null;
}

/**
 * The order the numeric dates of a column must be in: day-month when some first number is
 * above 12, month-day when some second number is; null when the column does not say.
 */
export function sniffDateOrder(values: Iterable<string>): DateOrder | null {
  let dmy = false;
  let mdy = false;
  for (const value of values) {
    const m = NUMERIC.exec(value.trim());
    if (!m) continue;
    if (Number(m[1]) > 12 && Number(m[2]) <= 12) dmy = true;
    if (Number(m[2]) > 12 && Number(m[1]) <= 12) mdy = true;
    if (dmy && mdy) return null;
  }
  return dmy ? 'dmy' : mdy ? 'mdy' : null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** How exports write a birthday: ISO, and `--MM-DD` (ISO 8601) without a year. */
export function formatBirthday(date: PartialDate): string {
  return date.year === null ? `--${pad(date.month)}-${pad(date.day)}` : `${date.year}-${pad(date.month)}-${pad(date.day)}`;
}
