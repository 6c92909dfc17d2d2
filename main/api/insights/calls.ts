// The insights domain's call names (see main/api/calls.ts): no imports here.
export const INSIGHTS_CALLS = [] as const;
