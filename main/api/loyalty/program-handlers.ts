import * as repo from '../../../db/loyalty/repo.js';
import { writeTransaction } from '../../../db/transaction.js';
import { notFound } from '../errors.js';
import type { HandlerMap } from '../handler-types.js';
import { loadProgram, toReward } from './service.js';

export const programHandlers = {
  async 'loyalty.program'({ archive, clock }) {
    const now = clock();
    return {
      program: await loadProgram(archive.db),
      rewards: (await repo.listRewards(archive.db)).map((r) => toReward(r, now)),
    };
  },

  async 'loyalty.updateProgram'({ archive, clock }, config) {
    // A new version, never an edit: what was earned under the old one stays as it was.
    await writeTransaction(archive.db, async (trx) => {
      const current = await loadProgram(trx);
      const { id: _id, unit: _unit, createdAt: _at, ...currentConfig } = current;
      if (JSON.stringify(currentConfig) !== JSON.stringify(config)) await repo.insertProgram(trx, JSON.stringify(config), clock());
    });
    return loadProgram(archive.db);
  },

  async 'loyalty.saveReward'({ archive, clock }, input) {
    const now = clock();
    const values = {
      name: input.name,
      cost: input.cost,
      kind: input.kind,
      value: input.kind === 'free_item' ? 0 : input.value,
      active_from: input.activeFrom,
      active_to: input.activeTo,
      updated_at: now,
    };
    const row = input.id === null
      ? await repo.insertReward(archive.db, { ...values, created_at: now })
      : await repo.updateReward(archive.db, input.id, values);
    if (!row) throw notFound('Reward');
    return toReward(row, now);
  },

  async 'loyalty.retireReward'({ archive, clock }, { id, retired }) {
    const now = clock();
    const row = await repo.updateReward(archive.db, id, { retired_at: retired ? now : null, updated_at: now });
    if (!row) throw notFound('Reward');
    return toReward(row, now);
  },
} satisfies HandlerMap<'loyalty.program' | 'loyalty.updateProgram' | 'loyalty.saveReward' | 'loyalty.retireReward'>;
