// English strings for the exchange pages; exchange.nl.ts has the same keys.
export const exchangeEn = {
  'sections.exchange': 'Export & import',
};
