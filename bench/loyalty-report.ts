// The loyalty benchmark's result, as JSON for machines and a Markdown report for people.
import type { LoyaltyMarker } from './loyalty-program.js';
import type { Latency } from './stats.js';
import type { DurabilityResult } from './loyalty-durability.js';

export const METHODS = ['recordPurchase', 'redeem', 'summary', 'rawEntry', 'rawBalance', 'rawSum'] as const;
export type LoyaltyMethod = (typeof METHODS)[number];

export const GROUPS = ['any', 'counter', 'heaviest'] as const;
export type SampleGroup = (typeof GROUPS)[number];

export const GROUP_LABEL: Record<SampleGroup, string> = {
  any: 'any customer (uniform)',
  counter: 'as they come to the counter (by activity)',
  heaviest: 'heaviest regulars',
};

export const METHOD_LABEL: Record<LoyaltyMethod, string> = {
  recordPurchase: '`loyalty.recordPurchase` handler',
  redeem: '`loyalty.redeem` handler',
  summary: '`loyalty.summary` handler (balance read)',
  rawEntry: 'raw: `INSERT INTO ledger_entries` + balance update, one transaction',
  rawBalance: 'raw: `SELECT balance FROM loyalty_balances WHERE customer_id = ?`',
  rawSum: 'raw: `SELECT sum(amount) FROM ledger_entries WHERE customer_id = ?`',
};

export interface MethodResult {
  all: Latency;
  groups: Record<SampleGroup, Latency & { entriesMedian: number; entriesMax: number }>;
  /** Calls that did not succeed, by error code. */
  errors: Record<string, number>;
}

export interface StepTiming {
  step: string;
  group: SampleGroup;
  p50: number;
  p99: number;
  mean: number;
}

export interface LoyaltyBenchResult {
  date: string;
  /** The commit measured, and files changed since (work in progress measured with it). */
  code: { commit: string; uncommitted: string[] } | null;
  machine: { cpu: string; cores: number; memoryGiB: number; node: string; sqlite: string; platform: string; loadAverage: number[] };
  data: {
    customers: number;
    seed: number;
    marker: Omit<LoyaltyMarker, 'heaviest'>;
    heaviest: { customers: number; entriesMin: number; entriesMax: number };
    dbBytes: number;
    customerSeedSeconds: number;
    generatedNow: boolean;
    workingCopySeconds: number;
  };
  settings: { calls: number; warmup: number; groups: Record<SampleGroup, number> };
  methods: Record<LoyaltyMethod, MethodResult>;
  check: { ms: number; ok: boolean; customers: number; mismatches: number };
  /** Where a handler's time goes, step by step (the same queries, called one by one). */
  profile: StepTiming[];
  targets: { name: string; value: number; limit: string; pass: boolean }[];
  peakRssMB: number;
  afterRun: { dbBytes: number; walBytes: number };
  /** Seconds from opening the archive until its quick_check in the background had passed. */
  archiveCheckSeconds?: number;
  /** recordPurchase at synchronous=FULL beside NORMAL, same run (bench/loyalty-durability.ts). */
  durability?: DurabilityResult;
}

export const fmtMs = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 0.1 ? x.toFixed(2) : x.toFixed(3));
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const n = (x: number) => x.toLocaleString('en-US');

