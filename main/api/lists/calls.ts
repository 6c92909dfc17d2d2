// The lists domain's call names (see main/api/calls.ts): no imports here.
export const LISTS_CALLS = [
  'lists.get',
  'lists.customers',
  'lists.count',
  'lists.export',
  'lists.filters',
  'lists.filter',
  'lists.saveFilter',
  'lists.deleteFilter',
] as const;
