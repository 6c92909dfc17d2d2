import type { HandlerMap } from './handler-types.js';
import { appHandlers } from './app/handlers.js';
import { customerHandlers } from './customers/handlers.js';
import { settingsHandlers } from './settings/handlers.js';
import { counterHandlers } from './loyalty/counter-handlers.js';
import { programHandlers } from './loyalty/program-handlers.js';
import { readHandlers } from './loyalty/read-handlers.js';
import { receiptHandlers } from './receipts/handlers.js';

// One map per domain, joined here; the type makes a missing handler a compile error.
export const handlers: HandlerMap = {
  ...appHandlers,
  ...settingsHandlers,
  ...customerHandlers,
  ...programHandlers,
  ...readHandlers,
  ...counterHandlers,
  ...receiptHandlers,
};
