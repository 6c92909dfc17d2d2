import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import * as repo from '../../../db/loyalty/repo.js';
import { findRowsThroughIndexes, sqlState, writeTransaction } from '../../../db/transaction.js';
import { earn } from '../../core/loyalty/rules.js';
import { MAX_AMOUNT_CENTS, parseAmount } from '../../core/money.js';
import { formatMoney } from '../../core/receipts/labels.js';
import { AppError } from '../errors.js';
import type { Deps } from '../deps.js';
import type { HandlerMap } from '../handler-types.js';
import { applyExpiry, buildSummary, loadProgram, multiplierFor, requireCustomer, toReward, visitInfo } from './service.js';
import type { CounterResult } from './schema.js';

// What happens at the counter. Every action is one immediate write transaction: it waits
// for another till's write to finish, then decides on the balance that write left.

const CODE_ALPHABET = 'ACDEFHJKLMNPRTUVWXY3479';

function redemptionCode(random: () => number): string {
  let code = '';
  for (let i = 0; i < 6; i++) code += CODE_ALPHABET[random() % CODE_ALPHABET.length];
  return code;
}

function insufficient(balance: number, needed: number): AppError {
  return new AppError('insufficient_balance', `Balance ${balance} is less than ${needed}`, { balance, needed });
}

interface Sale {
  kind: 'purchase' | 'visit';
  amountCents: number;
  description: string;
  /** The till's key for this attempt at the sale (contract: saleKey). */
  idempotencyKey: string | undefined;
}

/**
 * Records a purchase or visit, once per idempotency key: a sale rung up again after the
 * till lost its answer (`archive_unreachable` while the COMMIT had reached the server, a
 * double click) is answered as the first time and writes nothing.
 */
async function record({ archive, clock }: Deps, customerId: number, sale: Sale): Promise<CounterResult> {
  const now = clock();
  const write = () => writeTransaction(archive.db, async (trx) => {
    // Sales of different customers at several tills must not collide on a young shop's small tables.
    await findRowsThroughIndexes(trx);
    if (sale.idempotencyKey !== undefined) {
      const earlier = await repo.visitByIdempotencyKey(trx, sale.idempotencyKey);
      if (earlier) return answerAgain(trx, customerId, sale, earlier);
    }
    await requireCustomer(trx, customerId);
    const program = await loadProgram(trx);
    const expired = await applyExpiry(trx, customerId, program, now);
    const multiplierPercent = await multiplierFor(trx, customerId, program, now);
    const carryBefore = await repo.carryCents(trx, customerId);
    const { earned, carryCents } = earn(program.rule, { kind: sale.kind, amountCents: sale.amountCents, carryCents: carryBefore, multiplierPercent });
    const row = await repo.insertVisit(trx, {
      customer_id: customerId,
      kind: sale.kind,
      amount_cents: sale.amountCents,
      description: sale.description,
      carry_cents: carryCents,
      occurred_at: now,
      idempotency_key: sale.idempotencyKey ?? null,
    });
    if (earned > 0) {
      await repo.appendEntry(trx, { customer_id: customerId, kind: 'earn', amount: earned, visit_id: row.id, program_id: program.id, created_at: now });
    }
    // No re-keying of the search index here: opening the profile already marked the
    // customer seen, and FTS5's occasional segment merges do not belong in a sale.
    return { row, earned, expired, undone: false };
  });
  const done = await write().catch((error: unknown) => {
    // Another till recorded the same key between our look and our insert, and its
    // transaction committed first: the unique index refused ours (PostgreSQL reports it as
    // a unique violation, not always as a serialization conflict that writeTransaction
    // retries). Run again: the look now finds the other till's sale and answers it.
    if (!isSaleKeyTaken(error)) throw error;
    return write();
  });
  return {
    visit: visitInfo(done.row, done.earned, done.undone),
    earned: done.earned,
    expired: done.expired,
    summary: await buildSummary(archive.db, customerId, now),
  };
}

/** The sale recorded earlier with this key, answered as it was; the same key for another sale is refused at the field. */
async function answerAgain(trx: Kysely<DB>, customerId: number, sale: Sale, earlier: repo.VisitRow) {
  const same = earlier.customer_id === customerId && earlier.kind === sale.kind
    && earlier.amount_cents === sale.amountCents && earlier.description === sale.description;
  if (!same) throw new AppError('validation', 'Idempotency key reused for another sale', undefined, { idempotencyKey: { code: 'invalid' } });
  return {
    row: earlier,
    earned: (await repo.earnEntryForVisit(trx, earlier.id))?.amount ?? 0,
    // Expiry is written at the sale's own moment (applyExpiry with the sale's `now`).
    expired: await repo.expiredAt(trx, customerId, earlier.occurred_at),
    undone: await repo.isVisitReversed(trx, earlier.id),
  };
}

/** The unique index on the sale's key (migration 020) refused an insert. */
function isSaleKeyTaken(error: unknown): boolean {
  return sqlState(error) === '23505' && (error as Error & { constraint?: unknown }).constraint === 'visits_idempotency_key';
}

