import { z } from 'zod';
import { id } from '../contract-kit.js';
import { LAYERS } from '../../core/insights/layers.js';
import { monthsIn, parseMonth } from '../../core/insights/months.js';

// Inputs of the insights calls. A period is a range of whole months ('YYYY-MM' to
// 'YYYY-MM', both included); left out, the shop's default period (the last 12 months,
// this month included).

export const MAX_PERIOD_MONTHS = 60;

const month = z.string({ error: 'invalid' }).refine((text) => parseMonth(text) !== null, { error: 'invalid_date' });

export const periodInput = z
  .object({ from: month, to: month })
  .superRefine((p, ctx) => {
    const from = parseMonth(p.from);
    const to = parseMonth(p.to);
    if (from === null || to === null) return;
    if (to < from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'out_of_range' });
    else if (monthsIn({ from, to }) > MAX_PERIOD_MONTHS) ctx.addIssue({ code: 'custom', path: ['from'], message: 'out_of_range' });
  })
  .nullable()
  .default(null);

const layer = z.enum(LAYERS, { error: 'invalid_choice' });
const offset = z.number({ error: 'invalid' }).int({ error: 'invalid' }).min(0, { error: 'out_of_range' }).default(0);
const limit = (max: number, fallback: number) =>
  z.number({ error: 'invalid' }).int({ error: 'invalid' }).min(1, { error: 'out_of_range' }).max(max, { error: 'out_of_range' }).default(fallback);

export const pyramidInput = z.object({ period: periodInput });

export const layerInput = z.object({ layer, period: periodInput, offset, limit: limit(500, 50) });

export const exportInput = z.object({
  layer,
  period: periodInput,
  /** list: the layer's figures; contacts: how to reach them, only those who consented to offers. */
  kind: z.enum(['list', 'contacts'], { error: 'invalid_choice' }),
});

export const movementInput = z.object({ period: periodInput });

export const moversInput = z.object({
  kind: z.enum(['new', 'returned', 'up', 'down', 'lapsed'], { error: 'invalid_choice' }),
  period: periodInput,
  offset,
  limit: limit(500, 50),
});

export const overdueInput = z.object({
  /** Only those who became overdue in the last this many days; null: whenever. */
  withinDays: z.number({ error: 'invalid' }).int({ error: 'invalid' }).min(1, { error: 'out_of_range' }).max(3650, { error: 'out_of_range' })
    .nullable().default(60),
  offset,
  limit: limit(500, 50),
});

export const standingInput = z.object({ customerId: id });

const percent = z.number({ error: 'invalid' }).int({ error: 'invalid' }).min(1, { error: 'out_of_range' }).max(99, { error: 'out_of_range' });

export const settingsInput = z
  .object({
    /** Cumulative revenue shares in whole percents: top < large < medium. */
    cutoffs: z.object({ top: percent, large: percent, medium: percent }),
    periodMonths: z.number({ error: 'invalid' }).int({ error: 'invalid' }).min(1, { error: 'out_of_range' }).max(36, { error: 'out_of_range' }),
  })
  .superRefine((s, ctx) => {
    if (s.cutoffs.large <= s.cutoffs.top) ctx.addIssue({ code: 'custom', path: ['cutoffs', 'large'], message: 'out_of_range' });
    if (s.cutoffs.medium <= s.cutoffs.large) ctx.addIssue({ code: 'custom', path: ['cutoffs', 'medium'], message: 'out_of_range' });
  });