export function markdown(r: LoyaltyBenchResult): string {
  const m = r.data.marker;
  const lines: string[] = [];
  lines.push(`## Loyalty benchmark: ${n(m.counts.ledgerEntries)} ledger entries over ${n(r.data.customers)} customers (seed ${r.data.seed})`, '');
  lines.push(`${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}, SQLite ${r.machine.sqlite}; ` +
    `load average at start ${r.machine.loadAverage.map((x) => x.toFixed(2)).join(' ')}.`);
  lines.push(`Archive ${mib(r.data.dbBytes)}; loyalty data generated in ${m.seconds.total.toFixed(1)} s` +
    `${r.data.generatedNow ? ' (this run)' : ' (earlier run)'}; customers seeded in ${r.data.customerSeedSeconds.toFixed(1)} s; ` +
    `peak RSS ${r.peakRssMB.toFixed(0)} MiB.`);
  if (r.code) {
    lines.push(`Code: commit ${r.code.commit}${r.code.uncommitted.length ? ` plus ${r.code.uncommitted.length} uncommitted files outside bench/ and docs/` : ''}.`);
  }
  lines.push('');
  const k = m.counts.byKind;
  lines.push(`Ledger: ${n(k.earn)} earn, ${n(k.redeem)} redeem, ${n(k.expire)} expire, ${n(k.adjust)} adjust, ` +
    `${n(k.migrate)} migrate, ${n(k.reverse)} reverse; ${n(m.counts.visits)} visits ` +
    `(${n(m.counts.purchases)} purchases, ${n(m.counts.plainVisits)} plain visits, ${n(m.counts.undos)} undos). ` +
    `Entries per customer: median ${m.perCustomer.median}, p90 ${m.perCustomer.p90}, p99 ${m.perCustomer.p99}, ` +
    `p99.9 ${m.perCustomer.p999}, max ${m.perCustomer.max}; the ${n(r.data.heaviest.customers)} heaviest have ` +
    `${r.data.heaviest.entriesMin}–${r.data.heaviest.entriesMax}.`, '');
  lines.push('| entries per customer | customers |', '|---|---:|');
  for (const b of m.perCustomer.buckets) lines.push(`| ${b.label} | ${n(b.customers)} |`);
  lines.push('');

  lines.push('| method | calls | p50 ms | p99 ms | max ms | p99 heaviest ms | errors |', '|---|---:|---:|---:|---:|---:|---|');
  for (const [method, x] of Object.entries(r.methods) as [LoyaltyMethod, MethodResult][]) {
    const errors = Object.entries(x.errors).map(([code, count]) => `${code} ×${count}`).join(', ') || '';
    lines.push(`| ${METHOD_LABEL[method]} | ${x.all.n} | ${fmtMs(x.all.p50)} | ${fmtMs(x.all.p99)} | ${fmtMs(x.all.max)} | ${fmtMs(x.groups.heaviest.p99)} | ${errors} |`);
  }
  lines.push('', '| method | sample | calls | entries (median / max) | p50 ms | p99 ms | max ms |', '|---|---|---:|---:|---:|---:|---:|');
  for (const [method, x] of Object.entries(r.methods) as [LoyaltyMethod, MethodResult][]) {
    for (const [group, g] of Object.entries(x.groups) as [SampleGroup, MethodResult['groups'][SampleGroup]][]) {
      lines.push(`| ${method} | ${GROUP_LABEL[group]} | ${g.n} | ${g.entriesMedian} / ${g.entriesMax} | ${fmtMs(g.p50)} | ${fmtMs(g.p99)} | ${fmtMs(g.max)} |`);
    }
  }
  lines.push('', `\`loyalty.check\` (every kept balance against its ledger sum): ${fmtMs(r.check.ms)} ms, ` +
    `${r.check.ok ? 'ok' : `**${r.check.mismatches} mismatches**`} over ${n(r.check.customers)} balances.`);
  if (r.profile.length > 0) {
    lines.push('', '| step (called on its own) | sample | p50 ms | p99 ms | mean ms |', '|---|---|---:|---:|---:|');
    for (const s of r.profile) lines.push(`| ${s.step} | ${GROUP_LABEL[s.group]} | ${fmtMs(s.p50)} | ${fmtMs(s.p99)} | ${fmtMs(s.mean)} |`);
  }
  if (r.durability) {
    const d = r.durability.recordPurchase;
    lines.push('', `\`loyalty.recordPurchase\`, ${r.durability.calls} calls each, alternating (synchronous=FULL is the app's):`, '',
      '| synchronous | p50 ms | p99 ms | max ms |', '|---|---:|---:|---:|');
    for (const mode of ['FULL', 'NORMAL'] as const) lines.push(`| ${mode} | ${fmtMs(d[mode].p50)} | ${fmtMs(d[mode].p99)} | ${fmtMs(d[mode].max)} |`);
  }
  if (r.archiveCheckSeconds !== undefined) lines.push('', `Opening: the background quick_check passed ${r.archiveCheckSeconds.toFixed(1)} s after the archive opened.`);
  lines.push('', '| target | measured | limit | |', '|---|---:|---|---|');
  for (const t of r.targets) lines.push(`| ${t.name} | ${t.value} | ${t.limit} | ${t.pass ? 'pass' : '**MISSED**'} |`);
  return lines.join('\n');
}
