import { z } from 'zod';
import { CHANNELS, type Channel } from '../customers/schema.js';
import { cursorInput, id, limit, staffInput } from '../memory/common.js';
import { multilineText, queryText } from '../text-schema.js';

// The timeline: notes, conversations, complaints (open → resolved), feedback (a score 1–5),
// wishes (open → fulfilled) and contact marks (someone was told about a tag or a wish).

export const ENTRY_KINDS = ['note', 'conversation', 'complaint', 'feedback', 'wish', 'contact'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export const ENTRY_STATUSES = ['open', 'resolved', 'fulfilled'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

export const MAX_ENTRY_TEXT = 2000;
export const MAX_RESOLUTION = 500;

const score = z
  .number({ error: 'out_of_range' })
  .int({ error: 'out_of_range' })
  .min(1, { error: 'out_of_range' })
  .max(5, { error: 'out_of_range' });

export const noteAddInput = z
  .object({
    customerId: id,
    kind: z.enum(ENTRY_KINDS, { error: 'invalid' }),
    /** Required except for a contact mark. */
    text: multilineText(MAX_ENTRY_TEXT).default(''),
    /** Feedback only, and required there. */
    score: score.nullable().default(null),
    /** When it happened; left out, now. Not in the future. */
    at: z.number({ error: 'invalid' }).int({ error: 'invalid' }).positive({ error: 'invalid' }).nullable().default(null),
    /** Contact marks only: how the customer was reached. */
    channel: z.enum(CHANNELS, { error: 'invalid' }).nullable().default(null),
    staff: staffInput,
  })
  .superRefine((v, ctx) => {
    if (v.kind !== 'contact' && v.text === '') ctx.addIssue({ code: 'custom', message: 'required', path: ['text'] });
    if (v.kind === 'feedback' && v.score === null) ctx.addIssue({ code: 'custom', message: 'required', path: ['score'] });
    if (v.kind !== 'feedback' && v.score !== null) ctx.addIssue({ code: 'custom', message: 'invalid', path: ['score'] });
    if (v.kind !== 'contact' && v.channel !== null) ctx.addIssue({ code: 'custom', message: 'invalid', path: ['channel'] });
  });

export const noteEditInput = z.object({
  id,
  /** The new text (required except for a contact mark); the one it replaces is kept. */
  text: multilineText(MAX_ENTRY_TEXT),
  /** Feedback: the new score; null keeps it. */
  score: score.nullable().default(null),
  /** A new time; null keeps it. */
  at: z.number({ error: 'invalid' }).int({ error: 'invalid' }).positive({ error: 'invalid' }).nullable().default(null),
  staff: staffInput,
});

export const noteStatusInput = z.object({
  id,
  /** Complaints: open | resolved. Wishes: open | fulfilled. */
  status: z.enum(ENTRY_STATUSES, { error: 'invalid' }),
  /** What was done; cleared when reopened. */
  resolution: multilineText(MAX_RESOLUTION).default(''),
  staff: staffInput,
});

export const timelineInput = z.object({
  customerId: id,
  /** `next` of the previous page; null for the newest. */
  cursor: cursorInput,
  limit: limit(200, 100),
  /** Only these kinds; null for all. */
  kinds: z.array(z.enum(ENTRY_KINDS, { error: 'invalid' })).min(1, { error: 'required' }).max(6).nullable().default(null),
});

export const wishesListInput = z.object({
  /** Words from the wish ("velvet sofa"), accent- and case-blind; '' lists them all. */
  query: queryText(200).default(''),
  status: z.enum(['open', 'fulfilled', 'all'], { error: 'invalid' }).default('open'),
  /** Without a query: `next` of the previous page. With a query there is one page. */
  cursor: cursorInput,
  limit: limit(200, 50),
});

export const contactInput = {
  channel: z.enum(CHANNELS, { error: 'invalid' }).nullable().default(null),
  /** What was said; may be empty. */
  text: multilineText(MAX_RESOLUTION).default(''),
  staff: staffInput,
};

export const wishContactInput = z.object({ id, ...contactInput });

/** An earlier version of an edited entry. */
export interface EntryRevision {
  text: string;
  score: number | null;
  at: number;
  /** Who wrote this version, and when. */
  staff: string;
  writtenAt: number;
  /** When it was replaced by the next version. */
  replacedAt: number;
}

export interface ContactMark {
  channel: Channel | null;
  /** Told about a tag (the "who to tell" list)… */
  tagId: number | null;
  tagName: string | null;
  /** …or about their wish. */
  wishId: number | null;
  wishText: string | null;
}

export interface TimelineEntry {
  id: number;
  customerId: number;
  kind: EntryKind;
  text: string;
  /** When it happened. */
  at: number;
  /** Who wrote it ('' when nobody was chosen). */
  staff: string;
  createdAt: number;
  /** Feedback: 1–5. */
  score: number | null;
  /** Complaints and wishes; null for the other kinds. */
  status: EntryStatus | null;
  /** What was done (resolved complaint, fulfilled wish); '' otherwise. */
  resolution: string;
  statusAt: number | null;
  statusStaff: string | null;
  /** Contact marks only. */
  contact: ContactMark | null;
  /** Set once edited: when, by whom, and the earlier versions, oldest first. */
  editedAt: number | null;
  editedStaff: string | null;
  revisions: EntryRevision[];
  /** Set while deleted (undo with notes.restore). */
  deletedAt: number | null;
}

export interface TimelinePage {
  items: TimelineEntry[];
  /** Pass as `cursor` for the next (older) page; null at the end. */
  next: string | null;
  /** Entries in the whole timeline (with the kinds filter); on the first page only, else null. */
  total: number | null;
}

/** Who to reach and how; phone and e-mail are left out (null) when they are not to be used. */
export interface ContactCard {
  id: number;
  displayName: string;
  salutation: string;
  language: string;
  preferredChannel: Channel | null;
  marketingConsent: boolean;
  phone: string | null;
  email: string | null;
}

/** An open (or fulfilled) wish with who asked for it: they asked to be told, so contact details are always given. */
export interface WishItem extends TimelineEntry {
  customer: ContactCard;
  lastContactedAt: number | null;
}

export interface WishList {
  items: WishItem[];
  next: string | null;
  /** Without a query: wishes with this status in all (on the first page). With a query: null. */
  total: number | null;
}

/** A complaint or wish with the name of whose it is. */
export interface OpenEntry extends TimelineEntry {
  displayName: string;
}
