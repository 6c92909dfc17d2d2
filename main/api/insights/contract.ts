import type { z } from 'zod';
import type { CallDef } from '../contract-kit.js';
import type { INSIGHTS_CALLS } from './calls.js';

export const insightsContract = {} satisfies { [N in (typeof INSIGHTS_CALLS)[number]]: CallDef<z.ZodType, unknown> };
