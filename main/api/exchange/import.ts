import type { Deps } from '../deps.js';
import { archiveChangeMark, probeArchive } from '../../../db/exchange/probe.js';
import { importChunkWriter } from '../../../db/exchange/chunk.js';
import type { ImportedCustomer } from '../../../db/exchange/insert.js';
import { abandonedRuns, chunksOf, finishRun, queueChunk, recordChunk, startRun, undoNextChunk } from '../../../db/exchange/runs.js';
import { writeTransaction, yieldToOtherWriters } from '../../../db/transaction.js';
import { indexPending } from '../customers/search-indexing.js';
import { AppError } from '../errors.js';
import { columnsOf } from '../customers/handlers.js';
import { checkArchive, emptyValidated, report, validateRange, type Checked, type PlanOptions, type Validated } from './plan.js';
import type { JobControl, Upload } from './state.js';
import type { ImportReport, ImportResult } from './types.js';

// The dry run and the import, as jobs the page polls. The import takes the dry run's look at
// the archive (or looks again if the archive changed since) and refuses when a row is bad
// (unless the shop chose to skip bad rows). It then writes its customers, phones, tags,
// notes and migration entries in chunks, each one transaction of about CHUNK_MS, leaving a
// gap after each, so a sale on this till or another one sharing the file waits for one chunk
// and never for the whole import. It stays all or nothing through a journal (migration 012,
// db/exchange/runs.ts): a failure undoes the chunks already written, and an import a quit or
// crash interrupted is undone at the next start. Why not one transaction, or staging rows and
// publishing them: either way the write lock is held for as long as the rows take to write
// (seconds for 100,000), and hiding half-written customers from every read is not feasible.
// The customers are queued for the counter search only once all are in, so none is found by
// name half-way; their documents are written after that (search-indexing.ts).

const CHUNK = 1000;
/**
 * How long one chunk of the import holds the write lock, at most about. Every commit writes
 * again the index pages its rows touched (card numbers, e-mail, names, phones go in all over
 * their indexes) and checkpoints them: for 100,000 rows, 50 ms chunks (55) made the import
 * 1.7 s slower than one transaction, 200 ms chunks (~12) ~0.35 s. A sale on another till
 * waits for at most one chunk: max 73 ms at 50 ms, ~230 ms at 200 ms
 * (tests/api/exchange-two-tills.test.ts). Figures in docs/BENCHMARKS.md, Export and import.
 */
const CHUNK_MS = 200;

/** Lets pending I/O (a progress poll, the counter) run between chunks of work. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

const keyOf = (options: PlanOptions) => JSON.stringify([options.mapping, options.dateOrder, options.currentYear, options.country]);

/** The file's rows validated for this mapping: kept on the upload, so the import reuses the dry run's work. */
export async function validated(upload: Upload, options: PlanOptions, control?: JobControl): Promise<Validated> {
  const key = keyOf(options);
  if (upload.validated?.key === key) return upload.validated.result;
  const result = emptyValidated(upload.csv);
  control?.setPhase('checking', result.rows);
  for (let from = 0; from < result.rows; from += CHUNK) {
    validateRange(upload.csv, options, from, Math.min(result.rows, from + CHUNK), result);
    control?.progress(Math.min(result.rows, from + CHUNK));
    if (control) await breathe();
  }
  upload.validated = { key, result };
  return result;
}

async function checked(deps: Deps, upload: Upload, rows: Validated): Promise<Checked> {
  const state = await archiveChangeMark(deps.archive);
  const kept = upload.checked;
  if (kept?.validated === rows && kept.archiveState === state) return kept.result;
  const result = checkArchive(rows, await probeArchive(deps.archive, {
    phones: rows.valid.flatMap((r) => r.phones.map((p) => p.e164)),
    emails: rows.valid.flatMap((r) => (r.fields.email === '' ? [] : [r.fields.email])),
    cards: rows.valid.flatMap((r) => (r.fields.cardNumber === '' ? [] : [r.fields.cardNumber])),
  }));
  upload.checked = { validated: rows, archiveState: state, result };
  return result;
}

export async function dryRun(
  deps: Deps, upload: Upload, options: PlanOptions, listing: { limit: number; skipDuplicates: boolean }, control?: JobControl,
): Promise<ImportReport> {
  const rows = await validated(upload, options, control);
  return report(rows, await checked(deps, upload, rows), upload.csv.rows[0] ?? [], listing);
}

export interface ImportChoices {
  skipBad: boolean;
  skipDuplicates: boolean;
}

