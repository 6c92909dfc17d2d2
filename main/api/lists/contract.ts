import type { z } from 'zod';
import type { CallDef } from '../contract-kit.js';
import type { LISTS_CALLS } from './calls.js';

export const listsContract = {} satisfies { [N in (typeof LISTS_CALLS)[number]]: CallDef<z.ZodType, unknown> };
