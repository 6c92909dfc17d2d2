import type { exchangeEn } from './exchange.en';

export const exchangeNl: Record<keyof typeof exchangeEn, string> = {
  'sections.exchange': 'Export & import',
};
