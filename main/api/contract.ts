import { z } from 'zod';
import type { CallName } from './calls.js';
import { call, id, none, text200, type CallDef } from './contract-kit.js';
import { lineText, queryText } from './text-schema.js';
import { backupContract } from './backup/contract.js';
import { exchangeContract } from './exchange/contract.js';
import { privacyContract } from './privacy/contract.js';
import { insightsContract } from './insights/contract.js';
import { listsContract } from './lists/contract.js';
import { archiveContract } from './archive/contract.js';
import { changesContract } from './changes/contract.js';
import { customerInput } from './customers/schema.js';
import type { Customer, CustomerSummary, DuplicateHit, SearchResult } from './customers/schema.js';
import { settingsPatch } from './settings/schema.js';
import type { ArchiveHealth } from './app/health.js';
import { programInput, rewardInput, saleKey } from './loyalty/schema.js';
import { receiptSource } from './receipts/schema.js';
import type { PrintJob, PrinterStatus, ReceiptPreview } from './receipts/schema.js';
import type { CounterResult, HistoryItem, LoyaltySummary, Program, Redemption, Reward, ShopFigures } from './loyalty/schema.js';
import type { Settings } from './settings/schema.js';
import { noteAddInput, noteEditInput, noteStatusInput, timelineInput, wishContactInput, wishesListInput } from './notes/schema.js';
import type { TimelineEntry, TimelinePage, WishList } from './notes/schema.js';
import { factAddInput, factEditInput, factReorderInput } from './facts/schema.js';
import type { Fact } from './facts/schema.js';
import { tagAddInput, tagContactInput, tagCustomersInput, tagListInput, tagRemoveInput } from './tags/schema.js';
import type { Tag, TagContactResult, TagMembers } from './tags/schema.js';
import {
  followUpAddInput, followUpCloseInput, followUpEditInput, followUpListInput, followUpRescheduleInput, followUpSnoozeInput,
} from './followups/schema.js';
import type { FollowUp, FollowUpDone, FollowUpList } from './followups/schema.js';
import { todayInput } from './today/schema.js';
import type { TodayScreen } from './today/schema.js';
import { setReferrerInput } from './customers/brief-schema.js';
import type { CounterBrief, Referrals } from './customers/brief-schema.js';
import { fieldDefineInput, fieldRetireInput, fieldSetValuesInput, fieldUpdateInput } from './fields/schema.js';
import type { CustomField, FieldWithValue } from './fields/schema.js';

// The one API between renderer and main: a name, a zod schema for what comes in (checked
// at the boundary by both transports) and the type of what goes out. The renderer imports
// this file for types only.

export interface AppInfo {
  version: string;
  schemaVersion: number;
  mode: 'electron' | 'web' | 'cli';
  dataDir: string;
  /** The archive's check at start: the renderer asks again while it is 'checking'. */
  archive: ArchiveHealth;
}


