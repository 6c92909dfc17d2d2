import type { Kysely } from 'kysely';
import { contactRows } from '../../../db/lists/contacts.js';
import { keyOf } from '../../../db/lists/customers.js';
import * as saved from '../../../db/lists/saved.js';
import type { DB } from '../../../db/schema.js';
import { writeTransaction } from '../../../db/transaction.js';
import { words } from '../../core/text.js';
import type { ParsedInput } from '../contract.js';
import { fieldError, notFound } from '../errors.js';
import { writeCsvExport } from '../exchange/export-file.js';
import type { HandlerMap } from '../handler-types.js';
import { loadProgram } from '../loyalty/service.js';
import { buildList, customerColumns, customerCount, customerRows } from './build.js';
import type { LISTS_CALLS } from './calls.js';
import { contactsCsv, defaultSeparator, exportBase, listCsv } from './csv.js';
import { cleanFilter, readStoredFilter, resolveFilter } from './resolve.js';
import { EXPORT_CAP } from './schema.js';
import type { ListColumn, ListRow, SavedFilter } from './types.js';

// Lists to act on (birthdays, top customers, lapsed good customers, rewards waiting, the
// most satisfied and the unhappy), the filtered customer list, their CSV exports (written
// into the exports folder beside every other export), and saved filters. Reads only,
// except saving a filter and writing an export's file.

/** What an export holds: a list, or the filtered customer list, up to the cap. */
async function exportRows(
  db: Kysely<DB>, source: ParsedInput<'lists.export'>['source'], now: number,
): Promise<{ columns: ListColumn[]; rows: ListRow[]; total: number }> {
  if (source.list !== 'customers') return buildList(db, source, EXPORT_CAP, now);
  const { criteria } = await resolveFilter(db, source.filter);
  const page = await customerRows(db, criteria, { after: null, limit: EXPORT_CAP, now });
  return { columns: customerColumns(criteria), rows: page.rows, total: page.more ? await customerCount(db, criteria, now) : page.rows.length };
}

const toSaved = (row: saved.SavedFilterRow): SavedFilter => ({
  id: row.id,
  name: row.name,
  criteria: readStoredFilter(row.filter).filter.criteria.length,
  updatedAt: row.updated_at,
});

export const listsHandlers = {
  async 'lists.get'({ archive, clock }, { source, limit }) {
    return buildList(archive.db, source, limit, clock());
  },

  async 'lists.customers'({ archive, clock }, { filter, after, limit }) {
    const db = archive.db;
    const { criteria, notes } = await resolveFilter(db, filter);
    const page = await customerRows(db, criteria, { after, limit, now: clock() });
    return {
      columns: customerColumns(criteria),
      rows: page.rows,
      next: page.more && page.last ? keyOf(page.last) : null,
      notes,
      unit: (await loadProgram(db)).unit,
    };
  },

  async 'lists.count'({ archive, clock }, { filter }) {
    const { criteria } = await resolveFilter(archive.db, filter);
    return { total: await customerCount(archive.db, criteria, clock()) };
  },

  async 'lists.export'(deps, { source, kind, separator }) {
    const db = deps.archive.db;
    const now = deps.clock();
    const language = deps.settings.get().language;
    const sep = separator ?? defaultSeparator(language);
    const { columns, rows, total } = await exportRows(db, source, now);
    const base = exportBase(source.list, kind, language);
    const extra = { beyondCap: total - rows.length, cap: EXPORT_CAP, separator: sep };
    if (kind === 'list') return { ...(await writeCsvExport(deps, base, listCsv(columns, rows, language, sep), rows.length)), ...extra, leftOut: 0 };
    // A mailing goes only to those who agreed to offers; the rest are counted, not written.
    const consenting = rows.filter((r) => r.marketingConsent).map((r) => r.customerId);
    const contacts = (await contactRows(db, consenting)).filter((c) => c.marketing_consent === 1);
    const file = await writeCsvExport(deps, base, contactsCsv(contacts, language, sep), contacts.length);
    return { ...file, ...extra, leftOut: rows.length - contacts.length };
  },

  async 'lists.filters'({ archive }) {
    return (await saved.listSaved(archive.db)).map(toSaved);
  },

  async 'lists.filter'({ archive }, { id }) {
    const row = await saved.getSaved(archive.db, id);
    if (!row) throw notFound('Saved filter');
    const stored = readStoredFilter(row.filter);
    const clean = await cleanFilter(archive.db, stored.filter);
    return { ...toSaved(row), criteria: clean.filter.criteria.length, filter: clean.filter, notes: [...stored.notes, ...clean.notes] };
  },

  async 'lists.saveFilter'({ archive, clock }, { id, name, filter }) {
    const folded = words(name).join(' ');
    if (folded === '') throw fieldError('name', 'required');
    const values = { name: name.replace(/\s+/g, ' '), folded, filter: JSON.stringify(filter) };
    const now = clock();
    return writeTransaction(archive.db, async (trx) => {
      const same = await saved.savedByFolded(trx, folded);
      if (same && same.id !== id) throw fieldError('name', 'duplicate');
      if (id === null) return toSaved(await saved.insertSaved(trx, values, now));
      const row = await saved.updateSaved(trx, id, values, now);
      if (!row) throw notFound('Saved filter');
      return toSaved(row);
    });
  },

  async 'lists.deleteFilter'({ archive }, { id }) {
    if (!(await saved.deleteSaved(archive.db, id))) throw notFound('Saved filter');
    return { deleted: id };
  },
} satisfies HandlerMap<(typeof LISTS_CALLS)[number]>;
