import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import * as facts from '../../../db/memory/facts.js';
import { writeTransaction } from '../../../db/transaction.js';
import { fieldError, notFound } from '../errors.js';
import type { HandlerMap } from '../handler-types.js';
import { requireCustomerRow, staffOf } from '../memory/common.js';
import { MAX_FACTS, type Fact } from './schema.js';

// Every call answers with the customer's whole list, in order: it is short, and the
// profile shows all of it.

export function toFact(row: facts.FactRow): Fact {
  return {
    id: row.id,
    customerId: row.customer_id,
    text: row.text,
    position: row.position,
    staff: row.staff,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function factList(db: Kysely<DB>, customerId: number): Promise<Fact[]> {
  return (await facts.factsOf(db, customerId)).map(toFact);
}

async function requireFact(db: Kysely<DB>, id: number): Promise<facts.FactRow> {
  const row = await facts.getFact(db, id);
  if (!row) throw notFound('Fact');
  return row;
}

export const factHandlers = {
  async 'facts.list'({ archive }, { customerId }) {
    await requireCustomerRow(archive.db, customerId);
    return factList(archive.db, customerId);
  },

  async 'facts.add'(deps, { customerId, text, staff }) {
    const now = deps.clock();
    const who = staffOf(deps, staff);
    return writeTransaction(deps.archive.db, async (trx) => {
      await requireCustomerRow(trx, customerId);
      if ((await facts.factsOf(trx, customerId)).length >= MAX_FACTS) throw fieldError('text', 'too_many', { max: MAX_FACTS });
      await facts.insertFact(trx, customerId, text, who, now);
      return factList(trx, customerId);
    });
  },

  async 'facts.edit'(deps, { id, text, staff }) {
    const now = deps.clock();
    const who = staffOf(deps, staff);
    return writeTransaction(deps.archive.db, async (trx) => {
      const row = await requireFact(trx, id);
      if (row.text !== text) await facts.updateFact(trx, row, text, who, now);
      return factList(trx, row.customer_id);
    });
  },

  async 'facts.delete'({ archive }, { id }) {
    return writeTransaction(archive.db, async (trx) => {
      const row = await requireFact(trx, id);
      await facts.deleteFact(trx, id);
      return factList(trx, row.customer_id);
    });
  },

  async 'facts.reorder'({ archive }, { customerId, ids }) {
    return writeTransaction(archive.db, async (trx) => {
      await requireCustomerRow(trx, customerId);
      const current = (await facts.factsOf(trx, customerId)).map((f) => f.id);
      const same = ids.length === current.length && new Set(ids).size === ids.length && ids.every((i) => current.includes(i));
      if (!same) throw fieldError('ids', 'invalid');
      await facts.setFactPositions(trx, ids);
      return factList(trx, customerId);
    });
  },
} satisfies HandlerMap<'facts.list' | 'facts.add' | 'facts.edit' | 'facts.delete' | 'facts.reorder'>;
