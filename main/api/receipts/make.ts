import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import * as receipts from '../../../db/receipts/repo.js';
import * as loyalty from '../../../db/loyalty/repo.js';
import { getCustomerRow } from '../../../db/customers/repo.js';
import {
  loyaltyReceipt, memberCardReceipt, redemptionReceipt, testReceipt,
  type ReceiptContext, type ReceiptCustomer, type RewardOffer,
} from '../../core/receipts/build.js';
import { displayName } from '../customers/mappers.js';
import { notFound } from '../errors.js';
import type { Deps } from '../deps.js';
import { loadProgram, toReward } from '../loyalty/service.js';
import type { Receipt, ReceiptSource } from './schema.js';

// A receipt made from what the archive says about its source, as it stood then: a
// reprint of last month's purchase shows last month's balance.

export interface Made {
  receipt: Receipt;
  customerId: number | null;
  sourceId: number | null;
}

async function customerOf(db: Kysely<DB>, id: number): Promise<ReceiptCustomer> {
  const row = await getCustomerRow(db, id);
  if (!row) throw notFound('Customer');
  return {
    name: displayName(row),
    cardNumber: row.card_number,
    birthday: row.birthday_day !== null && row.birthday_month !== null ? { day: row.birthday_day, month: row.birthday_month } : null,
  };
}

async function offers(db: Kysely<DB>, now: number): Promise<RewardOffer[]> {
  return (await loyalty.listRewards(db)).map((r) => toReward(r, now)).filter((r) => r.availableNow).map((r) => ({ name: r.name, cost: r.cost }));
}

export async function makeReceipt(deps: Deps, source: ReceiptSource): Promise<Made> {
  const db = deps.archive.db;
  const settings = deps.settings.get();
  const now = deps.clock();
  const ctx: ReceiptContext = { language: settings.language, now, shopName: settings.shopName, receipt: settings.receipt };

  switch (source.kind) {
    case 'loyalty': {
      const visit = await receipts.getVisit(db, source.visitId);
      // An undo, or a purchase that was undone, has no slip to give: its points are gone.
      if (!visit || visit.reverses_id !== null || (await loyalty.isVisitReversed(db, visit.id))) throw notFound('Purchase or visit');
      const program = await loadProgram(db);
      const earn = await loyalty.earnEntryForVisit(db, visit.id);
      const balance = earn
        ? await receipts.balanceThroughEntry(db, visit.customer_id, earn.id)
        : await receipts.balanceAt(db, visit.customer_id, visit.occurred_at);
      const receipt = loyaltyReceipt(ctx, {
        customer: await customerOf(db, visit.customer_id),
        visit: { kind: visit.kind, amountCents: visit.amount_cents, description: visit.description, at: visit.occurred_at },
        previousVisitAt: await receipts.previousVisitAt(db, visit.customer_id, visit.id),
        unit: program.unit,
        earned: earn?.amount ?? 0,
        balance,
        cardSize: program.cardSize,
        rewards: await offers(db, now),
      });
      return { receipt, customerId: visit.customer_id, sourceId: visit.id };
    }
    case 'redemption': {
      const entry = await receipts.getEntry(db, source.entryId);
      if (!entry || entry.kind !== 'redeem' || entry.reward_id === null) throw notFound('Redemption');
      const program = await loadProgram(db);
      const reward = await loyalty.getReward(db, entry.reward_id);
      const receipt = redemptionReceipt(ctx, {
        customer: await customerOf(db, entry.customer_id),
        at: entry.created_at,
        unit: program.unit,
        reward: reward?.name ?? '',
        cost: -entry.amount,
        code: entry.code ?? '',
        balance: await receipts.balanceThroughEntry(db, entry.customer_id, entry.id),
        cardSize: program.cardSize,
      });
      return { receipt, customerId: entry.customer_id, sourceId: entry.id };
    }
    case 'member_card': {
      const program = await loadProgram(db);
      const receipt = memberCardReceipt(ctx, { customer: await customerOf(db, source.customerId), unit: program.unit });
      return { receipt, customerId: source.customerId, sourceId: source.customerId };
    }
    case 'test':
      return { receipt: testReceipt(ctx), customerId: null, sourceId: null };
  }
}