export const contract = {
  'app.info': call<AppInfo>()(none),
  'settings.get': call<Settings>()(none),
  'settings.update': call<Settings>()(settingsPatch.strict()),
  /** The desktop app's dialog for a device printer's path; null when cancelled. */
  'settings.pickPrinterDevice': call<{ path: string } | null>()(none),
  'customers.search': call<SearchResult>()(
    z.object({
      query: queryText(200),
      limit: z.number().int().min(1).max(50).default(20),
      /** Most customers in the "found in notes" group; 0 leaves it out. */
      notes: z.number().int().min(0).max(20).default(8),
    }),
  ),
  'customers.byCard': call<CustomerSummary | null>()(
    z.object({ cardNumber: queryText(64) }),
  ),
  'customers.recent': call<CustomerSummary[]>()(
    z.object({ limit: z.number().int().min(1).max(50).default(8) }),
  ),
  'customers.get': call<Customer>()(z.object({ id, markSeen: z.boolean().default(false) })),
  'customers.create': call<Customer>()(z.object({ customer: customerInput })),
  'customers.update': call<Customer>()(z.object({ id, customer: customerInput })),
  'customers.duplicates': call<DuplicateHit[]>()(
    z.object({
      givenName: queryText(100).default(''),
      familyName: queryText(100).default(''),
      phones: z.array(queryText(40)).max(10).default([]),
      email: queryText(254).default(''),
      excludeId: id.nullable().default(null),
    }),
  ),
  'customers.archive': call<Customer>()(z.object({ id })),
  'customers.restore': call<Customer>()(z.object({ id })),

  'loyalty.program': call<{ program: Program; rewards: Reward[] }>()(none),
  'loyalty.updateProgram': call<Program>()(programInput),
  'loyalty.saveReward': call<Reward>()(rewardInput),
  'loyalty.retireReward': call<Reward>()(z.object({ id, retired: z.boolean() })),
  'loyalty.summary': call<LoyaltySummary>()(z.object({ customerId: id })),
  'loyalty.history': call<{ items: HistoryItem[]; total: number }>()(
    z.object({ customerId: id, limit: z.number().int().min(1).max(10_000).default(200) }),
  ),
  'loyalty.figures': call<ShopFigures>()(none),
  'loyalty.check': call<{ ok: boolean; customers: number; mismatches: { customer_id: number; kept: number; ledger: number }[] }>()(none),
  'loyalty.recordPurchase': call<CounterResult>()(
    z.object({
      customerId: id,
      amount: z.string({ error: 'invalid_amount' }).max(30, { error: 'invalid_amount' }),
      locale: z.enum(['nl', 'en']),
      description: text200,
      idempotencyKey: saleKey,
    }),
  ),
  'loyalty.recordVisit': call<CounterResult>()(z.object({ customerId: id, description: text200, idempotencyKey: saleKey })),
  'loyalty.undoLast': call<LoyaltySummary>()(z.object({ customerId: id, visitId: id })),
  'loyalty.redeem': call<Redemption>()(
    z.object({ customerId: id, rewardId: id, idempotencyKey: z.string().min(8).max(100) }),
  ),
  'loyalty.adjust': call<LoyaltySummary>()(
    z.object({
      customerId: id,
      amount: z.number({ error: 'invalid' }).int({ error: 'invalid' }).min(-100_000, { error: 'out_of_range' }).max(100_000, { error: 'out_of_range' })
        .refine((n) => n !== 0, { error: 'amount_zero' }),
      reason: lineText(200, { missing: 'required' }).min(1, { error: 'required' }),
    }),
  ),
  'loyalty.migrate': call<LoyaltySummary>()(
    z.object({
      customerId: id,
      amount: z.number({ error: 'invalid' }).int({ error: 'invalid' }).min(1, { error: 'out_of_range' }).max(10_000, { error: 'out_of_range' }),
      reason: lineText(200).default(''),
    }),
  ),

  'receipts.create': call<PrintJob>()(z.object({ source: receiptSource })),
  'receipts.preview': call<ReceiptPreview>()(z.object({ source: receiptSource })),
  'receipts.print': call<PrintJob>()(z.object({ jobId: id })),
  'receipts.discard': call<PrintJob>()(z.object({ jobId: id })),
  'receipts.unprinted': call<PrintJob[]>()(none),
  'receipts.printerStatus': call<PrinterStatus>()(none),
  'receipts.systemPrinters': call<string[]>()(none),
  // A stored job, or a preview's source: saving a PDF is not printing, so it makes no job.
  'receipts.savePdf': call<{ saved: boolean }>()(z.union([z.object({ jobId: id }), z.object({ source: receiptSource })])),

  // Customer memory. Every write takes an optional `staff` (default: settings.currentStaff).
  'notes.add': call<TimelineEntry>()(noteAddInput),
  'notes.get': call<TimelineEntry>()(z.object({ id })),
  'notes.edit': call<TimelineEntry>()(noteEditInput),
  'notes.setStatus': call<TimelineEntry>()(noteStatusInput),
  'notes.delete': call<TimelineEntry>()(z.object({ id })),
  'notes.restore': call<TimelineEntry>()(z.object({ id })),
  'notes.timeline': call<TimelinePage>()(timelineInput),

  'facts.list': call<Fact[]>()(z.object({ customerId: id })),
  'facts.add': call<Fact[]>()(factAddInput),
  'facts.edit': call<Fact[]>()(factEditInput),
  'facts.delete': call<Fact[]>()(z.object({ id })),
  'facts.reorder': call<Fact[]>()(factReorderInput),

  'tags.list': call<Tag[]>()(tagListInput),
  'tags.forCustomer': call<Tag[]>()(z.object({ customerId: id })),
  'tags.add': call<Tag[]>()(tagAddInput),
  'tags.remove': call<Tag[]>()(tagRemoveInput),
  'tags.customers': call<TagMembers>()(tagCustomersInput),
  'tags.markContacted': call<TagContactResult>()(tagContactInput),

  'wishes.list': call<WishList>()(wishesListInput),
  'wishes.markContacted': call<TimelineEntry>()(wishContactInput),

  'followups.add': call<FollowUp>()(followUpAddInput),
  'followups.list': call<FollowUpList>()(followUpListInput),
  'followups.edit': call<FollowUp>()(followUpEditInput),
  'followups.reschedule': call<FollowUp>()(followUpRescheduleInput),
  'followups.snooze': call<FollowUp>()(followUpSnoozeInput),
  'followups.done': call<FollowUpDone>()(followUpCloseInput),
  'followups.cancel': call<FollowUp>()(followUpCloseInput),

  'today.get': call<TodayScreen>()(todayInput),

  'customers.brief': call<CounterBrief>()(z.object({ id })),
  'customers.setReferrer': call<Referrals>()(setReferrerInput),
  'customers.referrals': call<Referrals>()(z.object({ id })),

  'fields.list': call<CustomField[]>()(z.object({ includeRetired: z.boolean({ error: 'invalid' }).default(false) })),
  'fields.define': call<CustomField>()(fieldDefineInput),
  'fields.update': call<CustomField>()(fieldUpdateInput),
  'fields.retire': call<CustomField>()(fieldRetireInput),
  'fields.values': call<FieldWithValue[]>()(z.object({ customerId: id })),
  'fields.setValues': call<FieldWithValue[]>()(fieldSetValuesInput),

  // Later domains keep their calls beside their handlers.
  ...backupContract,
  ...exchangeContract,
  ...privacyContract,
  ...insightsContract,
  ...listsContract,
  ...archiveContract,
  ...changesContract,
} satisfies { [N in CallName]: CallDef<z.ZodType, unknown> };

