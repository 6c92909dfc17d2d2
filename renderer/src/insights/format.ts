import type { Layer, MonthText } from '../../../main/api/contract';
import type { I18n } from '../i18n';

// Words and numbers for the insights screens.

export const LAYER_ORDER: Layer[] = ['top', 'large', 'medium', 'small', 'inactive', 'prospect'];
export const PAYING: Layer[] = ['top', 'large', 'medium', 'small'];

export const layerName = (i18n: I18n, layer: Layer) => i18n.tDynamic(`insights.layer.${layer}`);

/** "34 %" / "34%": whole percents, one decimal below 10. */
export function percent(i18n: I18n, share: number): string {
  const digits = share > 0 && share < 0.1 ? 1 : 0;
  return new Intl.NumberFormat(i18n.locale, { style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(share);
}

export const count = (i18n: I18n, n: number) => n.toLocaleString(i18n.locale);

/** "December 2025". */
export function monthName(i18n: I18n, month: MonthText): string {
  const [y, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(i18n.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y!, m! - 1, 1));
}

/** "Dec 2025 – Nov 2026" (one month: "November 2026"). */
export function periodName(i18n: I18n, period: { from: MonthText; to: MonthText }): string {
  if (period.from === period.to) return monthName(i18n, period.from);
  const short = (month: MonthText) => {
    const [y, m] = month.split('-').map(Number);
    return new Intl.DateTimeFormat(i18n.locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y!, m! - 1, 1));
  };
  return `${short(period.from)} – ${short(period.to)}`;
}

/** Month arithmetic on 'YYYY-MM'. */
export function addMonths(month: MonthText, n: number): MonthText {
  const [y, m] = month.split('-').map(Number);
  const index = y! * 12 + (m! - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The score as words for a screen reader: "4 of 5". */
export const scoreText = (i18n: I18n, score: number) => i18n.t('insights.score.of', { n: score });
