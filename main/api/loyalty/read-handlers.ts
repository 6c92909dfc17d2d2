import * as repo from '../../../db/loyalty/repo.js';
import type { HandlerMap } from '../handler-types.js';
import { buildSummary, loadProgram, requireCustomer } from './service.js';
import type { HistoryItem } from './schema.js';

function startOfMonth(ms: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), 1).getTime();
}

export const readHandlers = {
  async 'loyalty.summary'({ archive, clock }, { customerId }) {
    await requireCustomer(archive.db, customerId);
    return buildSummary(archive.db, customerId, clock());
  },

  async 'loyalty.history'({ archive }, { customerId, limit }) {
    await requireCustomer(archive.db, customerId);
    const [visits, entries, rewards] = [
      await repo.visitsOf(archive.db, customerId),
      await repo.entriesOf(archive.db, customerId),
      await repo.listRewards(archive.db),
    ];
    const rewardName = new Map(rewards.map((r) => [r.id, r.name]));
    const byVisit = new Map(entries.filter((e) => e.visit_id !== null).map((e) => [e.visit_id!, e]));
    const reverseOf = new Map(entries.filter((e) => e.kind === 'reverse').map((e) => [e.reverses_id!, e]));
    const items: HistoryItem[] = [];
    for (const v of visits) {
      if (v.reverses_id !== null) {
        const earn = entries.find((e) => e.visit_id === v.reverses_id);
        const reversal = earn ? reverseOf.get(earn.id) : undefined;
        items.push({ key: `v${v.id}`, kind: 'undo', at: v.occurred_at, amountCents: v.amount_cents, points: reversal?.amount ?? 0, text: v.description, code: null, visitId: null, entryId: null });
      } else {
        items.push({ key: `v${v.id}`, kind: v.kind, at: v.occurred_at, amountCents: v.kind === 'purchase' ? v.amount_cents : null, points: byVisit.get(v.id)?.amount ?? 0, text: v.description, code: null, visitId: v.id, entryId: null });
      }
    }
    for (const e of entries) {
      if (e.kind === 'earn' || e.kind === 'reverse') continue;
      const text = e.kind === 'redeem' ? (rewardName.get(e.reward_id!) ?? '') : e.reason;
      items.push({ key: `l${e.id}`, kind: e.kind, at: e.created_at, amountCents: null, points: e.amount, text, code: e.code, visitId: null, entryId: e.kind === 'redeem' ? e.id : null });
    }
    items.sort((a, b) => b.at - a.at || b.key.localeCompare(a.key));
    return { items: items.slice(0, limit), total: items.length };
  },

  async 'loyalty.figures'({ archive, clock }) {
    const program = await loadProgram(archive.db);
    return {
      unit: program.unit,
      redeemedThisMonth: await repo.redeemedSince(archive.db, startOfMonth(clock())),
      outstanding: await repo.outstanding(archive.db),
    };
  },

  async 'loyalty.check'({ archive }) {
    const mismatches = await repo.balanceMismatches(archive.db);
    return { ok: mismatches.length === 0, customers: await repo.countBalances(archive.db), mismatches };
  },
} satisfies HandlerMap<'loyalty.summary' | 'loyalty.history' | 'loyalty.figures' | 'loyalty.check'>;
