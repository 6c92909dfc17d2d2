import * as repo from '../../../db/receipts/repo.js';
import { labels } from '../../core/receipts/labels.js';
import { layoutReceipt } from '../../core/receipts/layout.js';
import { AppError, notFound } from '../errors.js';
import type { Deps, Printing, PrintOutcome, Slip } from '../deps.js';
import type { Settings } from '../settings/schema.js';
import { PRINT_ERRORS, type PrintError, type PrintJob, type Receipt } from './schema.js';

// Print jobs: stored as made, laid out at the printer's current width whenever shown or
// sent, and sent after the sale is committed, one attempt per job at a time.

export function printingOf(deps: Deps): Printing {
  if (!deps.printing) throw new AppError('internal', 'Printing is not wired into these services');
  return deps.printing;
}

function asPrintError(value: string | null): PrintError | null {
  return value !== null && (PRINT_ERRORS as readonly string[]).includes(value) ? (value as PrintError) : null;
}

export function receiptOf(row: repo.PrintJobRow): Receipt {
  return JSON.parse(row.receipt) as Receipt;
}

/** The receipt laid out at the printer's current width and character set. */
export function laidOut(receipt: Receipt, settings: Settings): Pick<PrintJob, 'columns' | 'lines'> {
  const { columns, characterSet } = settings.printer;
  return { columns, lines: layoutReceipt(receipt, { columns, characterSet }) };
}

export function toPrintJob(row: repo.PrintJobRow, settings: Settings): PrintJob {
  const receipt = receiptOf(row);
  return {
    id: row.id,
    kind: row.kind,
    customerId: row.customer_id,
    customerName: receipt.customer?.name ?? null,
    createdAt: row.created_at,
    status: row.status,
    attempts: row.attempts,
    error: row.status === 'failed' ? (asPrintError(row.last_error) ?? 'printer_unreachable') : null,
    printedAt: row.printed_at,
    ...laidOut(receipt, settings),
  };
}

export function slipOf(job: Pick<PrintJob, 'kind' | 'columns' | 'lines'>, receipt: Receipt): Slip {
  return { kind: job.kind, language: receipt.language, title: labels(receipt.language).title[job.kind], columns: job.columns, lines: job.lines };
}

async function attempt(printing: Printing, settings: Settings, job: PrintJob, receipt: Receipt): Promise<PrintOutcome> {
  if (!settings.printer.enabled) return { ok: false, error: 'printing_off' };
  const connection = settings.printer.connection;
  if (connection.kind === 'network' && connection.host === '') return { ok: false, error: 'printer_not_configured' };
  return printing.send(slipOf(job, receipt), settings.printer);
}

/**
 * Sends a job once: a printed (or discarded) job is returned as it is, and a second call
 * while one is under way shares it. A failure is an answer, not an error: the job keeps
 * its receipt, says why, and waits for a retry.
 */
export function printJob(deps: Deps, jobId: number): Promise<PrintJob> {
  const printing = printingOf(deps);
  return printing.once(`job:${jobId}`, async () => {
    const db = deps.archive.db;
    const row = await repo.getJob(db, jobId);
    if (!row) throw notFound('Print job');
    const settings = deps.settings.get();
    const job = toPrintJob(row, settings);
    if (row.status === 'printed' || row.status === 'discarded') return job;
    const outcome = await attempt(printing, settings, job, receiptOf(row));
    const after = await repo.recordAttempt(db, jobId, outcome.ok ? { printed: true, at: deps.clock() } : { printed: false, error: outcome.error, at: deps.clock() });
    return toPrintJob(after ?? row, settings);
  });
}
