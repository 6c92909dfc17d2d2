import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { noteTokens, searchNotes, type DocRow } from '../../../db/memory/search.js';
import { openingOf, snippetOf } from '../../core/snippet.js';
import { displayName } from './mappers.js';
import type { NoteHit, NoteHitKind } from './schema.js';

// The "found in notes" group of the counter search: customers by what is written about
// them, the newest matching text of each, with the matching word in context.

function toHit(row: DocRow, tokens: readonly string[]): NoteHit {
  const snippet = snippetOf(row.text, tokens) ?? snippetOf(row.extra, tokens) ?? openingOf(row.text);
  return {
    customerId: row.customerId,
    displayName: displayName(row),
    kind: row.kind as NoteHitKind,
    entryId: row.source === 'entry' ? row.sourceId : null,
    fieldName: row.fieldName,
    snippet,
    at: row.at,
  };
}

export async function noteHits(db: Kysely<DB>, query: string, limit: number, exclude: ReadonlySet<number>): Promise<NoteHit[]> {
  if (limit === 0) return [];
  const tokens = noteTokens(query);
  if (!tokens) return [];
  const rows = await searchNotes(db, tokens, { limit, exclude });
  return rows.map((row) => toHit(row, tokens));
}
