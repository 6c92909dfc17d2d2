import type { FileArchive } from '../../../db/open.js';
import { sqliteArchive } from '../../../db/archive.js';
import type { Deps } from '../deps.js';
import { prepareArchiveProbe, type ArchiveProbe } from '../../../db/exchange/probe.js';
import { prepareImportWriter, type ImportWriter } from '../../../db/exchange/insert.js';
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
/** Rows written between two looks at the clock (the writer's own batch size). */
const ROWS_BETWEEN_CLOCKS = 32;

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

/**
 * Changes since the connection opened, and commits by any other connection: when neither
 * moved, nothing in the archive has changed, so a dry run's look at it still holds.
 */
function archiveState(sqlite: FileArchive['sqlite']): string {
  const changes = sqlite.prepare('SELECT total_changes()').pluck().get() as number;
  return `${changes}/${sqlite.pragma('data_version', { simple: true }) as number}`;
}

function checked(deps: Deps, upload: Upload, rows: Validated): Checked {
  const state = archiveState(sqliteArchive(deps.archive).sqlite);
  const kept = upload.checked;
  if (kept?.validated === rows && kept.archiveState === state) return kept.result;
  const result = checkArchive(rows, prepareArchiveProbe(sqliteArchive(deps.archive).sqlite));
  upload.checked = { validated: rows, archiveState: state, result };
  return result;
}

export async function dryRun(
  deps: Deps, upload: Upload, options: PlanOptions, listing: { limit: number; skipDuplicates: boolean }, control?: JobControl,
): Promise<ImportReport> {
  const rows = await validated(upload, options, control);
  return report(rows, checked(deps, upload, rows), upload.csv.rows[0] ?? [], listing);
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
  const { sqlite } = sqliteArchive(archive);
  const now = deps.clock();
  const { language, currentStaff } = settings.get();
  const reason = (language === 'nl' ? `Overgezet uit ${upload.name}` : `Migrated from ${upload.name}`).slice(0, 200);
  // What the dry run saw, unless the archive changed since. Each chunk checks again that no
  // card number was given out meanwhile (the one thing another till can take from a row).
  const check = checked(deps, upload, rows);
  if (check.bad.size > 0 && !choices.skipBad) throw tooManyBad(check.bad.size);
  const importing = choices.skipDuplicates ? check.rows.filter((r) => !check.duplicateRows.has(r.row)) : check.rows;
  control?.setPhase('writing', importing.length);
  const totals = { taken: 0, balanceCustomers: 0, balanceTotal: 0, firstId: null as number | null, lastId: null as number | null };
  const run = await writeTransaction(archive.db, async () => startRun(sqlite, now));
  try {
    // Prepared once, in the first chunk's transaction; each later chunk starts with next().
    let writer: ImportWriter | null = null;
    let probe: ArchiveProbe | null = null;
    for (let position = 0; position < importing.length;) {
      position = await writeTransaction(archive.db, async () => {
        if (writer) writer.next();
        else writer = prepareImportWriter(sqlite, { now, staff: currentStaff, reason, random });
        probe ??= prepareArchiveProbe(sqlite);
        const started = performance.now();
        let at = position;
        while (at < importing.length) {
          const row = importing[at++]!;
          if (row.fields.cardNumber !== '' && probe.byCard(row.fields.cardNumber)) {
            if (!choices.skipBad) throw tooManyBad(check.bad.size + 1);
            totals.taken++;
            continue;
          }
          const consentAt = row.fields.marketingConsent ? now : null;
          totals.lastId = writer.add({
            values: columnsOf(row.fields, row.fields.cardNumber, consentAt), phones: row.phones, balance: row.balance, tags: row.tags, note: row.note,
          });
          totals.firstId ??= totals.lastId;
          if (row.balance > 0) {
            totals.balanceCustomers++;
            totals.balanceTotal += row.balance;
          }
          if (at % ROWS_BETWEEN_CLOCKS === 0 && performance.now() - started > CHUNK_MS) break;
        }
        writer.finish();
        writer.index(Infinity);
        if (writer.range) recordChunk(sqlite, run, now, writer.range.first, writer.range.last, writer.createdTags);
        return at;
      });
      control?.progress(position);
      await yieldToOtherWriters();
    }
    // Every row is in: now the counter search may find them (queued for their documents).
    const chunks = chunksOf(sqlite, run);
    for (let next = 0; next < chunks.length;) {
      next = await writeTransaction(archive.db, async () => {
        const started = performance.now();
        let at = next;
        while (at < chunks.length && performance.now() - started < CHUNK_MS) queueChunk(sqlite, chunks[at++]!);
        if (at === chunks.length) finishRun(sqlite, run, deps.clock());
        return at;
      });
      if (next < chunks.length) await yieldToOtherWriters();
    }
    if (chunks.length === 0) await writeTransaction(archive.db, async () => finishRun(sqlite, run, deps.clock()));
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
    const chunkKept = await writeTransaction(archive.db, async () => undoNextChunk(sqliteArchive(archive).sqlite, run, deps.clock()));
    if (chunkKept === null) return kept;
    kept += chunkKept;
    await yieldToOtherWriters();
  }
}

/** A run silent this long was left by a quit or a crash (a running import moves it every chunk). */
const ABANDONED_AFTER_MS = 2 * 60_000;

/** Undoes imports a quit or crash left half-written (at start and with the upkeep). */
export async function undoAbandonedImports(deps: Deps): Promise<void> {
  const runs = abandonedRuns(sqliteArchive(deps.archive).sqlite, deps.clock() - ABANDONED_AFTER_MS);
  for (const run of runs) await undoImport(deps, run);
}
