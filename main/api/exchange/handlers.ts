import type { HandlerMap } from '../handler-types.js';
import type { EXCHANGE_CALLS } from './calls.js';

export const exchangeHandlers: HandlerMap<(typeof EXCHANGE_CALLS)[number]> = {};
