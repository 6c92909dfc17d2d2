import type { HandlerMap } from '../handler-types.js';
import type { BACKUP_CALLS } from './calls.js';

export const backupHandlers: HandlerMap<(typeof BACKUP_CALLS)[number]> = {};
