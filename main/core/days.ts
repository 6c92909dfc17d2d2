// Calendar days as 'YYYY-MM-DD' strings: follow-up dates, birthdays in a week, custom date
// fields. Arithmetic is done on day numbers (days since 1970-01-01), never on clock times,
// so a daylight-saving change cannot move a date.

export type Day = string;

export const MS_PER_DAY = 86_400_000;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface DayParts {
  year: number;
  month: number;
  day: number;
}

export const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The parts of a real date between 1900 and 2100, or null ('2026-02-30' is not a day). */
export function parseDay(text: string): DayParts | null {
  const m = DAY_PATTERN.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) return null;
  if (day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export const isDay = (text: string) => parseDay(text) !== null;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function formatDay(year: number, month: number, day: number): Day {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** The shop's calendar day at a moment (the local time zone of the machine). */
export function dayOf(ms: number): Day {
  const d = new Date(ms);
  return formatDay(d.getFullYear(), d.getMonth() + 1, d.getDate());
}

/**
 * The shop's day number of a moment: days since 1970-01-01 of its local calendar day, the
 * same day as dayOf (a sale at 00:30 in Amsterdam is on that day, not on the UTC day before).
 * Every moment becomes a day through this or dayOf, never through `ms / MS_PER_DAY`.
 */
export function shopDayNumber(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / MS_PER_DAY;
}

/**
 * The first moment of the shop's day number `n` (local midnight, or the first hour that
 * exists where a clock change skips midnight): a moment is on day n or later exactly when
 * it is at or after this, so SQL can compare stored times with it.
 */
export function shopDayStart(n: number): number {
  const d = new Date(n * MS_PER_DAY);
  return new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()).getTime();
}

/** Days since 1970-01-01 of a valid day. */
export function dayNumber(day: Day): number {
  const p = parseDay(day);
  if (!p) throw new RangeError(`not a day: ${day}`);
  return Date.UTC(p.year, p.month - 1, p.day) / MS_PER_DAY;
}

export function fromDayNumber(n: number): Day {
  const d = new Date(n * MS_PER_DAY);
  return formatDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export const addDays = (day: Day, n: number): Day => fromDayNumber(dayNumber(day) + n);

/** Whole days from a to b (negative when b is earlier). */
export const daysBetween = (a: Day, b: Day): number => dayNumber(b) - dayNumber(a);

/**
 * A yearly date (birthday, anniversary) in a given year. 29 February falls on 28 February
 * in a year without one.
 */
export function yearlyIn(year: number, month: number, day: number): Day {
  return formatDay(year, month, Math.min(day, daysInMonth(year, month)));
}

/** How far ahead something may be planned: a follow-up in 2080 is a typing error. */
export const MAX_YEARS_AHEAD = 10;

export type PlannedDayIssue = { code: 'date_in_past'; earliest: Day } | { code: 'date_too_far'; latest: Day };

/**
 * Whether a day something is planned for (a follow-up) makes sense on `today`: not before
 * it (a plan in 2020 is a typo, never a plan) and not more than MAX_YEARS_AHEAD years after.
 */
export function plannedDayIssue(day: Day, today: Day): PlannedDayIssue | null {
  if (day < today) return { code: 'date_in_past', earliest: today };
  const t = parseDay(today)!;
  const latest = yearlyIn(t.year + MAX_YEARS_AHEAD, t.month, t.day);
  return day > latest ? { code: 'date_too_far', latest } : null;
}

/** The first date of a yearly series (anchored on `anchor`'s month and day) after `after`. */
export function nextYearly(anchor: Day, after: Day): Day {
  const a = parseDay(anchor)!;
  const from = parseDay(after)!;
  for (let year = from.year; ; year++) {
    const candidate = yearlyIn(year, a.month, a.day);
    if (candidate > after) return candidate;
  }
}
