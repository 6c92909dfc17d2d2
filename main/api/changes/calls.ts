// Live screens' call names (see main/api/calls.ts): no imports here.
export const CHANGES_CALLS = ['app.changes'] as const;
