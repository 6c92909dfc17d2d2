// Curry's customer pyramid. Customers who bought in the period are ranked by what they
// spent; walking down from the biggest spender, a customer is "top" while the customers
// above them together made less than the top cut-off (20%) of the period's revenue, "large"
// below the large cut-off (50%), "medium" below the medium one (80%), "small" after that.
// So the customer who crosses a cut-off still belongs to the layer above it, and customers
// who spent exactly the same always share a layer (the higher one): a tie is never split.
// Customers who came but spent nothing (a visit without a purchase) are small. Inactive:
// bought before the period, not in it. Prospects: registered, never bought (by the end of it).
//
// Because the layer only grows with the spend, a layer is a spend range: the result is the
// least spend of each paying layer, which SQL can compare against.

export const LAYERS = ['top', 'large', 'medium', 'small', 'inactive', 'prospect'] as const;
export type Layer = (typeof LAYERS)[number];
export const ACTIVE_LAYERS = ['top', 'large', 'medium', 'small'] as const;

/** Cumulative revenue shares in whole percents, e.g. 20 / 50 / 80. */
export interface CutoffPercents {
  top: number;
  large: number;
  medium: number;
}

export const DEFAULT_CUTOFFS: CutoffPercents = { top: 20, large: 50, medium: 80 };

export function validCutoffs(c: CutoffPercents): boolean {
  return [c.top, c.large, c.medium].every((n) => Number.isInteger(n)) && c.top >= 1 && c.top < c.large && c.large < c.medium && c.medium <= 99;
}

/** The least spend (cents) that puts a buyer in each paying layer; null when the layer is empty. */
export interface LayerCuts {
  top: number | null;
  large: number | null;
  medium: number | null;
}

/**
 * The cuts for the spends of the period's buyers, sorted from largest to smallest (zeros may
 * be left out: they are small whatever happens). Integer arithmetic, so an exact tie with a
 * cut-off (the top customers making exactly 20%) is decided the same way every time.
 */
export function layerCuts(spendsDesc: ArrayLike<number>, cutoffs: CutoffPercents): LayerCuts {
  let total = 0;
  for (let i = 0; i < spendsDesc.length; i++) total += Math.max(0, spendsDesc[i]!);
  const cuts: LayerCuts = { top: null, large: null, medium: null };
  if (total <= 0) return cuts;
  let before = 0;
  let i = 0;
  while (i < spendsDesc.length) {
    const spend = spendsDesc[i]!;
    if (spend <= 0) break;
    // Everyone spending this much starts at the same place: a tie is never split.
    const layer = payingLayer(before, total, cutoffs);
    if (layer === 'small') break;
    cuts[layer] = spend;
    while (i < spendsDesc.length && spendsDesc[i] === spend) before += spendsDesc[i++]!;
  }
  // A cut that was never reached sits at the one above: an empty layer.
  return cuts;
}

function payingLayer(before: number, total: number, c: CutoffPercents): 'top' | 'large' | 'medium' | 'small' {
  if (before * 100 < c.top * total) return 'top';
  if (before * 100 < c.large * total) return 'large';
  if (before * 100 < c.medium * total) return 'medium';
  return 'small';
}

export interface Standing {
  spendCents: number;
  visitCount: number;
  /** The first month with a kept visit, or null: never bought. */
  firstMonth: number | null;
}

/** The layer of one customer in a period starting at `from`, given the period's cuts. */
export function layerOf(s: Standing, from: number, cuts: LayerCuts): Layer {
  if (s.visitCount > 0) {
    if (cuts.top !== null && s.spendCents >= cuts.top) return 'top';
    if (cuts.large !== null && s.spendCents >= cuts.large) return 'large';
    if (cuts.medium !== null && s.spendCents >= cuts.medium) return 'medium';
    return 'small';
  }
  return s.firstMonth !== null && s.firstMonth < from ? 'inactive' : 'prospect';
}

/** Higher is better: for "moved up" and "moved down". Inactive and prospect share the floor. */
export function layerRank(layer: Layer): number {
  switch (layer) {
    case 'top': return 4;
    case 'large': return 3;
    case 'medium': return 2;
    case 'small': return 1;
    default: return 0;
  }
}
