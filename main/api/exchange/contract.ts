import { z } from 'zod';
import { call, id, type CallDef } from '../contract-kit.js';
import { IMPORT_FIELDS } from '../../core/exchange/fields.js';
import { queryText } from '../text-schema.js';
import type { EXCHANGE_CALLS } from './calls.js';
import type { ExchangeJob, ExportedFile, PreviewRow, UploadSummary } from './types.js';

/** What the renderer may send as one file's text: a hard stop; the handler refuses above MAX_UPLOAD_CHARS with a clear code. */
export const MAX_UPLOAD_TEXT = 64 * 1024 * 1024;

const uploadId = z.string({ error: 'invalid' }).min(1, { error: 'required' }).max(40, { error: 'too_long' });
const mapping = z.array(z.enum(IMPORT_FIELDS, { error: 'invalid' }).nullable(), { error: 'invalid' }).max(500, { error: 'too_many' });
const dateOrder = z.enum(['dmy', 'mdy'], { error: 'invalid' }).default('dmy');
const separator = z.enum([';', ','], { error: 'invalid' }).optional();
const plan = { uploadId, mapping, dateOrder };

export const exchangeContract = {
  /** A CSV file's text as read by the page (File API): parsed and kept in main under an upload id. */
  'exchange.upload': call<UploadSummary>()(z.object({
    /** The file's name, only shown back: control characters spaced out, never refused. */
    name: queryText(200).trim().default(''),
    text: z.string({ error: 'invalid' }).max(MAX_UPLOAD_TEXT, { error: 'too_long' }),
  })),
  /** The first rows as they would be imported, with what is wrong with each. */
  'exchange.preview': call<PreviewRow[]>()(z.object({
    ...plan,
    limit: z.number({ error: 'invalid' }).int({ error: 'invalid' }).min(1, { error: 'out_of_range' }).max(50, { error: 'out_of_range' }).default(10),
  })),
  /** The dry run, as a job: every bad row and likely duplicate; nothing is written. */
  'exchange.check': call<ExchangeJob>()(z.object({
    ...plan,
    skipDuplicates: z.boolean({ error: 'invalid' }).default(false),
    /** Most bad rows and duplicates listed (the counts are always whole). */
    limit: z.number({ error: 'invalid' }).int({ error: 'invalid' }).min(1, { error: 'out_of_range' }).max(1_000_000, { error: 'out_of_range' }).default(500),
  })),
  /** The import, as a job: all or nothing, unless bad rows (and likely duplicates) are to be skipped. */
  'exchange.import': call<ExchangeJob>()(z.object({
    ...plan,
    skipBad: z.boolean({ error: 'invalid' }).default(false),
    skipDuplicates: z.boolean({ error: 'invalid' }).default(false),
  })),
  /** An export into the exports folder, as a job; the separator defaults to settings.exchange.separator. */
  'exchange.export': call<ExchangeJob>()(z.object({
    kind: z.enum(['customers', 'notes', 'visits', 'ledger', 'archive'], { error: 'invalid' }),
    separator,
  })),
  /** A tag's "who to tell" list as CSV, with only what the tag page shows. */
  'exchange.exportTag': call<ExportedFile>()(z.object({
    tagId: id,
    consentedOnly: z.boolean({ error: 'invalid' }).default(false),
    separator,
  })),
  /** Desktop app: a save dialog in main, and a copy of the export where the shop chose; saved false when cancelled. */
  'exchange.saveCopy': call<{ saved: boolean }>()(z.object({ name: z.string({ error: 'invalid' }).min(1, { error: 'required' }).max(200, { error: 'too_long' }) })),
  'exchange.status': call<ExchangeJob>()(z.object({ jobId: z.string({ error: 'invalid' }).min(1, { error: 'required' }).max(40, { error: 'too_long' }) })),
} satisfies { [N in (typeof EXCHANGE_CALLS)[number]]: CallDef<z.ZodType, unknown> };
