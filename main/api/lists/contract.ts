import { z } from 'zod';
import { call, id, none, type CallDef } from '../contract-kit.js';
import type { LISTS_CALLS } from './calls.js';
import { customersInput, exportInput, filterInput, listInput, saveFilterInput } from './schema.js';
import type { FilteredCustomers, ListExport, ListView, LoadedFilter, SavedFilter } from './types.js';

export const listsContract = {
  /** A list to act on: birthdays this week or month, top customers, lapsed good customers, rewards waiting, most satisfied, unhappy. */
  'lists.get': call<ListView>()(listInput),
  /** A page of the customer list under a filter, by name. */
  'lists.customers': call<FilteredCustomers>()(customersInput),
  /** How many customers a filter matches (asked apart, so that the first page need not wait for it). */
  'lists.count': call<{ total: number }>()(z.object({ filter: filterInput })),
  /** A list or filtered customer list as CSV in the exports folder (capped at EXPORT_CAP rows); a contact export holds only those who consented. */
  'lists.export': call<ListExport>()(exportInput),
  'lists.filters': call<SavedFilter[]>()(none),
  /** A saved filter, less what it names that is gone (with notes saying what). */
  'lists.filter': call<LoadedFilter>()(z.object({ id })),
  /** Saves a new filter (id null) or replaces one; names are unique, compared accent- and case-blind. */
  'lists.saveFilter': call<SavedFilter>()(saveFilterInput),
  'lists.deleteFilter': call<{ deleted: number }>()(z.object({ id })),
} satisfies { [N in (typeof LISTS_CALLS)[number]]: CallDef<z.ZodType, unknown> };
