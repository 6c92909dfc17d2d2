import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ExchangeJob, ImportField, ImportReport, RowProblem, UploadSummary } from '../../api/contract.js';
import { IMPORT_FIELDS, isImportField } from '../../core/exchange/fields.js';
import { exchangeHandlers } from '../../api/exchange/handlers.js';
import { jobDone } from '../../api/exchange/state.js';
import { indexPending } from '../../api/customers/search-indexing.js';
import type { Services } from '../services.js';
import { exportFolder } from '../exchange/folder.js';
import { plural, type ArchiveCommand } from './types.js';

// `npm run cli -- export --to DIR` and `npm run cli -- import FILE --map …`: the same calls the
// Export & import page makes, with the report printed for a script or a person to read.

const KINDS = ['customers', 'notes', 'visits', 'ledger', 'archive'] as const;
type Kind = (typeof KINDS)[number];

async function call<T>(services: Services, name: string, input: unknown): Promise<T> {
  const result = await services.api.call(name, input);
  if (!result.ok) throw new CliFailure(result.error.code, result.error.message, result.error.fields);
  return result.value as T;
}

class CliFailure extends Error {
  constructor(readonly code: string, message: string, readonly fields?: Record<string, { code: string }>) {
    super(message);
  }
}

async function waitFor(services: Services, job: ExchangeJob): Promise<ExchangeJob> {
  const done = await jobDone(services.deps, job.id);
  if (done.state === 'failed') throw new CliFailure(done.error?.code ?? 'internal', done.error?.message ?? 'failed', undefined);
  return done;
}

export const exportCommand: ArchiveCommand = {
  name: 'export',
  usage: "export --to DIR [--separator ';'|','] [--what customers|notes|visits|ledger|archive|all]   write CSV exports and the full zip",
  async run(services, args, out) {
    let values: { to?: string; separator?: string; what?: string };
    try {
      ({ values } = parseArgs({ args, options: { to: { type: 'string' }, separator: { type: 'string' }, what: { type: 'string' } } }));
    } catch (error) {
      out((error as Error).message);
      return 2;
    }
    const separator = values.separator;
    const what = values.what ?? 'all';
    if (!values.to || (separator !== undefined && separator !== ';' && separator !== ',') || (what !== 'all' && !KINDS.includes(what as Kind))) {
      out(`Usage: npm run cli -- ${this.usage}`);
      return 2;
    }
    const dir = path.resolve(values.to);
    // The same handler as the page, writing into the folder asked for instead of the data folder's.
    const deps = { ...services.deps, exports: exportFolder(dir) };
    const kinds: readonly Kind[] = what === 'all' ? KINDS : [what as Kind];
    try {
      for (const kind of kinds) {
        const job = await exchangeHandlers['exchange.export'](deps, { kind, ...(separator ? { separator: separator as ';' | ',' } : {}) });
        const done = await waitFor(services, job);
        if (done.kind === 'export' && done.result) {
          out(`${path.join(done.result.folder, done.result.name)}  ${plural(done.result.rows, 'row')}, ${plural(done.result.bytes, 'byte')}`);
        }
      }
    } catch (error) {
      if (error instanceof CliFailure) {
        out(`Export failed: ${error.message} (${error.code})`);
        return 1;
      }
      throw error;
    }
    return 0;
  },
};

const PROBLEMS: Record<string, string> = {
  required: 'required, but empty',
  too_long: 'too long',
  invalid: 'not valid',
  invalid_phone: 'not a phone number',
  invalid_email: 'not an e-mail address',
  invalid_date: 'not a date',
  invalid_card: 'not a card number (4 to 32 letters, digits or dashes)',
  card_in_use: 'card number already belongs to {customer}',
  card_repeated: 'same card number as row {row}',
  too_many: 'more than {max} phone numbers',
  invalid_number: 'not a whole number',
  negative: 'below zero',
  out_of_range: 'more than {max}',
  invalid_choice: 'not one of the choices',
  extra_cells: 'more cells than the header has columns',
};

export function describeProblem(p: RowProblem): string {
  const reason = (PROBLEMS[p.code] ?? p.code).replace(/\{(\w+)\}/g, (_, k: string) => String(p.params?.[k] ?? ''));
  return `${p.column ?? p.field ?? 'row'} ${JSON.stringify(p.value)}: ${reason}`;
}

/** The report as lines: a summary, then every bad row and every likely duplicate listed. */
export function reportLines(report: ImportReport): string[] {
  const lines = [
    `${plural(report.rows, 'row')}: ${report.valid} to import, ${report.badRows} bad, ${report.empty} empty; `
      + `${report.duplicateRows} with a likely duplicate; ${plural(report.balances.total, 'stamp or point', 'stamps or points')} for ${plural(report.balances.customers, 'customer')}.`,
  ];
  if (report.bad.length) lines.push('Bad rows:', ...report.bad.map((b) => `  row ${b.row}: ${b.problems.map(describeProblem).join('; ')}`));
  if (report.duplicates.length) {
    lines.push('Likely duplicates:', ...report.duplicates.map((d) => {
      const other = d.sameAsRow !== null ? `row ${d.sameAsRow}` : `customer ${d.customer!.id} ${d.customer!.name}`;
      return `  row ${d.row}: ${d.field} ${JSON.stringify(d.value)} as ${other}`;
    }));
  }
  return lines;
}

