import { z } from 'zod';
import { call, type CallDef } from '../contract-kit.js';
import type { CHANGES_CALLS } from './calls.js';
import type { ChangesPage } from './types.js';

/** The longest a long-poll waits: below every timeout between the renderer and here. */
export const MAX_WAIT_MS = 25_000;

export const changesContract = {
  /**
   * A long-poll: answers at once when something changed after `after` (or it is null, or
   * missed), else when the next change comes, else after waitMs with none.
   */
  'app.changes': call<ChangesPage>()(z.object({
    after: z.string({ error: 'invalid' }).max(64, { error: 'invalid' }).nullable().default(null),
    waitMs: z.number({ error: 'invalid' }).int({ error: 'invalid' }).min(0, { error: 'out_of_range' }).max(MAX_WAIT_MS, { error: 'out_of_range' }).default(MAX_WAIT_MS),
  }).strict()),
} satisfies { [N in (typeof CHANGES_CALLS)[number]]: CallDef<z.ZodType, unknown> };
