// Recency, frequency and spend as scores of 1 to 5 (RFM quintiles) among the customers who
// ever bought: 5 for the most recent fifth, the most frequent, the biggest spenders. A
// value's score is 1 + floor(5 × (how many have less) / n), so equal values always share a
// score and a large tie (everyone with one visit) cannot be split over two scores.
// As the score only grows with the value, it is a set of thresholds SQL can compare against.

/** The least value scoring 2, 3, 4 and 5 (index 0..3); null when no value scores that high. */
export type ScoreCuts = [number | null, number | null, number | null, number | null];

/**
 * Thresholds for values sorted from smallest to largest. `leadingZeros` values of 0 are
 * counted before them without being in the array (the buyers with nothing in the period).
 */
export function scoreCuts(sortedAsc: ArrayLike<number>, leadingZeros = 0): ScoreCuts {
  const n = sortedAsc.length + leadingZeros;
  const at = (k: number) => (k < leadingZeros ? 0 : sortedAsc[k - leadingZeros]!);
  const cuts: ScoreCuts = [null, null, null, null];
  if (n === 0) return cuts;
  for (let s = 2; s <= 5; s++) {
    // The least value with at least q values below it: the first value above the q-th.
    const q = Math.ceil(((s - 1) * n) / 5);
    const below = at(q - 1);
    let k = q;
    if (k < n && at(k) > below) {
      cuts[s - 2] = at(k);
      continue;
    }
    // Skip the rest of the tie (binary search: the array may hold a million values).
    let lo = Math.max(k, leadingZeros);
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at(mid) > below) hi = mid;
      else lo = mid + 1;
    }
    k = lo;
    cuts[s - 2] = k < n ? at(k) : null;
  }
  return cuts;
}

export function scoreOf(value: number, cuts: ScoreCuts): number {
  let score = 1;
  for (let i = 0; i < 4; i++) if (cuts[i] !== null && value >= cuts[i]!) score = i + 2;
  return score;
}
