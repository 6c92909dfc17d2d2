import type { z } from 'zod';
import type { CallDef } from '../contract-kit.js';
import type { BACKUP_CALLS } from './calls.js';

export const backupContract = {} satisfies { [N in (typeof BACKUP_CALLS)[number]]: CallDef<z.ZodType, unknown> };
