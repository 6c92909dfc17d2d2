import type { HandlerMap } from '../handler-types.js';
import type { LISTS_CALLS } from './calls.js';

export const listsHandlers: HandlerMap<(typeof LISTS_CALLS)[number]> = {};
