import { describe, expect, it } from 'vitest';
import { DEFAULT_CUTOFFS, layerCuts, layerOf, validCutoffs } from '../../main/core/insights/layers.js';
import { defaultWindow, formatMonth, monthOf, monthStart, parseMonth, previousWindow } from '../../main/core/insights/months.js';
import { overdueDay, usualInterval } from '../../main/core/insights/overdue.js';
import { CutInputs, SortedValues } from '../../main/core/insights/inputs.js';
import { scoreCuts, scoreOf } from '../../main/core/insights/scores.js';

const DAY = 86_400_000;

describe('layer cuts', () => {
  it('cuts where the customers above have made 20, 50 and 80 % of the revenue, the crossing customer in the layer above', () => {
    // Total 1000: 300 starts at 0 % (top), 200 at 30 % (large), 150 and 150 at 50 % (medium: exactly at the cut-off), 100 at 80 % (small).
    const cuts = layerCuts([300, 200, 150, 150, 100, 50], DEFAULT_CUTOFFS);
    expect(cuts).toEqual({ top: 300, large: 200, medium: 150 });
    const of = (spend: number) => layerOf({ spendCents: spend, visitCount: 1, firstMonth: 1 }, 0, cuts);
    expect([300, 200, 150, 100, 0].map(of)).toEqual(['top', 'large', 'medium', 'small', 'small']);
  });

  it('never splits a tie: equal spenders take the higher layer together, and a layer can stay empty', () => {
    expect(layerCuts([100, 100, 100, 100], DEFAULT_CUTOFFS)).toEqual({ top: 100, large: null, medium: null });
    expect(layerCuts([500, 250, 250], { top: 20, large: 60, medium: 80 })).toEqual({ top: 500, large: 250, medium: null });
  });

  it('has no paying layers when nobody spent anything, and leaves zeros and visits-only customers small', () => {
    expect(layerCuts([], DEFAULT_CUTOFFS)).toEqual({ top: null, large: null, medium: null });
    expect(layerCuts([0, 0], DEFAULT_CUTOFFS)).toEqual({ top: null, large: null, medium: null });
    expect(layerOf({ spendCents: 0, visitCount: 2, firstMonth: 5 }, 5, { top: null, large: null, medium: null })).toBe('small');
  });

  it('tells the inactive (bought before the period) from prospects (never bought, or only after it)', () => {
    const cuts = { top: 100, large: 50, medium: 10 };
    expect(layerOf({ spendCents: 0, visitCount: 0, firstMonth: 3 }, 5, cuts)).toBe('inactive');
    expect(layerOf({ spendCents: 0, visitCount: 0, firstMonth: null }, 5, cuts)).toBe('prospect');
    expect(layerOf({ spendCents: 0, visitCount: 0, firstMonth: 9 }, 5, cuts)).toBe('prospect');
  });

  it('accepts only rising whole percents as cut-offs', () => {
    expect(validCutoffs(DEFAULT_CUTOFFS)).toBe(true);
    expect(validCutoffs({ top: 50, large: 50, medium: 80 })).toBe(false);
    expect(validCutoffs({ top: 0, large: 50, medium: 80 })).toBe(false);
    expect(validCutoffs({ top: 20.5, large: 50, medium: 80 })).toBe(false);
  });
});

