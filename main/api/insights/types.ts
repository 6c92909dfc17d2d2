// Output types of the insights calls, re-exported to the renderer through main/api/contract.ts.
import type { Day } from '../../core/days.js';
import type { CutoffPercents, Layer } from '../../core/insights/layers.js';
import type { MonthText } from '../../core/insights/months.js';
import type { ExportedFile } from '../exchange/types.js';

export type { CutoffPercents, Layer } from '../../core/insights/layers.js';
export type { MonthText } from '../../core/insights/months.js';
export type MoveKind = 'new' | 'returned' | 'up' | 'down' | 'lapsed';

export interface InsightPeriod {
  /** 'YYYY-MM', both months included. */
  from: MonthText;
  to: MonthText;
  months: number;
  /** The shop's default period (the last N months, this month included). */
  isDefault: boolean;
}

export interface PyramidLayer {
  layer: Layer;
  customers: number;
  revenueCents: number;
  /** Of the customers who bought in the period (0 for inactive and prospects), 0–1. */
  customerShare: number;
  /** Of the period's revenue, 0–1. */
  revenueShare: number;
  /** The paying layers' spend range in the period: at least `minSpendCents`, below `belowCents` (null: no bound). */
  minSpendCents: number | null;
  belowCents: number | null;
}

export interface Pyramid {
  period: InsightPeriod;
  cutoffs: CutoffPercents;
  /** top, large, medium, small, inactive, prospect. */
  layers: PyramidLayer[];
  /** Non-archived customers. */
  customers: number;
  /** Customers with a purchase or visit in the period. */
  activeCustomers: number;
  revenueCents: number;
}

export interface LayerMember {
  customerId: number;
  displayName: string;
  /** In the period. */
  spendCents: number;
  visitCount: number;
  lastVisitAt: number | null;
  /** Scores 1–5 of the default period (0: never bought). */
  recency: number;
  frequency: number;
  monetary: number;
}

export interface LayerPage {
  layer: Layer;
  period: InsightPeriod;
  total: number;
  offset: number;
  items: LayerMember[];
}

/** The file written into the exports folder (`rows`: the customers in it), and what was left out of it. */
export interface LayerExport extends ExportedFile {
  /** In the layer but left out of a contact export: no consent to offers. */
  leftOut: number;
  /** Left out beyond the cap (the smallest spenders of a very large layer). */
  beyondCap: number;
  cap: number;
}

export interface LayerChange {
  layer: Layer;
  before: number;
  after: number;
}

export interface MovementTransition {
  before: Layer;
  after: Layer;
  customers: number;
  /** What they spent in the current period. */
  revenueCents: number;
}

export interface Movement {
  period: InsightPeriod;
  previous: InsightPeriod;
  layers: LayerChange[];
  /** Customers per kind of move: new (first purchase ever), returned (inactive before), up, down, lapsed (now inactive). */
  moves: Record<MoveKind, number>;
  /** Every pair of different layers someone moved between. */
  transitions: MovementTransition[];
  revenue: {
    totalCents: number;
    /** From customers whose first purchase was in this period. */
    newCents: number;
    /** From customers who had bought before it. */
    returningCents: number;
  };
}

export interface Mover {
  customerId: number;
  displayName: string;
  before: Layer;
  after: Layer;
  spendBeforeCents: number;
  spendAfterCents: number;
  lastVisitAt: number | null;
}

export interface MoverPage {
  kind: MoveKind;
  period: InsightPeriod;
  previous: InsightPeriod;
  total: number;
  offset: number;
  items: Mover[];
}

export interface OverdueItem {
  customerId: number;
  displayName: string;
  /** Their layer in the default period (null when not known). */
  layer: Layer | null;
  lastVisitAt: number;
  daysSinceLastVisit: number;
  /** Median days between their visit days. */
  usualIntervalDays: number;
  /** The day their absence passed twice their usual interval. */
  overdueSince: Day;
  visitCount: number;
  /** Lifetime spend (kept purchases): what they are listed by. */
  spendCents: number;
}

export interface OverduePage {
  withinDays: number | null;
  total: number;
  /** Regulars (3+ visit days) the shop has at all: 0 is "no regulars yet", not "all came back". */
  regularCount: number;
  offset: number;
  items: OverdueItem[];
}

export interface Standing {
  customerId: number;
  period: InsightPeriod;
  layer: Layer;
  spendCents: number;
  visitCount: number;
  lastVisitAt: number | null;
  recency: number;
  frequency: number;
  monetary: number;
  usualIntervalDays: number | null;
  /** Overdue as on the Today screen: absent for more than twice their usual interval. */
  overdue: boolean;
  daysSinceLastVisit: number | null;
}

export interface InsightSettingsView {
  cutoffs: CutoffPercents;
  /** The default period's length: this month and the months before it. */
  periodMonths: number;
  /** This month by the archive's clock ('YYYY-MM'): what "the last 6 months" count back from. */
  currentMonth: MonthText;
}
