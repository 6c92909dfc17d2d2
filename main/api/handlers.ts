import type { HandlerMap } from './handler-types.js';
import { appHandlers } from './app/handlers.js';
import { customerHandlers } from './customers/handlers.js';
import { settingsHandlers } from './settings/handlers.js';
import { counterHandlers } from './loyalty/counter-handlers.js';
import { programHandlers } from './loyalty/program-handlers.js';
import { readHandlers } from './loyalty/read-handlers.js';
import { receiptHandlers } from './receipts/handlers.js';
import { noteHandlers } from './notes/handlers.js';
import { factHandlers } from './facts/handlers.js';
import { tagHandlers } from './tags/handlers.js';
import { wishHandlers } from './wishes/handlers.js';
import { followUpHandlers } from './followups/handlers.js';
import { todayHandlers } from './today/handlers.js';
import { briefHandlers } from './customers/brief-handlers.js';
import { fieldHandlers } from './fields/handlers.js';
import { backupHandlers } from './backup/handlers.js';
import { exchangeHandlers } from './exchange/handlers.js';
import { privacyHandlers } from './privacy/handlers.js';
import { insightsHandlers } from './insights/handlers.js';
import { listsHandlers } from './lists/handlers.js';
import { archiveHandlers } from './archive/handlers.js';
import { changesHandlers } from './changes/handlers.js';

// One map per domain, joined here; the type makes a missing handler a compile error.
export const handlers: HandlerMap = {
  ...appHandlers,
  ...settingsHandlers,
  ...customerHandlers,
  ...programHandlers,
  ...readHandlers,
  ...counterHandlers,
  ...receiptHandlers,
  ...noteHandlers,
  ...factHandlers,
  ...tagHandlers,
  ...wishHandlers,
  ...followUpHandlers,
  ...todayHandlers,
  ...briefHandlers,
  ...fieldHandlers,
  ...backupHandlers,
  ...exchangeHandlers,
  ...privacyHandlers,
  ...insightsHandlers,
  ...listsHandlers,
  ...archiveHandlers,
  ...changesHandlers,
};
