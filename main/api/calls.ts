// The names of every call the renderer may make. Kept free of imports so that the
// sandboxed preload can bundle it without pulling in schemas or handlers.
export const CALL_NAMES = [
  'app.info',
  'settings.get',
  'settings.update',
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
  'receipts.print',
  'receipts.discard',
  'receipts.unprinted',
  'receipts.printerStatus',
  'receipts.systemPrinters',
  'receipts.savePdf',
] as const;

export type CallName = (typeof CALL_NAMES)[number];

export function isCallName(value: unknown): value is CallName {
  return typeof value === 'string' && (CALL_NAMES as readonly string[]).includes(value);
}
