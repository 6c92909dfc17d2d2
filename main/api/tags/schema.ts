import { z } from 'zod';
import { words } from '../../core/text.js';
import { contactInput } from '../notes/schema.js';
import type { ContactCard } from '../notes/schema.js';
import { id, limit, requiredText, staffInput } from '../memory/common.js';
import { queryText } from '../text-schema.js';

// Interests as free tags (poetry, gluten-free, vintage bikes). A tag's page is the "who to
// tell" list when something comes in; telling someone leaves a contact mark on their timeline.

export const MAX_TAG_NAME = 40;

const tagName = requiredText(MAX_TAG_NAME).refine((name) => words(name).length > 0, { error: 'required' });

export const tagListInput = z.object({
  /** What has been typed so far: matches the start of the tag or of one of its words, accent- and case-blind. */
  prefix: queryText(MAX_TAG_NAME).default(''),
  limit: limit(100, 10),
});

export const tagAddInput = z.object({
  customerId: id,
  /** An existing tag is reused when it folds alike ("Gluten-free" = "gluten free"). */
  name: tagName,
  staff: staffInput,
});

export const tagRemoveInput = z.object({ customerId: id, tagId: id });

export const tagCustomersInput = z.object({
  tagId: id,
  /** Only customers who gave marketing consent. */
  consentedOnly: z.boolean({ error: 'invalid' }).default(false),
  offset: z.number({ error: 'invalid' }).int({ error: 'invalid' }).min(0, { error: 'out_of_range' }).default(0),
  limit: limit(1000, 200),
});

export const tagContactInput = z.object({
  tagId: id,
  customerIds: z.array(id).min(1, { error: 'required' }).max(500, { error: 'too_many' }),
  ...contactInput,
});

export interface Tag {
  id: number;
  name: string;
  /** Customers holding it who are not archived. */
  count: number;
}

/** One line of a tag's "who to tell" list. Phone and e-mail only with marketing consent (else null). */
export interface TagMember extends ContactCard {
  taggedAt: number;
  /** Last contact mark about this tag. */
  lastContactedAt: number | null;
}

export interface TagMembers {
  tag: Tag;
  /** Members (with consentedOnly: consenting members) in all, archived left out. */
  total: number;
  items: TagMember[];
}

export interface TagContactResult {
  /** The contact mark written on each customer's timeline. */
  contacted: { customerId: number; entryId: number }[];
  /** Asked for, but not (or no longer) holding the tag, or archived: nothing written. */
  skipped: number[];
}
