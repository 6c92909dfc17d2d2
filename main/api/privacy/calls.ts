// The privacy domain's call names (see main/api/calls.ts): no imports here.
export const PRIVACY_CALLS = [] as const;
