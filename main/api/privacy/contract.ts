import type { z } from 'zod';
import type { CallDef } from '../contract-kit.js';
import type { PRIVACY_CALLS } from './calls.js';

export const privacyContract = {} satisfies { [N in (typeof PRIVACY_CALLS)[number]]: CallDef<z.ZodType, unknown> };
