// What "acknowledged means kept" costs at the counter: loyalty.recordPurchase with the
// app's connection at synchronous=FULL (every commit's WAL frames synced before the answer)
// and at NORMAL (synced only at checkpoints: a power cut may lose the last sales), in the
// same run, alternating call by call so that both meet the same moments of the machine.
import type BetterSqlite3 from 'better-sqlite3';
import type { Api } from '../main/api/dispatch.js';
import type { LoyaltyMarker } from './loyalty-program.js';
import { drawSamples } from './loyalty-measure.js';
import { prng, round, summarise, type Latency } from './stats.js';

export const SYNC_MODES = ['FULL', 'NORMAL'] as const;
export type SyncMode = (typeof SYNC_MODES)[number];

export interface DurabilityResult {
  calls: number;
  recordPurchase: Record<SyncMode, Latency>;
}

export async function measureDurability(
  api: Api, sqlite: BetterSqlite3.Database, marker: LoyaltyMarker,
  options: { seed: number; calls: number; log: (m: string) => void },
): Promise<DurabilityResult> {
  const samples = drawSamples(sqlite, prng(options.seed ^ 0xd0ab1e), options.calls, marker, new Map());
  const ms: Record<SyncMode, number[]> = { FULL: [], NORMAL: [] };
  const before = sqlite.pragma('synchronous', { simple: true }) as number;
  options.log(`durability: ${samples.length} purchases at synchronous=FULL and as many at NORMAL, alternating`);
  try {
    for (let i = 0; i < samples.length; i++) {
      const sample = samples[i]!;
      for (const mode of i % 2 === 0 ? SYNC_MODES : [...SYNC_MODES].reverse()) {
        sqlite.pragma(`synchronous = ${mode}`);
        const t0 = performance.now();
        const result = await api.call('loyalty.recordPurchase', { customerId: sample.customer, amount: sample.amount, locale: 'nl', description: '' });
        ms[mode].push(performance.now() - t0);
        if (!result.ok) throw new Error(`loyalty.recordPurchase failed: ${result.error.code}`);
      }
    }
  } finally {
    sqlite.pragma(`synchronous = ${before}`);
  }
  const rounded = (l: Latency): Latency => ({ n: l.n, p50: round(l.p50, 4), p99: round(l.p99, 4), max: round(l.max, 4), mean: round(l.mean, 4) });
  return { calls: samples.length, recordPurchase: { FULL: rounded(summarise(ms.FULL)), NORMAL: rounded(summarise(ms.NORMAL)) } };
}
