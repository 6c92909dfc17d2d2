import type { HandlerMap } from '../handler-types.js';
import type { INSIGHTS_CALLS } from './calls.js';

export const insightsHandlers: HandlerMap<(typeof INSIGHTS_CALLS)[number]> = {};
