// Where a loyalty handler's time goes: the service and repo functions the counter handlers
// call, each called on its own (Kysely, statement cache and all), on the customers of the
// measured run. Writes go to the run's copy, each in its own transaction.
import * as repo from '../db/loyalty/repo.js';
import { markSeen } from '../db/customers/repo.js';
import { refreshVisitStats } from '../db/memory/visit-stats.js';
import { writeTransaction } from '../db/transaction.js';
import { applyExpiry, buildSummary, loadProgram, multiplierFor, requireCustomer } from '../main/api/loyalty/service.js';
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
    ['applyExpiry, own transaction', (c) => writeTransaction(db, (trx) => applyExpiry(trx, c, program, clock()))],
    ['multiplierFor (tier: spend over a year)', (c) => multiplierFor(db, c, program, clock())],
    ['carryCents', (c) => repo.carryCents(db, c)],
    ['refreshVisitStats (in insertVisit), own transaction', (c) => writeTransaction(db, (trx) => refreshVisitStats(trx, c, clock()))],
    ['markSeen (re-keys the search tables; opening a profile), own transaction', (c) => writeTransaction(db, (trx) => markSeen(trx, c, clock()))],
    ['buildSummary', (c) => buildSummary(db, c, clock())],
    ['entriesOf (a whole ledger history, for scale)', (c) => repo.entriesOf(db, c)],
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
