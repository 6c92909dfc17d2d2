import type { Deps } from '../deps.js';
import { prepareArchiveProbe } from '../../../db/exchange/probe.js';
import { prepareImportWriter } from '../../../db/exchange/insert.js';
import { writeTransaction } from '../../../db/transaction.js';
import { indexPending } from '../customers/search-indexing.js';
import { AppError } from '../errors.js';
import { columnsOf } from '../customers/handlers.js';
import { checkArchive, emptyValidated, report, validateRange, type Checked, type PlanOptions, type Validated } from './plan.js';
import type { JobControl, Upload } from './state.js';
import type { ImportReport, ImportResult } from './types.js';

// The dry run and the import, as jobs the page polls. The import is all or nothing: inside
// its write transaction it takes the dry run's look at the archive (or looks again if the
// archive changed since), refuses when a row is bad (unless the shop chose to skip bad
// rows), and writes every customer, phone, tag, note and migration entry in that one
// transaction. The customers' search documents are queued in it and written after it, in
// short transactions (main/api/customers/search-indexing.ts). Between chunks it lets the
// event loop answer the page's progress polls; other calls on the archive wait for the
// transaction (Kysely hands the one connection to one caller at a time).

const CHUNK = 1000;

/** Lets pending I/O (a progress poll, the counter) run between chunks of work. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

const keyOf = (options: PlanOptions) => JSON.stringify([options.mapping, options.dateOrder, options.currentYear]);

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
function archiveState(sqlite: Deps['archive']['sqlite']): string {
  const changes = sqlite.prepare('SELECT total_changes()').pluck().get() as number;
  return `${changes}/${sqlite.pragma('data_version', { simple: true }) as number}`;
}

function checked(deps: Deps, upload: Upload, rows: Validated): Checked {
  const state = archiveState(deps.archive.sqlite);
  const kept = upload.checked;
  if (kept?.validated === rows && kept.archiveState === state) return kept.result;
  const result = checkArchive(rows, prepareArchiveProbe(deps.archive.sqlite));
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
  const now = deps.clock();
  const { language, currentStaff } = settings.get();
  const reason = (language === 'nl' ? `Overgezet uit ${upload.name}` : `Migrated from ${upload.name}`).slice(0, 200);
  const result = await writeTransaction(archive.db, async (): Promise<ImportResult> => {
    // Inside the write transaction: what the dry run saw, unless the archive changed since.
    const check = checked(deps, upload, rows);
    if (check.bad.size > 0 && !choices.skipBad) {
      throw new AppError('import_has_errors', `${check.bad.size} row(s) cannot be imported; nothing was imported`, { rows: check.bad.size });
    }
    const importing = choices.skipDuplicates ? check.rows.filter((r) => !check.duplicateRows.has(r.row)) : check.rows;
    control?.setPhase('writing', importing.length);
    const writer = prepareImportWriter(archive.sqlite, { now, staff: currentStaff, reason, random });
    let firstId: number | null = null;
    let lastId: number | null = null;
    let balanceCustomers = 0;
    let balanceTotal = 0;
    for (let from = 0; from < importing.length; from += CHUNK) {
      for (const row of importing.slice(from, from + CHUNK)) {
        const consentAt = row.fields.marketingConsent ? now : null;
        lastId = writer.add({
          values: columnsOf(row.fields, row.fields.cardNumber, consentAt),
          phones: row.phones,
          balance: row.balance,
          tags: row.tags,
          note: row.note,
        });
        firstId ??= lastId;
        if (row.balance > 0) {
          balanceCustomers++;
          balanceTotal += row.balance;
        }
      }
      control?.progress(Math.min(importing.length, from + CHUNK));
      if (control) await breathe();
    }
    writer.finish();
    const documents = writer.queued;
    // The notes' search documents; the customers' are queued (finish) and follow the commit.
    if (documents > 0) control?.setPhase('indexing', documents);
    while (writer.index(CHUNK) > 0) {
      control?.progress(documents - writer.queued);
      if (control) await breathe();
    }
    return {
      imported: importing.length,
      skippedBad: check.bad.size,
      skippedDuplicates: check.rows.length - importing.length,
      empty: rows.empty,
      balances: { customers: balanceCustomers, total: balanceTotal },
      firstId,
      lastId,
    };
  });
  // The counter search finds the new customers at once (pending-search.ts); their index
  // documents follow in short transactions of their own.
  indexPending(archive).catch((error: unknown) => console.error('search indexing failed', error));
  return result;
}
