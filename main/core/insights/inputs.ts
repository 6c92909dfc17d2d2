import { layerCuts, type CutoffPercents, type LayerCuts } from './layers.js';
import { scoreCuts, type ScoreCuts } from './scores.js';

// What the layer cuts and the scores are made from: every customer's spend and visits in
// the period and the day of their last visit. Kept between refreshes and moved by the
// customers that changed (take their old figures out, put their new ones in), so that one
// purchase does not mean reading a million rows again.

/** One customer's figures as the cuts see them. */
export interface Facts {
  spendCents: number;
  visitCount: number;
  /** Ever bought (a first month with a kept visit). */
  bought: boolean;
  /** Day number of the last kept visit, or null. */
  lastDay: number | null;
}

export interface CutSet {
  layer: LayerCuts;
  /** Day numbers: a last visit on or after that day scores 2..5. */
  recencyDays: ScoreCuts;
  frequency: ScoreCuts;
  monetary: ScoreCuts;
}

/** Values kept in ascending order, with room to grow: inserting or removing one moves the tail. */
export class SortedValues {
  private values: Float64Array;
  length: number;

  constructor(ascending: Float64Array = new Float64Array(0)) {
    this.values = new Float64Array(Math.max(16, Math.ceil(ascending.length * 1.1)));
    this.values.set(ascending);
    this.length = ascending.length;
  }

  /** The first index whose value is >= v (or > v with `after`). */
  private bound(v: number, after: boolean): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const x = this.values[mid]!;
      if (x < v || (after && x === v)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  add(v: number): void {
    if (this.length === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values.subarray(0, this.length));
      this.values = bigger;
    }
    const at = this.bound(v, true);
    this.values.copyWithin(at + 1, at, this.length);
    this.values[at] = v;
    this.length++;
  }

  /** Removes one value equal to v; false when there is none. */
  remove(v: number): boolean {
    const at = this.bound(v, false);
    if (at >= this.length || this.values[at] !== v) return false;
    this.values.copyWithin(at, at + 1, this.length);
    this.length--;
    return true;
  }

  ascending(): Float64Array {
    return this.values.subarray(0, this.length);
  }

  clone(): SortedValues {
    return new SortedValues(this.ascending());
  }
}

function bump(map: Map<number, number>, key: number, by: number): void {
  const n = (map.get(key) ?? 0) + by;
  if (n === 0) map.delete(key);
  else map.set(key, n);
}

function expand(histogram: Map<number, number>): Float64Array {
  const keys = [...histogram.keys()].sort((a, b) => a - b);
  const out = new Float64Array(keys.reduce((sum, k) => sum + histogram.get(k)!, 0));
  let at = 0;
  for (const k of keys) {
    const n = histogram.get(k)!;
    out.fill(k, at, at + n);
    at += n;
  }
  return out;
}

export class CutInputs {
  constructor(
    /** Positive spends in the period. */
    readonly spends: SortedValues,
    /** Visits in the period (above 0) → how many customers. */
    readonly visits: Map<number, number>,
    /** Last visit day → how many customers. */
    readonly days: Map<number, number>,
    /** Customers who ever bought. */
    public buyers: number,
  ) {}

  static from(spendsAscending: Float64Array, visits: Map<number, number>, days: Map<number, number>, buyers: number): CutInputs {
    return new CutInputs(new SortedValues(spendsAscending), visits, days, buyers);
  }

  clone(): CutInputs {
    return new CutInputs(this.spends.clone(), new Map(this.visits), new Map(this.days), this.buyers);
  }

  /** Takes a customer's figures out (-1) or puts them in (+1). */
  apply(facts: Facts, sign: 1 | -1): void {
    if (facts.spendCents > 0) {
      if (sign > 0) this.spends.add(facts.spendCents);
      else this.spends.remove(facts.spendCents);
    }
    if (facts.visitCount > 0) bump(this.visits, facts.visitCount, sign);
    if (facts.lastDay !== null) bump(this.days, facts.lastDay, sign);
    if (facts.bought) this.buyers += sign;
  }

  cuts(cutoffs: CutoffPercents): CutSet {
    const spendsAsc = this.spends.ascending();
    const visits = expand(this.visits);
    // Frequency and spend among everyone who ever bought: those without a visit (or a
    // purchase) in the period are zeros below the rest.
    return {
      layer: layerCuts(spendsAsc.slice().reverse(), cutoffs),
      recencyDays: scoreCuts(expand(this.days)),
      frequency: scoreCuts(visits, Math.max(0, this.buyers - visits.length)),
      monetary: scoreCuts(spendsAsc, Math.max(0, this.buyers - spendsAsc.length)),
    };
  }
}
