import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import * as repo from '../../../db/customers/repo.js';
import { balanceOf } from '../../../db/loyalty/repo.js';
import { referrerOf } from '../../../db/memory/referrals.js';
import { valueText } from '../../../db/memory/fields.js';
import { eraseCustomer } from '../../../db/privacy/erase.js';
import { personalRows } from '../../../db/privacy/export.js';
import { mergeCustomers } from '../../../db/privacy/merge.js';
import { readRegister } from '../../../db/privacy/register.js';
import { tracelessErasure } from '../../../db/privacy/scrub.js';
import { pendingScrubs } from '../../../db/privacy/scrubbed.js';
import { erasureOf, moveCounts, survivorOf } from '../../../db/privacy/status.js';
import { writeTransaction } from '../../../db/transaction.js';
import { dayOf } from '../../core/days.js';
import { toCustomer } from '../customers/mappers.js';
import type { Deps } from '../deps.js';
import { AppError, fieldError, notFound } from '../errors.js';
import type { HandlerMap } from '../handler-types.js';
import { loadProgram } from '../loyalty/service.js';
import { staffOf, toRef } from '../memory/common.js';
import { personalDataDocument, personalDataHtml, personName } from './export-document.js';
import { exportLabels } from './export-labels.js';
import { mergedColumns, mergedPhones, mergedReferrer } from './merge-plan.js';
import { toPersonalData } from './personal-data.js';
import { exportsHolding, identifiersOf } from './export-scan.js';
import { folderOf } from '../exchange/export-file.js';
import type { MergeSide, PersonalData } from './types.js';

const erased = () => new AppError('customer_erased', 'This customer’s personal data has been erased');

async function requireLiving(db: Kysely<DB>, id: number): Promise<repo.CustomerRow> {
  const row = await repo.getCustomerRow(db, id);
  if (!row) throw notFound('Customer');
  if (row.erased_at !== null) throw erased();
  return row;
}

async function personalData(deps: Deps, customerId: number): Promise<PersonalData> {
  const db = deps.archive.db;
  const rows = await personalRows(db, customerId);
  if (!rows) throw notFound('Customer');
  if (rows.customer.erased_at !== null) throw erased();
  const unit = (await loadProgram(db)).unit;
  return toPersonalData(rows, { shop: deps.settings.get().shopName, unit, now: deps.clock() });
}

function fileName(data: PersonalData, extension: string): string {
  const name = personName(data.customer).replace(/[^\p{L}\p{N} -]+/gu, '').trim() || String(data.customer.id);
  return `${name} ${dayOf(data.exportedAt)}.${extension}`;
}

async function mergeSide(db: Kysely<DB>, row: repo.CustomerRow): Promise<MergeSide> {
  const referrer = await referrerOf(db, row.id);
  const tags = await db.selectFrom('customer_tags as ct').innerJoin('tags as t', 't.id', 'ct.tag_id')
    .select('t.name').where('ct.customer_id', '=', row.id).orderBy('t.folded').execute();
  const fields = await db
    .selectFrom('customer_field_values as v')
    .innerJoin('custom_fields as f', 'f.id', 'v.field_id')
    .select(['f.id', 'f.name', 'f.kind', 'f.options', 'v.value'])
    .where('v.customer_id', '=', row.id)
    .orderBy('f.position').orderBy('f.id')
    .execute();
  return {
    customer: toCustomer(row, await repo.getPhones(db, row.id)),
    referrer: referrer ? toRef(referrer) : null,
    tags: tags.map((t) => t.name),
    fields: fields.map((f) => ({ fieldId: f.id, name: f.name, value: f.kind === 'text' || f.kind === 'choice' ? valueText(f, f.value) : f.value })),
    counts: await moveCounts(db, row.id),
    balance: await balanceOf(db, row.id),
  };
}

async function mergePair(db: Kysely<DB>, survivorId: number, mergedId: number) {
  if (survivorId === mergedId) throw new AppError('merge_same_customer', 'A customer cannot be merged with themself');
  return { survivor: await requireLiving(db, survivorId), merged: await requireLiving(db, mergedId) };
}

