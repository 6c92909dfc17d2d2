// npm run bench:exchange [-- --rows 100000 --rounds 3 --export-customers 1000000 --seed 42]
// Export and import at scale.
//  - Import: 100,000 generated CSV rows (seeded: the demo customers, as a Dutch spreadsheet
//    would hold them, with stamp balances and notes for some) through the same calls the
//    page makes: exchange.upload (parse), exchange.check (the dry run), exchange.import (the
//    write, all in one transaction), each round into a fresh archive. Beside it, in the same
//    run: the sqlite3 shell's `.import` of the same file into :memory: and into a temp db.
//  - Export: the customers CSV and the full zip of the million-customer benchmark archive
//    (bench/dataset.ts, opened read-only), in rows/s, beside `sqlite3 -readonly` writing
//    `SELECT * FROM customers` as CSV.
// The machine is shared: besides wall time, each step's CPU time (this process's user +
// system; the sqlite3 shell's from /usr/bin/time) is recorded, which other work moves less.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openArchive } from '../db/open.js';
import type { ExchangeJob, ImportReport, ImportResult, UploadSummary } from '../main/api/contract.js';
import { jobDone } from '../main/api/exchange/state.js';
import { indexPending } from '../main/api/customers/search-indexing.js';
import { customersTable, writeArchive, writeCsv } from '../main/api/exchange/export.js';
import { csvDocument } from '../main/core/csv/write.js';
import { confSettings } from '../main/node/conf-settings.js';
import { exportFolder } from '../main/node/exchange/folder.js';
import { demoCustomers } from '../main/node/seed.js';
import { openServices, type Services } from '../main/node/services.js';
import { ensureDataset } from './dataset.js';
import { prng, round } from './stats.js';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '3' },
    'export-customers': { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string', default: 'bench/results/exchange-latest.json' },
  },
});
const ROWS = Number(args.rows);
const ROUNDS = Number(args.rounds);
const EXPORT_CUSTOMERS = Number(args['export-customers']);
const SEED = Number(args.seed);
const TARGET_IMPORT_S = 3;

const log = (message: string) => console.error(`bench:exchange: ${message}`);
const seconds = (ms: number) => round(ms / 1000, 2);
const perSecond = (rows: number, ms: number) => Math.round(rows / (ms / 1000));

/** The seeded file: demo customers as a Dutch spreadsheet writes them, 30% with stamps, 10% with a note. */
function generatedCsv(rows: number, seed: number): string {
  const random = prng(seed);
  const header = ['Voornaam', 'Tussenvoegsel', 'Achternaam', 'Aanhef', 'Telefoon', 'Telefoon 2', 'E-mail', 'Straat', 'Postcode', 'Plaats',
    'Geboortedatum', 'Voorkeurskanaal', 'Nieuwsbrief', 'Stempels', 'Opmerking'];
  const channel: Record<string, string> = { phone: 'Telefoon', whatsapp: 'WhatsApp', sms: 'SMS', email: 'E-mail', in_person: 'In de winkel' };
  const body: string[][] = [];
  for (const c of demoCustomers(rows, seed)) {
    const b = c.birthday;
    body.push([
      c.givenName, c.namePrefix, c.familyName, c.salutation, c.phones[0] ?? '', c.phones[1] ?? '', c.email,
      c.address.street, c.address.postalCode, c.address.city,
      b ? (b.year ? `${b.day}-${b.month}-${b.year}` : `${b.day}-${b.month}`) : '',
      c.preferredChannel ? channel[c.preferredChannel]! : '', c.marketingConsent ? 'ja' : 'nee',
      random() < 0.3 ? String(1 + Math.floor(random() * 40)) : '',
      random() < 0.1 ? 'Vaste klant; vraagt altijd naar "het speciale brood"' : '',
    ]);
  }
  return csvDocument(header, body, ';');
}

