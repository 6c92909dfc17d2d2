import { z } from 'zod';
import { RECEIPT_KINDS, type PrintLine, type Receipt, type ReceiptKind } from '../../core/receipts/types.js';

// Receipt and PrintLine are declared beside the pure layout (main/core/receipts) and
// re-exported here unchanged: the contract's types are the same ones.
export { RECEIPT_KINDS };
export type { PrintLine, Receipt, ReceiptKind };

const positiveId = z.number({ error: 'invalid' }).int({ error: 'invalid' }).positive({ error: 'invalid' });

/** What a receipt is made from: a purchase or visit, a redemption, a new member, or nothing. */
export const receiptSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('loyalty'), visitId: positiveId }),
  z.object({ kind: z.literal('redemption'), entryId: positiveId }),
  z.object({ kind: z.literal('member_card'), customerId: positiveId }),
  z.object({ kind: z.literal('test') }),
], { error: 'invalid' });
export type ReceiptSource = z.output<typeof receiptSource>;

export const PRINT_ERRORS = [
  'printing_off',
  'printer_not_configured',
  'printer_unreachable',
  'printer_off',
  'printer_unplugged',
  'printer_timeout',
  'printer_disconnected',
  'printer_refused',
  'printer_not_a_device',
  'system_printing_unavailable',
] as const;
export type PrintError = (typeof PRINT_ERRORS)[number];

export type JobStatus = 'pending' | 'printed' | 'failed' | 'discarded';

export interface PrintJob {
  id: number;
  kind: ReceiptKind;
  customerId: number | null;
  customerName: string | null;
  createdAt: number;
  status: JobStatus;
  attempts: number;
  error: PrintError | null;
  printedAt: number | null;
  /** The slip laid out at the printer's current width: the preview shows exactly these. */
  columns: 32 | 48;
  lines: PrintLine[];
}

/**
 * A receipt shown before (or instead of) printing: made and laid out, never stored. `job` is
 * the newest job made from the same source and not discarded (the slip that printed after
 * the sale, or one still waiting), so the preview can say so and a retry sends that one.
 */
export interface ReceiptPreview {
  kind: ReceiptKind;
  customerName: string | null;
  columns: 32 | 48;
  lines: PrintLine[];
  job: PrintJob | null;
}

export type PrinterState = 'off' | 'not_configured' | 'reachable' | 'unreachable' | 'system';

export interface PrinterStatus {
  state: PrinterState;
  /** For a system printer: whether the system knows it. */
  known?: boolean;
}
