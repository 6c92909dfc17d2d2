// Where a loyalty handler's time goes: the steps the handlers take, each called on its own
// through the same repo and service functions (Kysely, statement cache and all), on the
// customers of the measured run.
import * as repo from '../db/loyalty/repo.js';
import { markSeen } from '../db/customers/repo.js';
import { refreshVisitStats } from '../db/memory/visit-stats.js';
import { writeTransaction } from '../db/transaction.js';
import { buildSummary, loadProgram, requireCustomer, YEAR_MS } from '../main/api/loyalty/service.js';
import { expiryDue, monthsBefore } from '../main/core/loyalty/rules.js';
import type { Services } from '../main/node/services.js';
import type { SampleGroup, StepTiming } from './loyalty-report.js';
import { round, summarise } from './stats.js';

interface Who {
  group: SampleGroup;
  customer: number;
}

export async function profileSteps(services: Services, samples: readonly Who[], clock: () => number): Promise<StepTiming[]> {
  const db = services.archive.db;
  const program = await loadProgram(db);
  const steps: [string, (customer: number) => Promise<unknown>][] = [
    ['requireCustomer (customer row)', (c) => requireCustomer(db, c)],
    ['loadProgram', () => loadProgram(db)],
    ['applyExpiry: load all entries + expiryDue', async (c) => {
      const entries = await repo.entriesOf(db, c);
      return expiryDue(entries.map((e) => ({ id: e.id, amount: e.amount, createdAt: e.created_at, reversesId: e.reverses_id })), monthsBefore(clock(), program.expiryMonths ?? 12));
    }],
    ['multiplierFor: spendSince', (c) => repo.spendSince(db, c, clock() - YEAR_MS)],
    ['carryCents', (c) => repo.carryCents(db, c)],
    ['refreshVisitStats (in insertVisit: all visits again), own transaction', (c) => writeTransaction(db, (trx) => refreshVisitStats(trx, c, clock()))],
    ['markSeen (re-index in the search tables), own transaction', (c) => writeTransaction(db, (trx) => markSeen(trx, c, clock()))],
    ['buildSummary (whole)', (c) => buildSummary(db, c, clock())],
    ['buildSummary: visitsOf (all visits)', (c) => repo.visitsOf(db, c)],
    ['buildSummary: entriesOf (all entries)', (c) => repo.entriesOf(db, c)],
    ['buildSummary: balanceOf + listRewards', async (c) => [await repo.balanceOf(db, c), await repo.listRewards(db)]],
  ];
  const out: StepTiming[] = [];
  for (const [step, run] of steps) {
    const ms: Record<string, number[]> = {};
    for (const s of samples) {
      const t0 = performance.now();
      await run(s.customer);
      (ms[s.group] ??= []).push(performance.now() - t0);
    }
    for (const [group, list] of Object.entries(ms)) {
      const l = summarise(list);
      out.push({ step, group: group as SampleGroup, p50: round(l.p50, 4), p99: round(l.p99, 4), mean: round(l.mean, 4) });
    }
  }
  return out;
}
