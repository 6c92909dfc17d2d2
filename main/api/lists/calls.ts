// The lists domain's call names (see main/api/calls.ts): no imports here.
export const LISTS_CALLS = [] as const;