export const privacyHandlers = {
  async 'privacy.status'({ archive }, { id }) {
    const db = archive.db;
    const row = await repo.getCustomerRow(db, id);
    if (!row) throw notFound('Customer');
    const erasure = await erasureOf(db, id);
    const pending = await pendingScrubs(db);
    return {
      id,
      erasedAt: erasure?.erased_at ?? null,
      scrubbed: erasure ? erasure.scrubbed_at !== null : true,
      mergedInto: await survivorOf(db, id),
      pendingScrubs: pending.count,
      pendingUpTo: pending.upTo,
      scrubSteps: [...tracelessErasure(db).steps],
    };
  },

  async 'privacy.export'(deps, { customerId }) {
    return personalData(deps, customerId);
  },

  async 'privacy.exportPage'(deps, { customerId }) {
    const data = await personalData(deps, customerId);
    const language = deps.settings.get().language;
    return { title: exportLabels(language).title(personName(data.customer)), html: personalDataHtml(data, language), fileName: fileName(data, 'json') };
  },

  async 'privacy.savePdf'(deps, { customerId }) {
    if (!deps.systemPrinter) throw new AppError('system_printing_unavailable', 'PDFs are made by the desktop app');
    const data = await personalData(deps, customerId);
    const html = personalDataDocument(data, deps.settings.get().language);
    return { saved: await deps.systemPrinter.savePdf(html, fileName(data, 'pdf')) };
  },

  async 'privacy.erase'(deps, { customerId, staff }) {
    const who = staffOf(deps, staff);
    const now = deps.clock();
    // What finds them in earlier exports is what the erasure deletes: read it first.
    const row = await repo.getCustomerRow(deps.archive.db, customerId);
    const identifiers = row ? identifiersOf(row, await repo.getPhones(deps.archive.db, customerId)) : null;
    const traceless = tracelessErasure(deps.archive.db);
    const outcome = await traceless.transaction(deps.archive.db, (trx) => eraseCustomer(trx, customerId, who, now));
    if (!outcome.ok) throw outcome.problem === 'not_found' ? notFound('Customer') : erased();
    // After the commit (no file work inside a transaction): the data folder's copy of the
    // register, for a restore onto an archive that will not open any more, and the exports
    // that still hold them, for the shop to delete.
    await deps.erasures?.save(await readRegister(deps.archive.db));
    deps.exports?.sweepPartials();
    const exports = deps.exports && identifiers ? await exportsHolding(deps.exports, identifiers) : [];
    return { customerId, erasedAt: outcome.erasedAt, scrubSteps: [...traceless.steps], exports };
  },

  async 'privacy.deleteExports'(deps, { names }) {
    const folder = folderOf(deps);
    const deleted: string[] = [];
    for (const name of new Set(names)) if (await folder.remove(name)) deleted.push(name);
    return { deleted };
  },

  async 'privacy.scrub'(deps, { step, upTo }) {
    const traceless = tracelessErasure(deps.archive.db);
    const name = traceless.steps[step];
    if (!name) throw fieldError('step', 'out_of_range');
    const outcome = await traceless.runStep(deps.archive.db, name, upTo, deps.clock());
    if (!outcome.ok) throw new AppError('archive_busy', 'Another till or program is reading the archive');
    return { step, name, steps: traceless.steps.length, done: step === traceless.steps.length - 1 };
  },

  async 'privacy.mergePreview'({ archive }, { survivorId, mergedId }) {
    const db = archive.db;
    const { survivor, merged } = await mergePair(db, survivorId, mergedId);
    const { rows } = await sql<{ sum: number }>`SELECT coalesce(sum(amount), 0) AS sum FROM ledger_entries
      WHERE customer_id IN (${survivorId}, ${mergedId})`.execute(db);
    return {
      survivor: await mergeSide(db, survivor),
      merged: await mergeSide(db, merged),
      unit: (await loadProgram(db)).unit,
      balanceAfter: Number(rows[0]?.sum ?? 0),
    };
  },

  async 'privacy.merge'(deps, input) {
    const now = deps.clock();
    const staff = staffOf(deps, input.staff);
    return writeTransaction(deps.archive.db, async (trx) => {
      const { survivor, merged } = await mergePair(trx, input.survivorId, input.mergedId);
      const phones = mergedPhones(input.phones, await repo.getPhones(trx, survivor.id), await repo.getPhones(trx, merged.id));
      const takeMergedField = new Set(
        Object.entries(input.fields).filter(([, side]) => side === 'merged').map(([fieldId]) => Number(fieldId)),
      );
      await mergeCustomers(trx, {
        survivor,
        merged,
        values: mergedColumns(input.keep, survivor, merged),
        phones,
        referredBy: mergedReferrer(input.keep, survivor, merged),
        takeMergedField,
        staff,
        now,
      });
      const row = (await repo.getCustomerRow(trx, survivor.id))!;
      return { survivor: toCustomer(row, await repo.getPhones(trx, survivor.id)), mergedId: merged.id };
    });
  },
} satisfies HandlerMap<
  | 'privacy.status' | 'privacy.export' | 'privacy.exportPage' | 'privacy.savePdf'
  | 'privacy.erase' | 'privacy.deleteExports' | 'privacy.scrub' | 'privacy.mergePreview' | 'privacy.merge'
>;
