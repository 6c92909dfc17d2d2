// The customer-memory benchmark's result, as JSON for machines and Markdown for people.
import type { MemoryMarker } from './memory-generate.js';

export interface Row {
  label: string;
  set?: string;
  found?: string;
  n: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

export interface MemoryBenchResult {
  date: string;
  machine: { cpu: string; cores: number; memoryGiB: number; node: string; sqlite: string; loadAverage: number[] };
  data: {
    marker: MemoryMarker;
    generatedNow: boolean;
    customerSeedSeconds: number;
    dbBytes: number;
    memorySearchBytes: number;
    entriesBytes: number;
    todaySample: Record<string, number>;
  };
  settings: { queries: number; rounds: number; todayCalls: number };
  search: Row[];
  slowest: { query: string; set: string; notesMs: number; rawMs: number; hits: number }[];
  today: Row[];
  other: Row[];
  targets: { name: string; value: number; limit: string; pass: boolean }[];
  peakRssMB: number;
}

const fmt = (n: number) => n.toLocaleString('en-US');
const mib = (bytes: number) => `${fmt(Math.round(bytes / 2 ** 20))} MiB`;
const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n >= 1 ? n.toFixed(2) : n.toFixed(3));

function table(rows: readonly Row[], withSet: boolean): string[] {
  const head = withSet ? '| query set | method | samples | found | p50 ms | p99 ms | max ms |' : '| what | samples | p50 ms | p99 ms | max ms |';
  const rule = withSet ? '|---|---|---:|---:|---:|---:|---:|' : '|---|---:|---:|---:|---:|';
  return [head, rule, ...rows.map((r) => (withSet
    ? `| ${r.set} | ${r.label} | ${r.n} | ${r.found} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} |`
    : `| ${r.label} | ${r.n} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} |`))];
}

export function memoryMarkdown(r: MemoryBenchResult): string {
  const m = r.data.marker;
  const c = m.counts;
  return [
    `## Customer memory (${fmt(m.customers)} customers, ${fmt(c.entries)} timeline entries, ${r.date.slice(0, 10)})`,
    '',
    `Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}, SQLite ${r.machine.sqlite}; load average at start ${r.machine.loadAverage.join(' / ')}.`,
    '',
    '| data | |',
    '|---|---:|',
    `| archived customers | ${fmt(c.archived)} |`,
    `| timeline entries (open complaints / open wishes, archived customers' included) | ${fmt(c.entries)} (${fmt(c.openComplaints)} / ${fmt(c.openWishes)}) |`,
    `| longest timeline (customer ${m.heavyCustomer}) | 5,000 |`,
    `| facts / tag memberships / follow-ups / field values | ${fmt(c.facts)} / ${fmt(c.customerTags)} / ${fmt(c.followUps)} / ${fmt(c.fieldValues)} |`,
    `| visits / customers with visit statistics | ${fmt(c.visits)} / ${fmt(c.visitStats)} |`,
    `| archive size / memory_search / customer_entries + indexes | ${mib(r.data.dbBytes)} / ${mib(r.data.memorySearchBytes)} / ${mib(r.data.entriesBytes)} |`,
    `| generating the memory data | ${m.seconds.total ?? '?'} s (${Object.entries(m.seconds).filter(([k]) => k !== 'total').map(([k, v]) => `${k} ${v} s`).join(', ')}) |`,
    `| peak RSS of the benchmark process | ${r.peakRssMB} MiB |`,
    '',
    `### Note search (${r.settings.queries} queries × ${r.settings.rounds} rounds)`,
    '',
    ...table(r.search, true),
    '',
    'Slowest queries (note-search part, worst of the rounds):',
    '',
    '| query | set | notes ms | raw FTS ms | customers found |',
    '|---|---|---:|---:|---:|',
    ...r.slowest.map((s) => `| \`${s.query}\` | ${s.set} | ${ms(s.notesMs)} | ${ms(s.rawMs)} | ${s.hits} |`),
    '',
    `### Today (${r.settings.todayCalls} calls, the clock moved over 30 days)`,
    '',
    `On ${new Date(m.now).toISOString().slice(0, 10)}: ${Object.entries(r.data.todaySample).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}.`,
    '',
    ...table(r.today, false),
    '',
    '### Timeline, brief, wishes',
    '',
    ...table(r.other, false),
    '',
    '### Against the targets',
    '',
    '| target | measured | |',
    '|---|---:|---|',
    ...r.targets.map((t) => `| ${t.name} ${t.limit} | ${ms(t.value)} ms | ${t.pass ? 'met' : '**missed**'} |`),
    '',
  ].join('\n');
}
