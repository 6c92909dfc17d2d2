import { parseCsv } from '../../core/csv/parse.js';
import { autoMap, detectSource } from '../../core/exchange/automap.js';
import { formatBirthday, sniffDateOrder } from '../../core/exchange/dates.js';
import type { ColumnMapping, DateOrder } from '../../core/exchange/fields.js';
import { formatMoment, label, type ExportFormat } from '../../core/exchange/labels.js';
import { draftRow } from '../../core/exchange/row.js';
import * as tags from '../../../db/memory/tags.js';
import { AppError, fieldError, notFound } from '../errors.js';
import type { Deps } from '../deps.js';
import type { HandlerMap } from '../handler-types.js';
import type { EXCHANGE_CALLS } from './calls.js';
import { TABLES, writeArchive, writeCsv } from './export.js';
import { exportName, folderOf, slug, writeCsvExport } from './export-file.js';
import { dryRun, runImport } from './import.js';
import { exportCustomerList } from './list-export.js';
import { emptyValidated, problemsOf, validateRange, type PlanOptions } from './plan.js';
import { dropUpload, getUpload, jobStatus, keepUpload, startJob, type Upload } from './state.js';
import type { ExportedFile, PreviewRow } from './types.js';

/** Larger files than this are refused with `import_too_large` (the page checks the size first). */
export const MAX_UPLOAD_CHARS = 50 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 250_000;
const SAMPLE_ROWS = 5;

const currentYear = (deps: Deps) => new Date(deps.clock()).getFullYear();

function planOptions(deps: Deps, upload: Upload, input: { mapping: ColumnMapping; dateOrder: DateOrder }): PlanOptions {
  const headers = upload.csv.rows[0] ?? [];
  if (input.mapping.length !== headers.length) throw fieldError('mapping', 'invalid');
  const named = new Set(input.mapping);
  // Without a name no row could come in: say so once, not on every row.
  if (!named.has('givenName') && !named.has('fullName')) throw fieldError('mapping', 'required');
  return { mapping: input.mapping, dateOrder: input.dateOrder, currentYear: currentYear(deps), country: deps.settings.get().country };
}

function exportFormat(deps: Deps, separator: ';' | ',' | undefined): ExportFormat {
  const settings = deps.settings.get();
  return { language: settings.language, separator: separator ?? settings.exchange.separator };
}

const logFailure = (error: unknown) => console.error('exchange job failed', error);

