import type { Unit } from '../loyalty/rules.js';

// The receipt as data and as paper lines. Declared here, below the contract, so the pure
// layout can use them; main/api/receipts/schema.ts re-exports them unchanged.

export const RECEIPT_KINDS = ['loyalty', 'redemption', 'member_card', 'test'] as const;
export type ReceiptKind = (typeof RECEIPT_KINDS)[number];

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
  /** `bars`: CODE128 bar and space widths (code128.ts), so every drawing matches the printer's. */
  | { kind: 'barcode'; value: string; bars: number[] }
  | { kind: 'qr'; value: string };

export type Columns = 32 | 48;
