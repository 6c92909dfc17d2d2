import type { PersonalRows } from '../../../db/privacy/export.js';
import type { Unit } from '../../core/loyalty/rules.js';
import { displayName, toCustomer } from '../customers/mappers.js';
import type { PersonalData } from './types.js';

// The rows of one customer (db/privacy/export.ts) as the export they can take away: plain
// names, times in unix ms, money in cents, no internal ids except to tie an undo to the
// purchase it undoes.

export function toPersonalData(rows: PersonalRows, context: { shop: string; unit: Unit; now: number }): PersonalData {
  const { displayName: _shown, erasedAt: _erased, ...profile } = toCustomer(rows.customer, rows.phones);
  const revisions = new Map<number, PersonalRows['revisions']>();
  for (const r of rows.revisions) revisions.set(r.entry_id, [...(revisions.get(r.entry_id) ?? []), r]);
  return {
    format: 'counterpart.personal-data',
    version: 1,
    exportedAt: context.now,
    shop: context.shop,
    customer: {
      ...profile,
      referredBy: rows.referrer ? displayName(rows.referrer) : null,
      referredCount: rows.referred.length,
    },
    tags: rows.tags.map((t) => ({ name: t.name, since: t.created_at })),
    facts: rows.facts.map((f) => ({ text: f.text, staff: f.staff, createdAt: f.created_at, updatedAt: f.updated_at })),
    timeline: rows.entries.map((e) => ({
      kind: e.kind,
      text: e.text,
      at: e.at,
      staff: e.staff,
      score: e.score,
      status: e.status,
      resolution: e.resolution,
      statusAt: e.status_at,
      channel: e.channel,
      createdAt: e.created_at,
      updatedAt: e.updated_at,
      deletedAt: e.deleted_at,
      earlierVersions: (revisions.get(e.id) ?? []).map((r) => ({
        text: r.text, score: r.score, at: r.at, staff: r.staff, writtenAt: r.written_at, replacedAt: r.replaced_at,
      })),
    })),
    followUps: rows.followUps.map((f) => ({
      text: f.text,
      dueOn: f.due_on,
      repeat: f.repeat_kind,
      repeatWeeks: f.repeat_weeks,
      status: f.status,
      staff: f.staff,
      createdAt: f.created_at,
      closedAt: f.closed_at,
    })),
    fields: rows.fields.map((f) => ({ name: f.name, value: f.value, updatedAt: f.updated_at })),
    loyalty: {
      unit: context.unit,
      balance: rows.balance,
      visits: rows.visits.map((v) => ({
        id: v.id, kind: v.kind, amountCents: v.amount_cents, description: v.description, occurredAt: v.occurred_at, undoes: v.reverses_id,
      })),
      ledger: rows.ledger.map((l) => ({
        id: l.id, kind: l.kind, amount: l.amount, reward: l.reward_name, reason: l.reason, createdAt: l.created_at, reverses: l.reverses_id,
      })),
    },
    receipts: rows.printJobs.map((j) => ({ kind: j.kind, status: j.status, createdAt: j.created_at, printedAt: j.printed_at })),
  };
}
