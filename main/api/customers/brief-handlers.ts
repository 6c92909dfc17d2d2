import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import * as loyaltyRepo from '../../../db/loyalty/repo.js';
import * as entries from '../../../db/memory/entries.js';
import { lastVisitOf } from '../../../db/memory/last-visit.js';
import { followUpsOf } from '../../../db/memory/followups.js';
import * as referrals from '../../../db/memory/referrals.js';
import { writeTransaction } from '../../../db/transaction.js';
import { dayOf, daysBetween, parseDay } from '../../core/days.js';
import { cardProgress, tierFor } from '../../core/loyalty/rules.js';
import { fieldError } from '../errors.js';
import { factList } from '../facts/handlers.js';
import { fieldsWithValues } from '../fields/handlers.js';
import { toFollowUp } from '../followups/handlers.js';
import type { HandlerMap } from '../handler-types.js';
import { loadProgram, toReward, visitInfo, YEAR_MS } from '../loyalty/service.js';
import { requireCustomerRow, toRef } from '../memory/common.js';
import { toEntries } from '../notes/mappers.js';
import { tagsOf } from '../tags/handlers.js';
import { celebratedOn, windowDays } from '../today/birthdays.js';
import type { BriefLoyalty, Referrals } from './brief-schema.js';
import { displayName } from './mappers.js';
import type { Channel, CustomerLanguage } from './schema.js';

/** The loyalty part of the brief: the kept balance and the program, without reading the history. */
async function briefLoyalty(db: Kysely<DB>, customerId: number, now: number): Promise<BriefLoyalty> {
  const program = await loadProgram(db);
  const balance = await loyaltyRepo.balanceOf(db, customerId);
  const rewards = (await loyaltyRepo.listRewards(db))
    .map((r) => toReward(r, now))
    .filter((r) => r.availableNow)
    .sort((a, b) => a.cost - b.cost);
  const next = rewards.find((r) => r.cost > balance);
  const tier = program.tiers.length === 0 ? null : tierFor(program.tiers, await loyaltyRepo.spendSince(db, customerId, now - YEAR_MS));
  return {
    unit: program.unit,
    balance,
    cardSize: program.cardSize,
    card: cardProgress(balance, program.cardSize),
    tier: tier ? { name: tier.name, multiplierPercent: tier.multiplierPercent } : null,
    nextReward: next ? { rewardId: next.id, name: next.name, missing: next.cost - balance } : null,
    affordableRewards: rewards.filter((r) => r.cost <= balance).length,
  };
}

async function referralsOf(db: Kysely<DB>, id: number): Promise<Referrals> {
  const by = await referrals.referrerOf(db, id);
  const brought = await referrals.referredBy(db, id);
  return { referredBy: by ? toRef(by) : null, referred: brought.map((r) => ({ ...toRef(r), since: r.created_at })) };
}

export const briefHandlers = {
  async 'customers.brief'({ archive, clock }, { id }) {
    const db = archive.db;
    const now = clock();
    const row = await requireCustomerRow(db, id);

    const last = await lastVisitOf(db, id);
    const lastVisit = last ? visitInfo(last.row, last.earned, last.undone) : null;
    const [lastEntry] = await toEntries(db, await entries.timelinePage(db, id, null, 1, null));
    const open = await toEntries(db, await entries.openEntriesOf(db, id));

    const today = dayOf(now);
    const on = row.birthday_month === null ? null : celebratedOn(windowDays(today, 8), row.birthday_month, row.birthday_day!);
    const by = await referrals.referrerOf(db, id);

    return {
      customer: {
        id: row.id,
        displayName: displayName(row),
        givenName: row.given_name,
        salutation: row.salutation,
        language: row.language as CustomerLanguage,
        preferredChannel: row.preferred_channel as Channel | null,
        marketingConsent: row.marketing_consent === 1,
        cardNumber: row.card_number,
        lastSeenAt: row.last_seen_at,
        archived: row.archived_at !== null,
      },
      facts: await factList(db, id),
      tags: await tagsOf(db, id),
      fields: await fieldsWithValues(db, id),
      lastVisit,
      lastEntry: lastEntry ?? null,
      followUps: (await followUpsOf(db, id, 0)).open.map(toFollowUp),
      complaints: open.filter((e) => e.kind === 'complaint'),
      wishes: open.filter((e) => e.kind === 'wish'),
      birthday: on === null ? null : {
        on,
        inDays: daysBetween(today, on),
        turns: row.birth_year === null ? null : parseDay(on)!.year - row.birth_year,
      },
      loyalty: await briefLoyalty(db, id, now),
      referredBy: by ? toRef(by) : null,
      referralCount: await referrals.countReferred(db, id),
    };
  },

  async 'customers.setReferrer'({ archive, clock }, { id, referrerId }) {
    if (referrerId === id) throw fieldError('referrerId', 'self_referral');
    const now = clock();
    return writeTransaction(archive.db, async (trx) => {
      await requireCustomerRow(trx, id);
      if (referrerId !== null) {
        const exists = await trx.selectFrom('customers').select('id').where('id', '=', referrerId).executeTakeFirst();
        if (!exists) throw fieldError('referrerId', 'invalid');
      }
      await referrals.setReferrer(trx, id, referrerId, now);
      return referralsOf(trx, id);
    });
  },

  async 'customers.referrals'({ archive }, { id }) {
    await requireCustomerRow(archive.db, id);
    return referralsOf(archive.db, id);
  },
} satisfies HandlerMap<'customers.brief' | 'customers.setReferrer' | 'customers.referrals'>;
