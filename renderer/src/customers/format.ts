import type { I18n } from '../i18n';

export function formatBirthday(i18n: I18n, b: { day: number; month: number; year: number | null }): string {
  const month = i18n.tDynamic(`month.${b.month}`);
  return b.year ? `${b.day} ${month} ${b.year}` : `${b.day} ${month}`;
}
