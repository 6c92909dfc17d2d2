import * as repo from '../../../db/loyalty/repo.js';
import { writeTransaction } from '../../../db/transaction.js';
import { monthsBefore } from '../../core/loyalty/rules.js';
import type { Deps } from '../deps.js';
import { applyExpiry, loadProgram } from './service.js';

const BATCH = 200;

/**
 * Expires what is due for every customer, not only those who come in: otherwise a
 * customer who stopped coming would keep points forever in the shop's figures.
 * Short transactions, so the counter is never kept waiting behind it.
 */
export async function expireAllDue({ archive, clock }: Deps): Promise<{ customers: number; expired: number }> {
  const now = clock();
  const program = await loadProgram(archive.db);
  if (program.expiryMonths === null) return { customers: 0, expired: 0 };
  const candidates = await repo.expiryCandidates(archive.db, monthsBefore(now, program.expiryMonths));
  let customers = 0;
  let expired = 0;
  for (let i = 0; i < candidates.length; i += BATCH) {
    await writeTransaction(archive.db, async (trx) => {
      for (const id of candidates.slice(i, i + BATCH)) {
        const amount = await applyExpiry(trx, id, program, now);
        if (amount > 0) {
          customers++;
          expired += amount;
        }
      }
    });
  }
  return { customers, expired };
}