export type Contract = typeof contract;
export type CallInput<N extends CallName> = z.input<Contract[N]['input']>;
export type ParsedInput<N extends CallName> = z.output<Contract[N]['input']>;
export type CallOutput<N extends CallName> = Contract[N] extends CallDef<z.ZodType, infer O> ? O : never;

export type { CallName } from './calls.js';
export type { Result, ApiError, ErrorCode, FieldErrorCode, FieldIssue } from './errors.js';
export type * from './customers/schema.js';
export type { Settings, AppLanguage } from './settings/schema.js';
export type { ArchiveHealth } from './app/health.js';
export type * from './loyalty/schema.js';
export type * from './receipts/schema.js';
export type { PrinterSettings, ReceiptSettings } from './settings/schema.js';
export type { Unit, EarnRule, Tier } from '../core/loyalty/rules.js';
export type * from './notes/schema.js';
export type * from './facts/schema.js';
export type * from './tags/schema.js';
export type * from './followups/schema.js';
export type * from './today/schema.js';
export type * from './customers/brief-schema.js';
export type * from './fields/schema.js';
export type { CustomerRef } from './memory/common.js';
export type { Day } from '../core/days.js';
export type * from './backup/types.js';
export type * from './exchange/types.js';
export type * from './privacy/types.js';
export type * from './insights/types.js';
export type * from './lists/types.js';
export type * from './archive/types.js';
export type * from './changes/types.js';
