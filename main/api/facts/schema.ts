import { z } from 'zod';
import { id, requiredText, staffInput } from '../memory/common.js';

// Pinned facts: what must never be missed at the counter ("allergic to nuts", "always the
// sourdough, sliced"). A short ordered list per customer, loaded with the profile.

export const MAX_FACTS = 20;
export const MAX_FACT_TEXT = 200;

export const factAddInput = z.object({ customerId: id, text: requiredText(MAX_FACT_TEXT), staff: staffInput });
export const factEditInput = z.object({ id, text: requiredText(MAX_FACT_TEXT), staff: staffInput });
export const factReorderInput = z.object({
  customerId: id,
  /** Every one of the customer's fact ids, in the new order. */
  ids: z.array(id).max(MAX_FACTS, { error: 'too_many' }),
});

export interface Fact {
  id: number;
  customerId: number;
  text: string;
  position: number;
  /** Who wrote or last changed it. */
  staff: string;
  createdAt: number;
  updatedAt: number;
}
