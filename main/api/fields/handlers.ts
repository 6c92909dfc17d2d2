import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import * as fields from '../../../db/memory/fields.js';
import { writeTransaction } from '../../../db/transaction.js';
import { words } from '../../core/text.js';
import { AppError, fieldError, notFound, type FieldIssue } from '../errors.js';
import type { HandlerMap } from '../handler-types.js';
import { requireCustomerRow } from '../memory/common.js';
import type { CustomField, FieldKind, FieldWithValue } from './schema.js';
import { fieldValueOf, parseFieldValue } from './values.js';

const fold = (s: string) => words(s).join(' ');

export function toField(row: fields.FieldRow): CustomField {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as FieldKind,
    options: fields.optionsOf(row),
    position: row.position,
    retired: row.retired_at !== null,
  };
}

async function requireField(db: Kysely<DB>, id: number): Promise<fields.FieldRow> {
  const row = await fields.getField(db, id);
  if (!row) throw notFound('Field');
  return row;
}

/** Another field in use (not retired) with a name that folds alike. */
async function nameTaken(db: Kysely<DB>, name: string, except: number | null): Promise<boolean> {
  const active = await fields.listFields(db, false);
  return active.some((f) => f.id !== except && fold(f.name) === fold(name));
}

function duplicateLabel(labels: readonly string[]): number {
  const seen = new Set<string>();
  for (const [i, label] of labels.entries()) {
    const key = fold(label) || label.toLowerCase();
    if (seen.has(key)) return i;
    seen.add(key);
  }
  return -1;
}

/** Every field in use, with this customer's value (null when unset). */
export async function fieldsWithValues(db: Kysely<DB>, customerId: number): Promise<FieldWithValue[]> {
  const [defs, values] = [await fields.listFields(db, false), await fields.valuesOf(db, customerId)];
  const byField = new Map(values.map((v) => [v.field_id, v.value]));
  return defs.map((f) => {
    const stored = byField.get(f.id);
    return { field: toField(f), value: stored === undefined ? null : fieldValueOf(f, stored) };
  });
}

export const fieldHandlers = {
  async 'fields.list'({ archive }, { includeRetired }) {
    return (await fields.listFields(archive.db, includeRetired)).map(toField);
  },

  async 'fields.define'({ archive, clock }, { name, kind, options }) {
    const now = clock();
    if (kind === 'choice' && options.length === 0) throw fieldError('options', 'required');
    if (kind !== 'choice' && options.length > 0) throw fieldError('options', 'invalid');
    const dup = duplicateLabel(options);
    if (dup >= 0) throw fieldError(`options.${dup}`, 'duplicate');
    return toField(await writeTransaction(archive.db, async (trx) => {
      if (await nameTaken(trx, name, null)) throw fieldError('name', 'duplicate');
      return fields.insertField(trx, { name, kind, options: options.map((label, i) => ({ id: i + 1, label })) }, now);
    }));
  },

  async 'fields.update'({ archive, clock }, { id, name, options }) {
    const now = clock();
    return toField(await writeTransaction(archive.db, async (trx) => {
      const before = await requireField(trx, id);
      if (await nameTaken(trx, name, id)) throw fieldError('name', 'duplicate');
      if (options === null) return fields.updateField(trx, id, { name }, now);
      if (before.kind !== 'choice') throw fieldError('options', 'invalid');
      const old = fields.optionsOf(before);
      const dup = duplicateLabel(options.map((o) => o.label));
      if (dup >= 0) throw fieldError(`options.${dup}`, 'duplicate');
      for (const [i, o] of options.entries()) {
        if (o.id !== null && !old.some((p) => p.id === o.id)) throw fieldError(`options.${i}`, 'invalid');
      }
      const kept = new Set(options.flatMap((o) => (o.id === null ? [] : [o.id])));
      const use = await fields.optionUse(trx, id);
      for (const gone of old.filter((o) => !kept.has(o.id))) {
        const count = use.get(String(gone.id)) ?? 0;
        if (count > 0) throw fieldError('options', 'option_in_use', { label: gone.label, count });
      }
      let nextId = Math.max(0, ...old.map((o) => o.id)) + 1;
      const next = options.map((o) => ({ id: o.id ?? nextId++, label: o.label }));
      const row = await fields.updateField(trx, id, { name, options: next }, now);
      for (const o of next) {
        const was = old.find((p) => p.id === o.id);
        if (was && was.label !== o.label) await fields.reindexOption(trx, row, o.id);
      }
      return row;
    }));
  },

  async 'fields.retire'({ archive, clock }, { id, retired }) {
    const now = clock();
    return toField(await writeTransaction(archive.db, async (trx) => {
      const before = await requireField(trx, id);
      if ((before.retired_at !== null) === retired) return before;
      // Back in use under a name another field took meanwhile: refused, rename one first.
      if (!retired && (await nameTaken(trx, before.name, id))) throw fieldError('name', 'duplicate');
      return fields.updateField(trx, id, { retired_at: retired ? now : null }, now);
    }));
  },

  async 'fields.values'({ archive }, { customerId }) {
    await requireCustomerRow(archive.db, customerId);
    return fieldsWithValues(archive.db, customerId);
  },

  async 'fields.setValues'({ archive, clock }, { customerId, values }) {
    const now = clock();
    return writeTransaction(archive.db, async (trx) => {
      await requireCustomerRow(trx, customerId);
      const defs = new Map((await fields.listFields(trx, false)).map((f) => [f.id, f]));
      const issues: Record<string, FieldIssue> = {};
      const writes: { field: fields.FieldRow; stored: string | null }[] = [];
      for (const [key, raw] of Object.entries(values)) {
        const field = defs.get(Number(key));
        const parsed = field ? parseFieldValue(field, raw) : ({ ok: false, code: 'invalid' } as const);
        if (!parsed.ok) issues[`values.${key}`] = { code: parsed.code };
        else writes.push({ field: field!, stored: parsed.stored });
      }
      if (Object.keys(issues).length > 0) throw new AppError('validation', 'Some fields need attention', undefined, issues);
      for (const w of writes) await fields.setValue(trx, customerId, w.field, w.stored, now);
      return fieldsWithValues(trx, customerId);
    });
  },
} satisfies HandlerMap<'fields.list' | 'fields.define' | 'fields.update' | 'fields.retire' | 'fields.values' | 'fields.setValues'>;
