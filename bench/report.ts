// The benchmark's result, as JSON for machines and a Markdown report for people.
import type { Latency } from './stats.js';
import type { QuerySetName } from './queries.js';

export type Method = 'handler' | 'raw' | 'rawRows' | 'like';

export interface SetResult {
  queries: number;
  methods: Record<Method, Latency & { found: number; queries: number }>;
}

export interface Ratio {
  set: QuerySetName | 'all';
  handlerP99: number;
  handlerVsRawP99: number;
  likeVsHandlerP50: number;
}

export interface SlowQuery {
  set: QuerySetName;
  query: string;
  handlerMedianMs: number;
  tiers: { tier: string; ms: number; rows: number }[];
}

export interface BenchResult {
  date: string;
  machine: { cpu: string; cores: number; memoryGiB: number; node: string; sqlite: string; platform: string; loadAverage: number[] };
  data: { customers: number; seed: number; dbBytes: number; walBytes: number; seedSeconds: number; generatedNow: boolean };
  open: { freshMs: Latency; archiveFirstMs: number; archiveMs: Latency };
  search: Record<QuerySetName | 'all', SetResult>;
  /** The queries the handler took longest over, with the index time of each tier. */
  slowest: SlowQuery[];
  ratios: Ratio[];
  targets: { name: string; value: number; limit: string; pass: boolean }[];
  peakRssMB: number;
  settings: { queriesPerSet: number; rounds: number; likeQueriesPerSet: number };
}

const LABEL: Record<Method, string> = {
  handler: '`customers.search` handler',
  raw: 'raw index queries',
  rawRows: 'raw index + summary rows',
  like: "naive `LIKE '%q%'` scan",
};

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 0.1 ? x.toFixed(2) : x.toFixed(3));
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

export function markdown(r: BenchResult): string {
  const lines: string[] = [];
  lines.push(`## Counter search benchmark: ${r.data.customers.toLocaleString('en-US')} customers (seed ${r.data.seed})`, '');
  lines.push(`${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}, SQLite ${r.machine.sqlite}; ` +
    `load average at start ${r.machine.loadAverage.map((x) => x.toFixed(2)).join(' ')}.`);
  lines.push(`Archive ${mib(r.data.dbBytes)} (+ WAL ${mib(r.data.walBytes)}); ` +
    `seeding took ${r.data.seedSeconds.toFixed(1)} s${r.data.generatedNow ? ' (this run)' : ' (earlier run)'}; ` +
    `peak RSS ${r.peakRssMB.toFixed(0)} MiB.`, '');
  lines.push('| open | median ms | max ms |', '|---|---:|---:|');
  lines.push(`| fresh empty archive (create + migrate) | ${ms(r.open.freshMs.p50)} | ${ms(r.open.freshMs.max)} |`);
  lines.push(`| existing archive (first open / median of the rest) | ${ms(r.open.archiveFirstMs)} / ${ms(r.open.archiveMs.p50)} | ${ms(r.open.archiveMs.max)} |`, '');
  lines.push('| query set | method | samples | found | p50 ms | p99 ms | max ms |', '|---|---|---:|---:|---:|---:|---:|');
  for (const [set, result] of Object.entries(r.search)) {
    for (const method of Object.keys(LABEL) as Method[]) {
      const m = result.methods[method];
      lines.push(`| ${set} | ${LABEL[method]} | ${m.n} | ${m.found}/${m.queries} | ${ms(m.p50)} | ${ms(m.p99)} | ${ms(m.max)} |`);
    }
  }
  lines.push('', '| query set | handler p99 ms | handler p99 / raw p99 | LIKE p50 / handler p50 |', '|---|---:|---:|---:|');
  for (const x of r.ratios) {
    lines.push(`| ${x.set} | ${ms(x.handlerP99)} | ${x.handlerVsRawP99.toFixed(1)}× | ${x.likeVsHandlerP50.toFixed(0)}× |`);
  }
  lines.push('', '| slowest queries | handler median ms | index ms per tier: exact / prefix / inside (rows) |', '|---|---:|---|');
  for (const q of r.slowest) {
    const tiers = q.tiers.map((t) => `${ms(t.ms)} (${t.rows})`).join(' / ') || 'no index query';
    lines.push(`| ${q.set} \`${q.query}\` | ${ms(q.handlerMedianMs)} | ${tiers} |`);
  }
  lines.push('', '| target | measured | limit | |', '|---|---:|---|---|');
  for (const t of r.targets) lines.push(`| ${t.name} | ${t.value} | ${t.limit} | ${t.pass ? 'pass' : '**MISSED**'} |`);
  return lines.join('\n');
}
