// Output types of the lists calls, re-exported to the renderer through main/api/contract.ts.
import type { Day } from '../../core/days.js';
import type { Period } from '../../core/lists/windows.js';
import type { Unit } from '../../core/loyalty/rules.js';
import type { ExportedFile } from '../exchange/types.js';
import type { FilterInput, ListName } from './schema.js';

export type { CriterionInput as FilterCriterion, FilterInput as CustomerFilter, ListName, ListSource } from './schema.js';

export type ListLayer = 'top' | 'large' | 'medium' | 'small' | 'inactive' | 'prospect';

/** What a list or the customer list shows, one column each: the screen, the print and the CSV agree. */
export type ListColumn =
  | 'name'
  | 'celebrates'
  | 'turns'
  | 'birthday'
  | 'city'
  | 'layer'
  | 'spend'
  | 'visits'
  | 'lastVisit'
  | 'usualInterval'
  | 'reason'
  | 'balance'
  | 'averageScore'
  | 'feedbackCount'
  | 'lastScore'
  | 'lastFeedback'
  | 'openComplaints'
  | 'oldestOpen'
  | 'consent';

/** One customer on a list. Which fields are set depends on the list (see `columns`). */
export interface ListRow {
  customerId: number;
  displayName: string;
  city: string;
  marketingConsent: boolean;
  /** Birthdays: the day it is celebrated in the window (29 February on the 28th in other years). */
  celebrates?: Day;
  /** Birthdays: the age they turn, when the birth year is known. */
  turns?: number | null;
  birthday?: { day: number; month: number } | null;
  layer?: ListLayer | null;
  spendCents?: number;
  visitCount?: number;
  lastVisitAt?: number | null;
  usualIntervalDays?: number | null;
  /** Lapsed good customers: overdue (a regular staying away) or inactive (no purchase in 12 months). */
  reason?: 'overdue' | 'inactive';
  balance?: number;
  averageScore?: number;
  feedbackCount?: number;
  lastScore?: number | null;
  lastFeedbackAt?: number | null;
  openComplaints?: number;
  oldestOpenAt?: number | null;
}

export interface ListView {
  list: ListName;
  columns: ListColumn[];
  rows: ListRow[];
  /** Everyone on the list; more than rows.length when the list was cut at `limit`. */
  total: number;
  /** Birthdays: the week or month. */
  window: { period: Period; from: Day; to: Day; week: number | null } | null;
  /** Lists read from the customer segments' period (top, lapsed; by default the last 12 whole months): its first day. */
  since: Day | null;
  /** Top customers: how many were asked for. */
  count: number | null;
  /** Reward waiting: the cheapest reward on offer now, whose cost a balance must reach; null when none is on offer. */
  reward: { name: string; cost: number } | null;
  unit: Unit;
}

/** A criterion that could not be applied as saved, or not quite. */
export interface FilterNote {
  /** Its place in the filter as given. */
  index: number;
  /**
   * tag_missing / field_missing / option_missing: what it names is gone (left out, or the
   * criterion left out when nothing was left); field_retired: applied, but the field is
   * retired; field_kind: the test does not suit the field; invalid: unreadable (left out).
   */
  code: 'tag_missing' | 'field_missing' | 'option_missing' | 'field_retired' | 'field_kind' | 'invalid';
  /** Whether the criterion was left out entirely. */
  dropped: boolean;
}

export interface ListCursor {
  family: string;
  given: string;
  id: number;
}

export interface FilteredCustomers {
  columns: ListColumn[];
  rows: ListRow[];
  /** Where the next page starts; null on the last page. */
  next: ListCursor | null;
  notes: FilterNote[];
  unit: Unit;
}

/** The file written into the exports folder (`rows`: the rows in it), and what was left out of it. */
export interface ListExport extends ExportedFile {
  /** On the list but left out of a contact export: no marketing consent. */
  leftOut: number;
  /** On the list but beyond the cap. */
  beyondCap: number;
  cap: number;
  separator: ';' | ',';
}

export interface SavedFilter {
  id: number;
  name: string;
  criteria: number;
  updatedAt: number;
}

export interface LoadedFilter extends SavedFilter {
  /** The criteria that could be read; notes say which could not. */
  filter: FilterInput;
  notes: FilterNote[];
}
