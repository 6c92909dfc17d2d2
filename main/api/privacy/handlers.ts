import type { HandlerMap } from '../handler-types.js';
import type { PRIVACY_CALLS } from './calls.js';

export const privacyHandlers: HandlerMap<(typeof PRIVACY_CALLS)[number]> = {};
