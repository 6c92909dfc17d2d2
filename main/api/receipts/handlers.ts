import { AppError } from '../errors.js';
import type { HandlerMap } from '../handler-types.js';

// Placeholder until printing lands: every call answers with a coded error.
const notYet = async (): Promise<never> => {
  throw new AppError('internal', 'Printing is not available yet');
};

export const receiptHandlers = {
  'receipts.create': notYet,
  'receipts.print': notYet,
  'receipts.discard': notYet,
  'receipts.unprinted': async () => [],
  'receipts.printerStatus': async () => ({ state: 'off' as const }),
  'receipts.systemPrinters': async () => [],
  'receipts.savePdf': notYet,
} satisfies HandlerMap<
  'receipts.create' | 'receipts.print' | 'receipts.discard' | 'receipts.unprinted' | 'receipts.printerStatus' | 'receipts.systemPrinters' | 'receipts.savePdf'
>;
