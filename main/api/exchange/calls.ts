// The exchange domain's call names (see main/api/calls.ts): no imports here.
export const EXCHANGE_CALLS = [] as const;