/** `--map "Naam=fullName,Telefoon=phone,4=email,Land=-"`: header (or 1-based column number) = field, `-` to leave out. */
export function applyMap(headers: readonly string[], mapping: (ImportField | null)[], spec: string): (ImportField | null)[] | string {
  const next = [...mapping];
  for (const pair of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const at = pair.lastIndexOf('=');
    if (at <= 0) return `"${pair}" is not column=field`;
    const column = pair.slice(0, at).trim();
    const field = pair.slice(at + 1).trim();
    const index = /^\d+$/.test(column) ? Number(column) - 1 : headers.findIndex((h) => h.trim().toLowerCase() === column.toLowerCase());
    if (index < 0 || index >= headers.length) return `no column "${column}"`;
    if (field === '-' || field === 'ignore') next[index] = null;
    else if (isImportField(field)) next[index] = field;
    else return `"${field}" is not a field (one of: ${IMPORT_FIELDS.join(', ')}, or - to leave out)`;
  }
  return next;
}

export const importCommand: ArchiveCommand = {
  name: 'import',
  usage: 'import FILE [--map "Column=field,…"] [--date-order dmy|mdy] [--dry-run] [--skip-bad] [--skip-duplicates]   import customers from CSV',
  async run(services, args, out) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        options: {
          map: { type: 'string', multiple: true }, 'date-order': { type: 'string' }, 'dry-run': { type: 'boolean' },
          'skip-bad': { type: 'boolean' }, 'skip-duplicates': { type: 'boolean' },
        },
      });
    } catch (error) {
      out((error as Error).message);
      return 2;
    }
    const { values, positionals } = parsed;
    const order = values['date-order'];
    if (positionals.length !== 1 || (order !== undefined && order !== 'dmy' && order !== 'mdy')) {
      out(`Usage: npm run cli -- ${this.usage}`);
      return 2;
    }
    const file = path.resolve(positionals[0]!);
    if (!fs.existsSync(file)) {
      out(`No such file: ${file}`);
      return 2;
    }
    try {
      const upload = await call<UploadSummary>(services, 'exchange.upload', { name: path.basename(file), text: fs.readFileSync(file, 'utf8') });
      let mapping = upload.mapping;
      for (const spec of values.map ?? []) {
        const applied = applyMap(upload.headers, mapping, spec);
        if (typeof applied === 'string') {
          out(`--map: ${applied}`);
          return 2;
        }
        mapping = applied;
      }
      const dateOrder = (order ?? upload.dateOrder) as 'dmy' | 'mdy';
      out(`${upload.name}: ${plural(upload.rows, 'row')}, separator ${JSON.stringify(upload.separator)}, dates ${dateOrder}, looks like ${upload.source}`);
      out('Columns:');
      upload.headers.forEach((h, i) => out(`  ${i + 1}. ${h} → ${mapping[i] ?? '-'}`));
      const plan = { uploadId: upload.uploadId, mapping, dateOrder, skipDuplicates: values['skip-duplicates'] === true };
      const check = await waitFor(services, await call<ExchangeJob>(services, 'exchange.check', { ...plan, limit: 1_000_000 }));
      const report = check.result as ImportReport;
      for (const line of reportLines(report)) out(line);
      if (values['dry-run']) return report.badRows > 0 ? 1 : 0;
      if (report.badRows > 0 && !values['skip-bad']) {
        out('Nothing was imported: fix the bad rows, or pass --skip-bad to import the others.');
        return 1;
      }
      const job = await waitFor(services, await call<ExchangeJob>(services, 'exchange.import', { ...plan, skipBad: values['skip-bad'] === true }));
      const result = job.kind === 'import' ? job.result! : null;
      out(`Imported ${plural(result?.imported ?? 0, 'customer')}`
        + (result?.skippedBad ? `, skipped ${plural(result.skippedBad, 'bad row')}` : '')
        + (result?.skippedDuplicates ? `, skipped ${plural(result.skippedDuplicates, 'likely duplicate')}` : '')
        + (result?.balances.total ? `; moved in ${plural(result.balances.total, 'stamp or point', 'stamps or points')} for ${plural(result.balances.customers, 'customer')}` : '')
        + '.');
      // The search documents follow the import; written now, not left for the app's next start.
      await indexPending(services.archive);
      return 0;
    } catch (error) {
      if (error instanceof CliFailure) {
        const field = error.fields ? ` (${Object.entries(error.fields).map(([k, v]) => `${k}: ${v.code}`).join(', ')})` : '';
        out(`Import failed: ${error.message}${field} [${error.code}]`);
        return 1;
      }
      throw error;
    }
  },
};
