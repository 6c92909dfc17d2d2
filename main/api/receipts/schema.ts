import { z } from 'zod';
import type { Unit } from '../../core/loyalty/rules.js';

export const RECEIPT_KINDS = ['loyalty', 'redemption', 'member_card', 'test'] as const;
export type ReceiptKind = (typeof RECEIPT_KINDS)[number];

const positiveId = z.number({ error: 'invalid' }).int({ error: 'invalid' }).positive({ error: 'invalid' });

/** What a receipt is made from: a purchase or visit, a redemption, a new member, or nothing. */
export const receiptSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('loyalty'), visitId: positiveId }),
  z.object({ kind: z.literal('redemption'), entryId: positiveId }),
  z.object({ kind: z.literal('member_card'), customerId: positiveId }),
  z.object({ kind: z.literal('test') }),
], { error: 'invalid' });
export type ReceiptSource = z.output<typeof receiptSource>;

/**
 * A receipt as data, fixed when it is made (a retry or reprint shows the same slip).
 * Texts are already in the shop's language; amounts and balances are numbers.
 */
export interface Receipt {
  kind: ReceiptKind;
  language: 'nl' | 'en';
  createdAt: number;
  shop: { name: string; header: string };
  customer: { name: string; cardNumber: string } | null;
  purchase: { kind: 'purchase' | 'visit'; amountCents: number; description: string } | null;
  unit: Unit;
  earned: number | null;
  redeemed: { reward: string; cost: number; code: string } | null;
  balance: number | null;
  progress: { filled: number; size: number } | null;
  nextReward: { name: string; missing: number } | null;
  /** Printed as CODE128 and QR: the customer's card number. */
  barcode: string | null;
  personalLine: string | null;
  footer: string;
}

/** One line of paper, laid out for a given width: both the printer and the preview draw these. */
export type PrintLine =
  | { kind: 'text'; text: string; align: 'left' | 'center' | 'right'; bold: boolean; large: boolean }
  | { kind: 'rule' }
  | { kind: 'blank' }
  | { kind: 'barcode'; value: string }
  | { kind: 'qr'; value: string };

export const PRINT_ERRORS = [
  'printing_off',
  'printer_not_configured',
  'printer_unreachable',
  'printer_timeout',
  'printer_disconnected',
  'printer_refused',
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

export type PrinterState = 'off' | 'not_configured' | 'reachable' | 'unreachable' | 'system';

export interface PrinterStatus {
  state: PrinterState;
  /** For a system printer: whether the system knows it. */
  known?: boolean;
}
