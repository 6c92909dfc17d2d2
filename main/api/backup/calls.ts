// The backup domain's call names (see main/api/calls.ts): no imports here.
export const BACKUP_CALLS = [] as const;
