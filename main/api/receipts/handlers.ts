import * as repo from '../../../db/receipts/repo.js';
import { receiptDocument } from '../../core/receipts/html.js';
import { AppError, notFound } from '../errors.js';
import type { Slip } from '../deps.js';
import type { HandlerMap } from '../handler-types.js';
import { laidOut, printingOf, printJob, receiptOf, slipOf, toPrintJob } from './jobs.js';
import { makeReceipt } from './make.js';

// Receipts: made and stored first (a job), printed after the sale is committed, kept
// when the printer fails, retried or discarded from the unprinted list.

/** The unprinted list is for the counter, not an archive: the newest this many. */
const UNPRINTED_LIMIT = 100;

export const receiptHandlers = {
  async 'receipts.create'(deps, { source }) {
    const { receipt, customerId, sourceId } = await makeReceipt(deps, source);
    const now = deps.clock();
    const row = await repo.insertJob(deps.archive.db, {
      kind: receipt.kind,
      customer_id: customerId,
      source_id: sourceId,
      receipt: JSON.stringify(receipt),
      created_at: now,
      updated_at: now,
    });
    return toPrintJob(row, deps.settings.get());
  },

  // A preview is looked at, not printed: it stores nothing, so it never shows up as unprinted.
  async 'receipts.preview'(deps, { source }) {
    const { receipt, customerId, sourceId } = await makeReceipt(deps, source);
    const settings = deps.settings.get();
    const last = customerId !== null && sourceId !== null
      ? await repo.latestJobOf(deps.archive.db, { customerId, kind: receipt.kind, sourceId })
      : undefined;
    return {
      kind: receipt.kind,
      customerName: receipt.customer?.name ?? null,
      ...laidOut(receipt, settings),
      job: last ? toPrintJob(last, settings) : null,
    };
  },

  async 'receipts.print'(deps, { jobId }) {
    return printJob(deps, jobId);
  },

  async 'receipts.discard'(deps, { jobId }) {
    const row = await repo.setStatus(deps.archive.db, jobId, 'discarded', ['pending', 'failed'], deps.clock());
    if (!row) throw notFound('Print job');
    return toPrintJob(row, deps.settings.get());
  },

  async 'receipts.unprinted'(deps) {
    const settings = deps.settings.get();
    return (await repo.unprintedJobs(deps.archive.db, UNPRINTED_LIMIT)).map((row) => toPrintJob(row, settings));
  },

  async 'receipts.printerStatus'(deps) {
    return printingOf(deps).status(deps.settings.get().printer);
  },

  async 'receipts.systemPrinters'(deps) {
    return deps.systemPrinter ? deps.systemPrinter.list() : [];
  },

  async 'receipts.savePdf'(deps, input) {
    if (!deps.systemPrinter) throw new AppError('system_printing_unavailable', 'PDFs are made by the desktop app');
    let slip: Slip;
    let name: string;
    if ('jobId' in input) {
      const row = await repo.getJob(deps.archive.db, input.jobId);
      if (!row) throw notFound('Print job');
      const job = toPrintJob(row, deps.settings.get());
      slip = slipOf(job, receiptOf(row));
      name = `${slip.title} ${job.id}`;
    } else {
      const { receipt, sourceId } = await makeReceipt(deps, input.source);
      slip = slipOf({ kind: receipt.kind, ...laidOut(receipt, deps.settings.get()) }, receipt);
      name = sourceId === null ? slip.title : `${slip.title} ${sourceId}`;
    }
    const html = receiptDocument(slip.lines, slip.columns, { title: slip.title, language: slip.language });
    return { saved: await deps.systemPrinter.savePdf(html, `${name}.pdf`) };
  },
} satisfies HandlerMap<
  'receipts.create' | 'receipts.preview' | 'receipts.print' | 'receipts.discard' | 'receipts.unprinted' | 'receipts.printerStatus' | 'receipts.systemPrinters' | 'receipts.savePdf'
>;