describe('scores in fifths', () => {
  it('gives score 1 + floor(5 × how many have less / n), ties sharing a score', () => {
    const values = [0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 3];
    const cuts = scoreCuts(values);
    expect(values.map((v) => scoreOf(v, cuts))).toEqual([1, 1, 1, 1, 1, 1, 1, 4, 4, 4, 5]);
    // The least value that scores at least 2, 3, 4 and 5: nobody scores 2 or 3 (the ones are a tie of five).
    expect(cuts).toEqual([2, 2, 2, 3]);
  });

  it('counts leading zeros it was not given', () => {
    expect(scoreCuts([20, 30, 50, 100, 150, 150, 200, 300], 3)).toEqual(scoreCuts([0, 0, 0, 20, 30, 50, 100, 150, 150, 200, 300]));
    const cuts = scoreCuts([20, 30, 50, 100, 150, 150, 200, 300], 3);
    expect([0, 20, 30, 50, 100, 150, 200, 300].map((v) => scoreOf(v, cuts))).toEqual([1, 2, 2, 3, 3, 4, 5, 5]);
  });

  it('gives one customer, or everyone alike, the lowest score', () => {
    expect(scoreOf(7, scoreCuts([7]))).toBe(1);
    expect(scoreCuts([4, 4, 4, 4, 4])).toEqual([null, null, null, null]);
    expect(scoreCuts([])).toEqual([null, null, null, null]);
  });

  it('spreads distinct values evenly over five scores', () => {
    const values = Array.from({ length: 10 }, (_, i) => i * 10);
    expect(values.map((v) => scoreOf(v, scoreCuts(values)))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });
});

describe('months', () => {
  it('counts calendar months (UTC) and writes them as YYYY-MM', () => {
    expect(monthOf(Date.UTC(2026, 10, 25))).toBe(2026 * 12 + 10);
    expect(formatMonth(2026 * 12 + 10)).toBe('2026-11');
    expect(parseMonth('2026-11')).toBe(2026 * 12 + 10);
    expect(parseMonth('2026-13')).toBeNull();
    expect(parseMonth('26-11')).toBeNull();
    expect(monthStart(2026 * 12)).toBe(Date.UTC(2026, 0, 1));
  });

  it('makes the default period this month and the ones before it, and the period before of the same length', () => {
    const w = defaultWindow(Date.UTC(2026, 10, 25), 12);
    expect([formatMonth(w.from), formatMonth(w.to)]).toEqual(['2025-12', '2026-11']);
    const p = previousWindow(w);
    expect([formatMonth(p.from), formatMonth(p.to)]).toEqual(['2024-12', '2025-11']);
  });
});

describe('overdue', () => {
  it('needs three visit days, takes the median gap, and is overdue past twice that', () => {
    const t0 = Date.UTC(2026, 5, 1, 10);
    expect(usualInterval([t0, t0 + 7 * DAY])).toBeNull();
    // Two visits on one day count as one visit day.
    expect(usualInterval([t0, t0 + 3_600_000, t0 + 7 * DAY])).toBeNull();
    expect(usualInterval([t0, t0 + 7 * DAY, t0 + 14 * DAY])).toBe(7);
    expect(usualInterval([t0, t0 + 35 * DAY, t0 + 71 * DAY])).toBe(36);
    const last = Math.floor((t0 + 14 * DAY) / DAY);
    expect(overdueDay(last, 7)).toBe(last + 15);
  });
});

describe('the cuts\' inputs kept between refreshes', () => {
  it('keeps values sorted as they come and go, ties included', () => {
    const values = new SortedValues(Float64Array.from([10, 20, 20, 30]));
    values.add(20);
    values.add(5);
    values.add(40);
    expect([...values.ascending()]).toEqual([5, 10, 20, 20, 20, 30, 40]);
    expect(values.remove(20)).toBe(true);
    expect(values.remove(25)).toBe(false);
    expect([...values.ascending()]).toEqual([5, 10, 20, 20, 30, 40]);
    for (let i = 0; i < 100; i++) values.add(i % 7);
    expect(values.length).toBe(106);
    expect([...values.ascending()].every((v, i, a) => i === 0 || a[i - 1]! <= v)).toBe(true);
  });

  it('gives the same cuts after customers changed as when made afresh', () => {
    const people = [
      { spendCents: 300, visitCount: 3, bought: true, lastDay: 100 },
      { spendCents: 150, visitCount: 1, bought: true, lastDay: 90 },
      { spendCents: 0, visitCount: 2, bought: true, lastDay: 95 },
      { spendCents: 0, visitCount: 0, bought: true, lastDay: 10 },
      { spendCents: 0, visitCount: 0, bought: false, lastDay: null },
    ];
    const afresh = (list: typeof people) => {
      const inputs = CutInputs.from(new Float64Array(0), new Map(), new Map(), 0);
      for (const p of list) inputs.apply(p, 1);
      return inputs;
    };
    const kept = afresh(people);
    // The second customer buys again, the fourth comes back.
    const changed = [people[0]!, { ...people[1]!, spendCents: 400, visitCount: 2, lastDay: 101 }, people[2]!,
      { ...people[3]!, spendCents: 20, visitCount: 1, lastDay: 101 }, people[4]!];
    const moved = kept.clone();
    moved.apply(people[1]!, -1);
    moved.apply(changed[1]!, 1);
    moved.apply(people[3]!, -1);
    moved.apply(changed[3]!, 1);
    expect(moved.cuts(DEFAULT_CUTOFFS)).toEqual(afresh(changed).cuts(DEFAULT_CUTOFFS));
    // The clone left the kept inputs as they were.
    expect(kept.cuts(DEFAULT_CUTOFFS)).toEqual(afresh(people).cuts(DEFAULT_CUTOFFS));
  });
});
