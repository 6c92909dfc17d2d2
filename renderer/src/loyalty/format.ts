import type { Unit } from '../../../main/api/contract';
import type { I18n } from '../i18n';

export function money(i18n: I18n, cents: number): string {
  return new Intl.NumberFormat(i18n.locale, { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

export function units(i18n: I18n, n: number, unit: Unit): string {
  return Math.abs(n) === 1 ? i18n.tDynamic(`loyalty.unit.${unit}.one`).replace('1', String(n)) : i18n.tDynamic(`loyalty.unit.${unit}`, { n });
}

/** "12,50" in Dutch, "12.50" in English: how an example amount is typed here. */
export function exampleAmount(i18n: I18n): string {
  return i18n.language === 'nl' ? '12,50' : '12.50';
}
