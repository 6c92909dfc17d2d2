import { z } from 'zod';
import { call, id, type CallDef } from '../contract-kit.js';
import { MAX_PHONES } from '../customers/schema.js';
import { staffInput } from '../memory/common.js';
import { GENERATED_EXPORT_NAME } from './export-scan.js';
import type { PRIVACY_CALLS } from './calls.js';
import type { EraseResult, MergePreview, MergeResult, PersonalData, PersonalDataPage, PrivacyStatus, ScrubProgress } from './types.js';

const side = z.enum(['survivor', 'merged'], { error: 'invalid' });

/** Which of the two customers' values the survivor keeps; left out, the survivor's own. */
export const MERGE_CHOICES = [
  'name', 'salutation', 'email', 'address', 'birthday', 'preferredChannel', 'language', 'consent', 'cardNumber', 'referrer',
] as const;
export type MergeChoice = (typeof MERGE_CHOICES)[number];

export const mergeInput = z.object({
  survivorId: id,
  mergedId: id,
  keep: z.partialRecord(z.enum(MERGE_CHOICES), side).default({}),
  /**
   * The phone numbers (E.164) the survivor keeps, in order, from either customer; null keeps
   * the survivor's and adds the other's new ones, up to the limit.
   */
  phones: z.array(z.string({ error: 'invalid' }).max(20, { error: 'invalid' })).max(MAX_PHONES, { error: 'too_many' }).nullable().default(null),
  /** Custom fields both have a value for: whose value stays (by field id); left out, the survivor's. */
  fields: z.record(z.string().regex(/^\d{1,12}$/), side).default({}),
  staff: staffInput,
});

export const privacyContract = {
  /** Erased or merged, for the profile: a merged-away customer's profile sends you on to the survivor. */
  'privacy.status': call<PrivacyStatus>()(z.object({ id })),
  /** Everything stored about a customer, as data (the JSON file). */
  'privacy.export': call<PersonalData>()(z.object({ customerId: id })),
  /** The same as a readable page in the app's language, to print or save as PDF. */
  'privacy.exportPage': call<PersonalDataPage>()(z.object({ customerId: id })),
  /** The readable page as a PDF through the desktop app's save dialog (system_printing_unavailable in web mode). */
  'privacy.savePdf': call<{ saved: boolean }>()(z.object({ customerId: id })),
  /**
   * Erases a customer's personal data for good (confirm must be true); purchase totals and
   * stamps stay, anonymous. Then run privacy.scrub's steps so no trace is left in the file.
   */
  'privacy.erase': call<EraseResult>()(
    z.object({ customerId: id, confirm: z.literal(true, { error: 'required' }), staff: staffInput }),
  ),
  /**
   * Deletes exports an erasure listed: generated export names inside the exports folder
   * only, never a path. Names already gone are left out of `deleted`.
   */
  'privacy.deleteExports': call<{ deleted: string[] }>()(
    z.object({
      names: z.array(z.string({ error: 'invalid' }).regex(GENERATED_EXPORT_NAME, { error: 'invalid' }), { error: 'invalid' })
        .min(1, { error: 'required' }).max(500, { error: 'too_many' }),
    }),
  ),
  /**
   * One step of wiping erased data from the archive's storage: in the SQLite file merging
   * the search indexes, VACUUM, truncating the WAL; on PostgreSQL rewriting the tables an
   * erasure touched (VACUUM FULL). `upTo`: the newest erasure to mark done at the last step.
   */
  'privacy.scrub': call<ScrubProgress>()(
    z.object({ step: z.number({ error: 'invalid' }).int({ error: 'invalid' }).min(0, { error: 'out_of_range' }).max(20, { error: 'out_of_range' }), upTo: z.number().int().nonnegative() }),
  ),
  /** The two customers side by side, with what a merge would move. */
  'privacy.mergePreview': call<MergePreview>()(z.object({ survivorId: id, mergedId: id })),
  /** Merges mergedId into survivorId with the chosen details; the merged-away profile leads to the survivor from then on. */
  'privacy.merge': call<MergeResult>()(mergeInput),
} satisfies { [N in (typeof PRIVACY_CALLS)[number]]: CallDef<z.ZodType, unknown> };
