import type { Channel } from '../../../main/api/contract';
import type { I18n } from '../i18n';

// Days come from the archive as 'YYYY-MM-DD' in the shop's calendar. The browser's own clock
// is not asked what day it is: the Today screen says which day it is about.

/** Noon of a shop day, as a "now" for relative dates ("3 days ago") that follows the shop's calendar. */
export const noonOf = (day: string): number => new Date(`${day}T12:00:00`).getTime();

/** "Friday 27 November". */
export function weekdayDate(i18n: I18n, day: string): string {
  return new Intl.DateTimeFormat(i18n.locale, { weekday: 'long', day: 'numeric', month: 'long' }).format(noonOf(day));
}

/** "Fri 27 Nov". */
export function shortWeekdayDate(i18n: I18n, day: string): string {
  return new Intl.DateTimeFormat(i18n.locale, { weekday: 'short', day: 'numeric', month: 'short' }).format(noonOf(day));
}

/** "27 Nov 2026": for when something happened, on screens that have no shop day to count from. */
export function shortDate(i18n: I18n, ms: number): string {
  return new Intl.DateTimeFormat(i18n.locale, { day: 'numeric', month: 'short', year: 'numeric' }).format(ms);
}

/**
 * A count in words, the app's one plural helper: `${key}.one` for exactly one (Dutch and
 * English have no other forms), else `key` with {n}. A formatted {n} in params ("1.250") wins.
 */
export function counted(i18n: I18n, key: string, n: number, params: Record<string, string | number> = {}): string {
  return i18n.tDynamic(n === 1 ? `${key}.one` : key, { n, ...params });
}

export const channelName = (i18n: I18n, channel: Channel | null): string =>
  i18n.tDynamic(channel ? `channel.${channel}` : 'channel.none');

export const CHANNEL_CHOICES: Channel[] = ['phone', 'whatsapp', 'sms', 'email', 'in_person'];