export const exchangeHandlers = {
  async 'exchange.upload'(deps, { name, text }) {
    if (text.length > MAX_UPLOAD_CHARS) throw new AppError('import_too_large', 'The file is too large', { max: MAX_UPLOAD_CHARS });
    const csv = parseCsv(text);
    const headers = csv.rows[0] ?? [];
    const rows = Math.max(0, csv.rows.length - 1);
    if (headers.every((h) => h.trim() === '') || rows === 0) throw new AppError('import_empty', 'The file holds no rows under its header');
    if (rows > MAX_IMPORT_ROWS) throw new AppError('import_too_large', 'The file has too many rows', { max: MAX_IMPORT_ROWS });
    const upload = keepUpload(deps, name || 'import.csv', csv);
    const mapping = autoMap(headers);
    const source = detectSource(headers);
    const birthdayColumn = mapping.indexOf('birthday');
    const sniffed = birthdayColumn === -1 ? null : sniffDateOrder(csv.rows.slice(1).map((r) => r[birthdayColumn] ?? ''));
    return {
      uploadId: upload.id,
      name: upload.name,
      separator: csv.separator,
      rows,
      headers,
      sample: csv.rows.slice(1, 1 + SAMPLE_ROWS),
      mapping,
      source,
      // Square writes month first; a column with a 13th or later in front says day first.
      dateOrder: sniffed ?? (source === 'square' ? 'mdy' : 'dmy'),
      unterminatedQuote: csv.unterminatedQuote,
    };
  },

  async 'exchange.preview'(deps, input) {
    const upload = getUpload(deps, input.uploadId);
    const options = planOptions(deps, upload, input);
    const headers = upload.csv.rows[0]!;
    const out: PreviewRow[] = [];
    const last = Math.min(upload.csv.rows.length - 1, input.limit);
    for (let index = 0; index < last; index++) {
      const { draft, empty } = draftRow(upload.csv.rows[index + 1]!, options.mapping, options);
      const checked = emptyValidated(upload.csv);
      validateRange(upload.csv, options, index, index + 1, checked);
      const c = draft.customer;
      out.push({
        row: index + 2,
        empty,
        givenName: c.givenName,
        namePrefix: c.namePrefix,
        familyName: c.familyName,
        phones: c.phones,
        email: c.email,
        address: [c.address.street, [c.address.postalCode, c.address.city].filter(Boolean).join(' ')].filter(Boolean).join(', '),
        birthday: c.birthday ? formatBirthday(c.birthday) : '',
        preferredChannel: c.preferredChannel ?? '',
        language: c.language ?? '',
        marketingConsent: c.marketingConsent,
        cardNumber: c.cardNumber,
        balance: draft.balance,
        tags: draft.tags,
        note: draft.note,
        problems: problemsOf(checked.bad.get(index + 2) ?? [], headers),
      });
    }
    return out;
  },

  async 'exchange.check'(deps, input) {
    const upload = getUpload(deps, input.uploadId);
    const options = planOptions(deps, upload, input);
    return startJob(deps, 'check', (control) =>
      dryRun(deps, upload, options, { limit: input.limit, skipDuplicates: input.skipDuplicates }, control), logFailure);
  },

  async 'exchange.import'(deps, input) {
    const upload = getUpload(deps, input.uploadId);
    const options = planOptions(deps, upload, input);
    return startJob(deps, 'import', async (control) => {
      const result = await runImport(deps, upload, options, { skipBad: input.skipBad, skipDuplicates: input.skipDuplicates }, control);
      // Imported: the parsed file and its checked rows need not be held any longer.
      dropUpload(deps, upload.id);
      return result;
    }, logFailure);
  },

  async 'exchange.export'(deps, { kind, separator }) {
    const folder = folderOf(deps);
    const format = exportFormat(deps, separator);
    const now = deps.clock();
    const { db } = deps.archive;
    return startJob(deps, 'export', async (control) => {
      const base = kind === 'archive' ? 'counterpart-export' : TABLES[kind].file[format.language];
      const { name, file } = await folder.create(exportName(base, kind === 'archive' ? 'zip' : 'csv', now));
      const progress = { total: (n: number) => control.setPhase('exporting', n), done: (n: number) => control.progress(n) };
      try {
        const rows = kind === 'archive'
          ? await writeArchive(db, format, file, progress, {
            app: 'Counterpart', version: deps.app.version, schemaVersion: deps.archive.schemaVersion, exportedAt: now,
          })
          : await writeCsv(db, TABLES[kind], format, file, progress);
        const bytes = await file.finish();
        return { name, bytes, rows, folder: folder.path } satisfies ExportedFile;
      } catch (error) {
        await file.discard();
        throw error;
      }
    }, logFailure);
  },

  async 'exchange.exportTag'(deps, { tagId, consentedOnly, separator }) {
    const { db } = deps.archive;
    const tag = await tags.getTag(db, tagId);
    if (!tag) throw notFound('Tag');
    const members: tags.MemberRow[] = [];
    for (;;) {
      const page = await tags.tagMembers(db, tagId, { consentedOnly, offset: members.length, limit: 1000 });
      members.push(...page);
      if (page.length < 1000) break;
    }
    const format = exportFormat(deps, separator);
    const { text, rows } = await exportCustomerList(db, members.map((m) => m.id), {
      columns: ['name', 'preferredChannel', 'marketingConsent', 'phone', 'email'],
      format,
      consentedOnly,
      extra: [{
        header: label(format, 'lastContactedAt'),
        values: new Map(members.map((m) => [m.id, m.contacted_at === null ? '' : formatMoment(m.contacted_at)])),
      }],
    });
    const base = `${format.language === 'nl' ? 'interesse' : 'interest'}-${slug(tag.name)}`;
    return writeCsvExport(deps, base, text, rows);
  },

  async 'exchange.saveCopy'(deps, { name }) {
    if (!deps.exportSaver) throw new AppError('export_save_unavailable', 'Saving a copy needs the desktop app; in the browser, download it');
    const file = folderOf(deps).pathOf(name);
    if (!file) throw notFound('Export');
    return { saved: await deps.exportSaver.saveCopy(file, name) };
  },

  async 'exchange.status'(deps, { jobId }) {
    return jobStatus(deps, jobId);
  },
} satisfies HandlerMap<(typeof EXCHANGE_CALLS)[number]>;