async function call<T>(services: Services, name: string, input: unknown): Promise<T> {
  const result = await services.api.call(name, input);
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

async function finished(services: Services, job: ExchangeJob): Promise<ExchangeJob> {
  const done = await jobDone(services.deps, job.id);
  if (done.state !== 'done') throw new Error(`job failed: ${JSON.stringify(done.error)}`);
  return done;
}

interface ImportRound {
  uploadMs: number;
  dryRunMs: number;
  importMs: number;
  totalMs: number;
  /** CPU time of upload + dry run + import. */
  totalCpuMs: number;
  importCpuMs: number;
  /** After the import: until every customer's search document is in the index. */
  indexMs: number;
  indexCpuMs: number;
  /** Latencies (ms) of sales rung up every 10 ms while the search documents are written. */
  salesDuringIndex: number[];
  /** Latencies (ms) of counter searches made every 50 ms meanwhile, the first right after the import. */
  searchesDuringIndex: number[];
  /** An import straight after the upload (no dry run first): it validates as it goes. */
  importOnlyMs: number;
  imported: number;
  bad: number;
  duplicates: number;
}

async function importRound(text: string): Promise<ImportRound> {
  const measure = async (withDryRun: boolean) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpart-bench-exchange-'));
    const services = openServices({ dataDir, mode: 'cli', settings: (dir) => confSettings(dir, 'nl-NL'), log: () => {} });
    try {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const upload = await call<UploadSummary>(services, 'exchange.upload', { name: 'klanten.csv', text });
      const t1 = performance.now();
      const plan = { uploadId: upload.uploadId, mapping: upload.mapping, dateOrder: upload.dateOrder };
      let report: ImportReport | null = null;
      if (withDryRun) report = (await finished(services, await call(services, 'exchange.check', plan))).result as ImportReport;
      const t2 = performance.now();
      const cpu2 = process.cpuUsage();
      const done = await finished(services, await call(services, 'exchange.import', { ...plan, skipBad: true }));
      const t3 = performance.now();
      const totalCpu = cpuMs(process.cpuUsage(cpu0));
      const importCpu = cpuMs(process.cpuUsage(cpu2));
      // The search documents, written after the import in short transactions of their own,
      // while the till rings up a sale every 10 ms: how long does a sale wait meanwhile?
      const cpu3 = process.cpuUsage();
      const indexed = indexPending(services.archive);
      let indexing = true;
      void indexed.finally(() => (indexing = false));
      const sales: number[] = [];
      const searches: number[] = [];
      const result = done.result as ImportResult;
      const queries = ['jansen', 'de vries', 'bakker', '0612', 'anna', 'berg'];
      for (let i = 0; indexing; i++) {
        let began = performance.now();
        await call(services, 'loyalty.recordPurchase', { customerId: result.firstId! + (i % 1000), amount: '12,50', locale: 'nl', description: '' });
        sales.push(performance.now() - began);
        // And a counter lookup every 50 ms, from the first moment after the import.
        if (i % 5 === 0) {
          began = performance.now();
          await call(services, 'customers.search', { query: queries[(i / 5) % queries.length]! });
          searches.push(performance.now() - began);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await indexed;
      const t4 = performance.now();
      const indexCpu = cpuMs(process.cpuUsage(cpu3));
      return { t0, t1, t2, t3, t4, totalCpu, importCpu, indexCpu, sales, searches, report, result };
    } finally {
      await services.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  };
  const full = await measure(true);
  const direct = await measure(false);
  return {
    uploadMs: full.t1 - full.t0,
    dryRunMs: full.t2 - full.t1,
    importMs: full.t3 - full.t2,
    totalMs: full.t3 - full.t0,
    totalCpuMs: full.totalCpu,
    importCpuMs: full.importCpu,
    indexMs: full.t4 - full.t3,
    indexCpuMs: full.indexCpu,
    salesDuringIndex: full.sales,
    searchesDuringIndex: full.searches,
    importOnlyMs: direct.t3 - direct.t1,
    imported: full.result.imported,
    bad: full.report!.badRows,
    duplicates: full.report!.duplicateRows,
  };
}

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

function latencyFigures(ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0, 1);
  return { count: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: round(sorted.at(-1) ?? 0, 1) };
}

/** The sqlite3 shell, run under /usr/bin/time: wall and CPU milliseconds. */
function sqliteShell(args: string[]): { ms: number; cpuMs: number } {
  const began = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', '%U %S', 'sqlite3', ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`sqlite3 failed: ${run.stderr}`);
  const [user, system] = run.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { ms: performance.now() - began, cpuMs: (user! + system!) * 1000 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const loadAverage = () => os.loadavg().map((x) => round(x, 2));

async function main() {
  const report: Record<string, unknown> = {
    when: new Date().toISOString(),
    machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, memoryGiB: round(os.totalmem() / 2 ** 30, 1), node: process.version },
  };

  // --- import ------------------------------------------------------------------------
  log(`generating ${ROWS.toLocaleString('en-US')} rows (seed ${SEED})`);
  const text = generatedCsv(ROWS, SEED);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpart-bench-exchange-csv-'));
  const csvFile = path.join(scratch, 'klanten.csv');
  fs.writeFileSync(csvFile, text);
  const importLoad = loadAverage();
  const rounds: ImportRound[] = [];
  const memoryImport: { ms: number; cpuMs: number }[] = [];
  const fileImport: { ms: number; cpuMs: number }[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    log(`import round ${i + 1}/${ROUNDS}`);
    rounds.push(await importRound(text));
    const importCmd = ['-cmd', '.mode csv', '-cmd', '.separator ;', '-cmd', `.import ${csvFile} t`, 'SELECT count(*) FROM t'];
    memoryImport.push(sqliteShell([':memory:', ...importCmd]));
    const db = path.join(scratch, `baseline-${i}.db`);
    fileImport.push(sqliteShell([db, ...importCmd]));
    fs.rmSync(db, { force: true });
  }
  const pick = (key: keyof ImportRound) => median(rounds.map((r) => r[key] as number));
  report.import = {
    rows: ROWS,
    bytes: Buffer.byteLength(text),
    rounds: ROUNDS,
    loadAverage: importLoad,
    imported: rounds[0]!.imported,
    bad: rounds[0]!.bad,
    duplicateRows: rounds[0]!.duplicates,
    medianSeconds: {
      upload: seconds(pick('uploadMs')),
      dryRun: seconds(pick('dryRunMs')),
      import: seconds(pick('importMs')),
      total: seconds(pick('totalMs')),
      importWithoutDryRun: seconds(pick('importOnlyMs')),
      searchIndexAfterImport: seconds(pick('indexMs')),
    },
    medianCpuSeconds: { import: seconds(pick('importCpuMs')), total: seconds(pick('totalCpuMs')), searchIndexAfterImport: seconds(pick('indexCpuMs')) },
    maxTotalSeconds: seconds(Math.max(...rounds.map((r) => r.totalMs))),
    salesDuringIndex: latencyFigures(rounds.flatMap((r) => r.salesDuringIndex)),
    searchesDuringIndex: latencyFigures(rounds.flatMap((r) => r.searchesDuringIndex)),
    rowsPerSecond: perSecond(ROWS, pick('totalMs')),
    targetSeconds: TARGET_IMPORT_S,
    baseline: {
      sqliteMemoryImportSeconds: seconds(median(memoryImport.map((r) => r.ms))),
      sqliteMemoryImportCpuSeconds: seconds(median(memoryImport.map((r) => r.cpuMs))),
      sqliteFileImportSeconds: seconds(median(fileImport.map((r) => r.ms))),
      sqliteFileImportCpuSeconds: seconds(median(fileImport.map((r) => r.cpuMs))),
    },
  };
  fs.rmSync(scratch, { recursive: true, force: true });

  // --- export ------------------------------------------------------------------------
  const dataset = await ensureDataset(EXPORT_CUSTOMERS, SEED);
  const archive = openArchive(dataset.file, { readonly: true });
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpart-bench-exchange-out-'));
  try {
    const folder = exportFolder(out);
    const format = { language: 'nl' as const, separator: ';' as const };
    const progress = { total: () => {}, done: () => {} };
    const exportLoad = loadAverage();
    log(`exporting ${EXPORT_CUSTOMERS.toLocaleString('en-US')} customers as CSV`);
    let cpu = process.cpuUsage();
    let began = performance.now();
    const csv = await folder.create('klanten.csv');
    const rows = await writeCsv(archive.db, customersTable, format, csv.file, progress);
    const csvBytes = await csv.file.finish();
    const csvMs = performance.now() - began;
    const csvCpuMs = cpuMs(process.cpuUsage(cpu));

    log('exporting the full zip');
    cpu = process.cpuUsage();
    began = performance.now();
    const zip = await folder.create('export.zip');
    await writeArchive(archive.db, format, zip.file, progress, { app: 'bench', version: '0', schemaVersion: archive.schemaVersion, exportedAt: Date.now() });
    const zipBytes = await zip.file.finish();
    const zipMs = performance.now() - began;
    const zipCpuMs = cpuMs(process.cpuUsage(cpu));

    log('baseline: sqlite3 -readonly, SELECT * FROM customers as CSV');
    const shell = sqliteShell(['-readonly', dataset.file, '-cmd', '.mode csv', '-cmd', `.output ${path.join(out, 'shell.csv')}`, 'SELECT * FROM customers']);
    report.export = {
      customers: rows,
      loadAverage: exportLoad,
      customersCsv: { seconds: seconds(csvMs), cpuSeconds: seconds(csvCpuMs), rowsPerSecond: perSecond(rows, csvMs), megabytes: round(csvBytes / 2 ** 20, 1) },
      fullZip: { seconds: seconds(zipMs), cpuSeconds: seconds(zipCpuMs), customersPerSecond: perSecond(rows, zipMs), megabytes: round(zipBytes / 2 ** 20, 1) },
      baseline: {
        sqliteShellCsvSeconds: seconds(shell.ms), cpuSeconds: seconds(shell.cpuMs), rowsPerSecond: perSecond(rows, shell.ms),
        megabytes: round(fs.statSync(path.join(out, 'shell.csv')).size / 2 ** 20, 1),
      },
    };
  } finally {
    archive.sqlite.close();
    fs.rmSync(out, { recursive: true, force: true });
  }
  report.peakRssMiB = round(process.resourceUsage().maxRSS / 1024, 0);

  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  fs.writeFileSync(args.out, JSON.stringify(report, null, 2) + '\n');
  console.log(markdown(report));
}

interface Latencies { count: number; p50Ms: number; p99Ms: number; maxMs: number }

interface ImportFigures {
  rows: number; rounds: number; imported: number; bad: number; duplicateRows: number; loadAverage: number[]; maxTotalSeconds: number; rowsPerSecond: number;
  salesDuringIndex: Latencies;
  searchesDuringIndex: Latencies;
  medianSeconds: Record<'upload' | 'dryRun' | 'import' | 'total' | 'importWithoutDryRun' | 'searchIndexAfterImport', number>;
  medianCpuSeconds: Record<'import' | 'total' | 'searchIndexAfterImport', number>;
  baseline: Record<'sqliteMemoryImportSeconds' | 'sqliteMemoryImportCpuSeconds' | 'sqliteFileImportSeconds' | 'sqliteFileImportCpuSeconds', number>;
}

interface ExportFigures {
  customers: number; loadAverage: number[];
  customersCsv: { seconds: number; cpuSeconds: number; rowsPerSecond: number; megabytes: number };
  fullZip: { seconds: number; cpuSeconds: number; customersPerSecond: number; megabytes: number };
  baseline: { sqliteShellCsvSeconds: number; cpuSeconds: number; rowsPerSecond: number; megabytes: number };
}

function markdown(report: Record<string, unknown>): string {
  const im = report.import as ImportFigures;
  const ex = report.export as ExportFigures;
  const n = (x: number) => x.toLocaleString('en-US');
  return [
    `Import of ${n(im.rows)} rows, median of ${im.rounds} rounds (load average ${im.loadAverage.join(', ')}):`,
    '',
    '| step | wall s | CPU s |',
    '|---|---|---|',
    `| upload (parse) | ${im.medianSeconds.upload} | |`,
    `| dry run (validate + duplicates) | ${im.medianSeconds.dryRun} | |`,
    `| import (one transaction; search documents queued) | ${im.medianSeconds.import} | ${im.medianCpuSeconds.import} |`,
    `| **total** (max ${im.maxTotalSeconds}) | **${im.medianSeconds.total}** (${n(im.rowsPerSecond)} rows/s) | ${im.medianCpuSeconds.total} |`,
    `| import without a dry run first | ${im.medianSeconds.importWithoutDryRun} | |`,
    `| after the import: search documents written (short transactions; search answers meanwhile) | ${im.medianSeconds.searchIndexAfterImport} | ${im.medianCpuSeconds.searchIndexAfterImport} |`,
    `| baseline: sqlite3 \`.import\` into :memory: | ${im.baseline.sqliteMemoryImportSeconds} | ${im.baseline.sqliteMemoryImportCpuSeconds} |`,
    `| baseline: sqlite3 \`.import\` into a temp db | ${im.baseline.sqliteFileImportSeconds} | ${im.baseline.sqliteFileImportCpuSeconds} |`,
    '',
    `Imported ${n(im.imported)}, bad ${im.bad}, rows with a likely duplicate ${im.duplicateRows}.`,
    `While the search documents were written: ${n(im.salesDuringIndex.count)} sales (one every 10 ms), `
      + `p50 ${im.salesDuringIndex.p50Ms} ms, p99 ${im.salesDuringIndex.p99Ms} ms, max ${im.salesDuringIndex.maxMs} ms; `
      + `${n(im.searchesDuringIndex.count)} counter searches (one every 50 ms), p50 ${im.searchesDuringIndex.p50Ms} ms, `
      + `p99 ${im.searchesDuringIndex.p99Ms} ms, max ${im.searchesDuringIndex.maxMs} ms.`,
    '',
    `Export of ${n(ex.customers)} customers (load average ${ex.loadAverage.join(', ')}):`,
    '',
    '| export | wall s | CPU s | rows/s | MB |',
    '|---|---|---|---|---|',
    `| customers CSV | ${ex.customersCsv.seconds} | ${ex.customersCsv.cpuSeconds} | ${n(ex.customersCsv.rowsPerSecond)} | ${ex.customersCsv.megabytes} |`,
    `| full zip (CSV + JSON) | ${ex.fullZip.seconds} | ${ex.fullZip.cpuSeconds} | ${n(ex.fullZip.customersPerSecond)} | ${ex.fullZip.megabytes} |`,
    `| baseline: sqlite3 -readonly, customers as CSV | ${ex.baseline.sqliteShellCsvSeconds} | ${ex.baseline.cpuSeconds} | ${n(ex.baseline.rowsPerSecond)} | ${ex.baseline.megabytes} |`,
    '',
    `Peak RSS ${String(report.peakRssMiB)} MiB.`,
  ].join('\n');
}

await main();