async function previousCarry(db: Kysely<DB>, customerId: number, beforeId: number): Promise<number> {
  const rows = await repo.visitsOf(db, customerId);
  return rows.filter((v) => v.id < beforeId).at(-1)?.carry_cents ?? 0;
}

export const counterHandlers = {
  async 'loyalty.recordPurchase'(deps, { customerId, amount, locale, description, idempotencyKey }) {
    const parsed = parseAmount(amount, locale);
    if (!parsed.ok) {
      // The limit in the language the amount was typed in: "€100,000.00", "€ 100.000,00".
      const max = formatMoney(MAX_AMOUNT_CENTS, locale);
      throw new AppError('validation', 'Amount not accepted', undefined, { amount: { code: parsed.problem, params: { max } } });
    }
    return record(deps, customerId, { kind: 'purchase', amountCents: parsed.cents, description, idempotencyKey });
  },

  async 'loyalty.recordVisit'(deps, { customerId, description, idempotencyKey }) {
    return record(deps, customerId, { kind: 'visit', amountCents: 0, description, idempotencyKey });
  },

  async 'loyalty.undoLast'({ archive, clock }, { customerId, visitId }) {
    const now = clock();
    await writeTransaction(archive.db, async (trx) => {
      await requireCustomer(trx, customerId);
      const last = await repo.lastVisit(trx, customerId);
      // Only the newest entry, once: a second click or a stale screen must not undo another.
      if (!last || last.id !== visitId || (await repo.isVisitReversed(trx, last.id))) {
        throw new AppError('not_undoable', 'Only the last purchase or visit can be undone, once');
      }
      const earnEntry = await repo.earnEntryForVisit(trx, last.id);
      const balance = await repo.balanceOf(trx, customerId);
      if (earnEntry && balance < earnEntry.amount) throw insufficient(balance, earnEntry.amount);
      await repo.insertVisit(trx, {
        customer_id: customerId,
        kind: last.kind,
        amount_cents: -last.amount_cents,
        description: last.description,
        carry_cents: await previousCarry(trx, customerId, last.id),
        reverses_id: last.id,
        occurred_at: now,
      });
      if (earnEntry) {
        await repo.appendEntry(trx, { customer_id: customerId, kind: 'reverse', amount: -earnEntry.amount, reverses_id: earnEntry.id, created_at: now });
      }
    });
    return buildSummary(archive.db, customerId, now);
  },

  async 'loyalty.redeem'({ archive, clock, random }, { customerId, rewardId, idempotencyKey }) {
    const now = clock();
    const entry = await writeTransaction(archive.db, async (trx) => {
      const earlier = await repo.entryByIdempotencyKey(trx, idempotencyKey);
      if (earlier) {
        // The same request again (a double click, a repeated call): answer as before.
        if (earlier.customer_id === customerId && earlier.reward_id === rewardId) return earlier;
        throw new AppError('validation', 'Idempotency key reused for another redemption', undefined, { idempotencyKey: { code: 'invalid' } });
      }
      await requireCustomer(trx, customerId);
      const program = await loadProgram(trx);
      await applyExpiry(trx, customerId, program, now);
      const row = await repo.getReward(trx, rewardId);
      if (!row || !toReward(row, now).availableNow) throw new AppError('reward_unavailable', 'This reward is not on offer');
      const balance = await repo.balanceOf(trx, customerId);
      if (balance < row.cost) throw insufficient(balance, row.cost);
      return repo.appendEntry(trx, {
        customer_id: customerId,
        kind: 'redeem',
        amount: -row.cost,
        reward_id: row.id,
        program_id: program.id,
        code: redemptionCode(random),
        idempotency_key: idempotencyKey,
        created_at: now,
      });
    });
    const reward = toReward((await repo.getReward(archive.db, entry.reward_id!))!, now);
    return { entryId: entry.id, code: entry.code!, reward, cost: -entry.amount, summary: await buildSummary(archive.db, customerId, now) };
  },

  async 'loyalty.adjust'({ archive, clock }, { customerId, amount, reason }) {
    const now = clock();
    await writeTransaction(archive.db, async (trx) => {
      await requireCustomer(trx, customerId);
      const balance = await repo.balanceOf(trx, customerId);
      if (balance + amount < 0) throw insufficient(balance, -amount);
      await repo.appendEntry(trx, { customer_id: customerId, kind: 'adjust', amount, reason, created_at: now });
    });
    return buildSummary(archive.db, customerId, now);
  },

  async 'loyalty.migrate'({ archive, clock }, { customerId, amount, reason }) {
    const now = clock();
    await writeTransaction(archive.db, async (trx) => {
      await requireCustomer(trx, customerId);
      await repo.appendEntry(trx, { customer_id: customerId, kind: 'migrate', amount, reason, created_at: now });
    });
    return buildSummary(archive.db, customerId, now);
  },
} satisfies HandlerMap<
  'loyalty.recordPurchase' | 'loyalty.recordVisit' | 'loyalty.undoLast' | 'loyalty.redeem' | 'loyalty.adjust' | 'loyalty.migrate'
>;