export async function runImport(deps: Deps, upload: Upload, options: PlanOptions, choices: ImportChoices, control?: JobControl): Promise<ImportResult> {
  const rows = await validated(upload, options, control);
  // Validated already (by the dry run), the job is writing from here on.
  control?.setPhase('writing', rows.valid.length);
  const { archive, settings, random } = deps;
  const now = deps.clock();
  const { language, currentStaff } = settings.get();
  const reason = (language === 'nl' ? `Overgezet uit ${upload.name}` : `Migrated from ${upload.name}`).slice(0, 200);
  // What the dry run saw, unless the archive changed since. Each chunk checks again that no
  // card number was given out meanwhile (the one thing another till can take from a row).
  const check = await checked(deps, upload, rows);
  if (check.bad.size > 0 && !choices.skipBad) throw tooManyBad(check.bad.size);
  const importing = choices.skipDuplicates ? check.rows.filter((r) => !check.duplicateRows.has(r.row)) : check.rows;
  control?.setPhase('writing', importing.length);
  const customers: ImportedCustomer[] = importing.map((row) => ({
    values: columnsOf(row.fields, row.fields.cardNumber, row.fields.marketingConsent ? now : null),
    phones: row.phones, balance: row.balance, tags: row.tags, note: row.note,
  }));
  const writer = importChunkWriter(archive, { now, staff: currentStaff, reason, random });
  // Counted from what each chunk returns once it has committed: a chunk's transaction may run
  // more than once on PostgreSQL, so nothing outside it changes inside it.
  const totals = { taken: 0, balanceCustomers: 0, balanceTotal: 0, firstId: null as number | null, lastId: null as number | null };
  const run = await writeTransaction(archive.db, (trx) => startRun(trx, now));
  try {
    for (let position = 0; position < customers.length;) {
      const from = position;
      const chunk = await writeTransaction(archive.db, async (trx) => {
        const written = await writer.write(trx, customers, from, CHUNK_MS);
        if (written.cardTaken.length > 0 && !choices.skipBad) throw tooManyBad(check.bad.size + written.cardTaken.length);
        await recordChunk(trx, run, now, written.ranges, written.createdTags);
        return written;
      });
      const taken = new Set(chunk.cardTaken);
      totals.taken += taken.size;
      for (let i = from; i < chunk.next; i++) {
        const { balance } = customers[i]!;
        if (balance > 0 && !taken.has(i)) {
          totals.balanceCustomers++;
          totals.balanceTotal += balance;
        }
      }
      if (chunk.ranges.length > 0) {
        totals.firstId ??= chunk.ranges[0]!.first_id;
        totals.lastId = chunk.ranges[chunk.ranges.length - 1]!.last_id;
      }
      position = chunk.next;
      control?.progress(position);
      await yieldToOtherWriters();
    }
    // Every row is in: now the counter search may find them (queued for their documents).
    const chunks = await chunksOf(archive.db, run);
    const finishedAt = deps.clock();
    for (let next = 0; next < chunks.length;) {
      const from = next;
      next = await writeTransaction(archive.db, async (trx) => {
        const started = performance.now();
        let at = from;
        while (at < chunks.length && performance.now() - started < CHUNK_MS) await queueChunk(trx, chunks[at++]!);
        if (at === chunks.length) await finishRun(trx, run, finishedAt);
        return at;
      });
      if (next < chunks.length) await yieldToOtherWriters();
    }
    if (chunks.length === 0) await writeTransaction(archive.db, (trx) => finishRun(trx, run, finishedAt));
  } catch (error) {
    // All or nothing: take back what the earlier chunks wrote, then say what went wrong.
    await undoImport(deps, run).catch((undoError: unknown) => console.error('undoing an import failed; retried at the next start', undoError));
    throw error;
  }
  // The counter search finds the new customers at once (pending-search.ts); their index
  // documents follow in short transactions of their own.
  indexPending(archive).catch((error: unknown) => console.error('search indexing failed', error));
  const imported = importing.length - totals.taken;
  return {
    imported,
    skippedBad: check.bad.size + totals.taken,
    skippedDuplicates: check.rows.length - importing.length,
    empty: rows.empty,
    balances: { customers: totals.balanceCustomers, total: totals.balanceTotal },
    firstId: totals.firstId,
    lastId: totals.lastId,
  };
}

const tooManyBad = (rows: number) => new AppError('import_has_errors', `${rows} row(s) cannot be imported; nothing was imported`, { rows });

/** Takes back an unfinished import, a chunk per transaction; returns how many customers the shop had used meanwhile and were kept. */
export async function undoImport(deps: Deps, run: number): Promise<number> {
  const { archive } = deps;
  let kept = 0;
  for (;;) {
    const now = deps.clock();
    const chunkKept = await writeTransaction(archive.db, (trx) => undoNextChunk(trx, run, now));
    if (chunkKept === null) return kept;
    kept += chunkKept;
    await yieldToOtherWriters();
  }
}

/** A run silent this long was left by a quit or a crash (a running import moves it every chunk). */
const ABANDONED_AFTER_MS = 2 * 60_000;

/** Undoes imports a quit or crash left half-written (at start and with the upkeep). */
export async function undoAbandonedImports(deps: Deps): Promise<void> {
  const runs = await abandonedRuns(deps.archive.db, deps.clock() - ABANDONED_AFTER_MS);
  for (const run of runs) await undoImport(deps, run);
}
