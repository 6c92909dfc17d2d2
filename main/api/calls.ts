import { BACKUP_CALLS } from './backup/calls.js';
import { EXCHANGE_CALLS } from './exchange/calls.js';
import { PRIVACY_CALLS } from './privacy/calls.js';
import { INSIGHTS_CALLS } from './insights/calls.js';
import { LISTS_CALLS } from './lists/calls.js';
import { ARCHIVE_CALLS } from './archive/calls.js';
import { CHANGES_CALLS } from './changes/calls.js';

// The names of every call the renderer may make. This file and the per-domain calls.ts
// files it imports stay free of other imports, so that the sandboxed preload can bundle
// them without pulling in schemas or handlers.
export const CALL_NAMES = [
  'app.info',
  'settings.get',
  'settings.update',
  'settings.pickPrinterDevice',
  'customers.search',
  'customers.byCard',
  'customers.recent',
  'customers.get',
  'customers.create',
  'customers.update',
  'customers.duplicates',
  'customers.archive',
  'customers.restore',
  'loyalty.program',
  'loyalty.updateProgram',
  'loyalty.saveReward',
  'loyalty.retireReward',
  'loyalty.summary',
  'loyalty.history',
  'loyalty.figures',
  'loyalty.check',
  'loyalty.recordPurchase',
  'loyalty.recordVisit',
  'loyalty.undoLast',
  'loyalty.redeem',
  'loyalty.adjust',
  'loyalty.migrate',
  'receipts.create',
  'receipts.preview',
  'receipts.print',
  'receipts.discard',
  'receipts.unprinted',
  'receipts.printerStatus',
  'receipts.systemPrinters',
  'receipts.savePdf',
  'notes.add',
  'notes.get',
  'notes.edit',
  'notes.setStatus',
  'notes.delete',
  'notes.restore',
  'notes.timeline',
  'facts.list',
  'facts.add',
  'facts.edit',
  'facts.delete',
  'facts.reorder',
  'tags.list',
  'tags.forCustomer',
  'tags.add',
  'tags.remove',
  'tags.customers',
  'tags.markContacted',
  'wishes.list',
  'wishes.markContacted',
  'followups.add',
  'followups.list',
  'followups.edit',
  'followups.reschedule',
  'followups.snooze',
  'followups.done',
  'followups.cancel',
  'today.get',
  'customers.brief',
  'customers.setReferrer',
  'customers.referrals',
  'fields.list',
  'fields.define',
  'fields.update',
  'fields.retire',
  'fields.values',
  'fields.setValues',
  ...BACKUP_CALLS,
  ...EXCHANGE_CALLS,
  ...PRIVACY_CALLS,
  ...INSIGHTS_CALLS,
  ...LISTS_CALLS,
  ...ARCHIVE_CALLS,
  ...CHANGES_CALLS,
] as const;

export type CallName = (typeof CALL_NAMES)[number];

export function isCallName(value: unknown): value is CallName {
  return typeof value === 'string' && (CALL_NAMES as readonly string[]).includes(value);
}
