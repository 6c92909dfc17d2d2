// The exchange domain's call names (see main/api/calls.ts): no imports here.
export const EXCHANGE_CALLS = [
  'exchange.upload',
  'exchange.preview',
  'exchange.check',
  'exchange.import',
  'exchange.export',
  'exchange.exportTag',
  'exchange.status',
  'exchange.saveCopy',
] as const;
