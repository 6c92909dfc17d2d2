import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { revisionsOf, type EntryRow, type RevisionRow } from '../../../db/memory/entries.js';
import type { Channel } from '../customers/schema.js';
import type { ContactMark, EntryKind, EntryRevision, TimelineEntry } from './schema.js';

function toRevision(r: RevisionRow): EntryRevision {
  return { text: r.text, score: r.score, at: r.at, staff: r.staff, writtenAt: r.written_at, replacedAt: r.replaced_at };
}

interface ContactNames {
  tags: Map<number, string>;
  wishes: Map<number, string>;
}

function toEntry(row: EntryRow, revisions: readonly RevisionRow[], names: ContactNames): TimelineEntry {
  const contact: ContactMark | null = row.kind === 'contact'
    ? {
        channel: row.channel as Channel | null,
        tagId: row.contact_tag_id,
        tagName: row.contact_tag_id === null ? null : (names.tags.get(row.contact_tag_id) ?? null),
        wishId: row.contact_wish_id,
        wishText: row.contact_wish_id === null ? null : (names.wishes.get(row.contact_wish_id) ?? null),
      }
    : null;
  return {
    id: row.id,
    customerId: row.customer_id,
    kind: row.kind as EntryKind,
    text: row.text,
    at: row.at,
    staff: row.staff,
    createdAt: row.created_at,
    score: row.score,
    status: row.status,
    resolution: row.resolution,
    statusAt: row.status_at,
    statusStaff: row.status_staff,
    contact,
    editedAt: row.revisions > 0 ? row.updated_at : null,
    editedStaff: row.revisions > 0 ? row.edited_staff : null,
    revisions: revisions.map(toRevision),
    deletedAt: row.deleted_at,
  };
}

async function contactNames(db: Kysely<DB>, rows: readonly EntryRow[]): Promise<ContactNames> {
  const tagIds = [...new Set(rows.flatMap((r) => (r.contact_tag_id === null ? [] : [r.contact_tag_id])))];
  const wishIds = [...new Set(rows.flatMap((r) => (r.contact_wish_id === null ? [] : [r.contact_wish_id])))];
  const tags = tagIds.length
    ? await db.selectFrom('tags').select(['id', 'name']).where('id', 'in', tagIds).execute()
    : [];
  const wishes = wishIds.length
    ? await db.selectFrom('customer_entries').select(['id', 'text']).where('id', 'in', wishIds).execute()
    : [];
  return { tags: new Map(tags.map((t) => [t.id, t.name])), wishes: new Map(wishes.map((w) => [w.id, w.text])) };
}

/** Rows as timeline entries, with the earlier versions of edited ones and what contact marks were about. */
export async function toEntries(db: Kysely<DB>, rows: readonly EntryRow[]): Promise<TimelineEntry[]> {
  const edited = rows.filter((r) => r.revisions > 0).map((r) => r.id);
  const revisions = await revisionsOf(db, edited);
  const byEntry = new Map<number, RevisionRow[]>();
  for (const r of revisions) byEntry.set(r.entry_id, [...(byEntry.get(r.entry_id) ?? []), r]);
  const names = await contactNames(db, rows);
  return rows.map((row) => toEntry(row, byEntry.get(row.id) ?? [], names));
}

export async function toEntryOne(db: Kysely<DB>, row: EntryRow): Promise<TimelineEntry> {
  return (await toEntries(db, [row]))[0]!;
}
