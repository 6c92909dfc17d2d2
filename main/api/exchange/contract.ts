import type { z } from 'zod';
import type { CallDef } from '../contract-kit.js';
import type { EXCHANGE_CALLS } from './calls.js';

export const exchangeContract = {} satisfies { [N in (typeof EXCHANGE_CALLS)[number]]: CallDef<z.ZodType, unknown> };
