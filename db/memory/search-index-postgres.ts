import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.js';
import type { KeyedDoc, MemoryDoc, MemoryQuery, MemorySearchIndex } from './memory-search-index.js';

// The notes search index on PostgreSQL (the interface: memory-search-index.ts; the table and
// its indexes: db/migrations/postgres/016_memory_search_postgres.ts).
//
// memory_search holds a row per document: (key, customer_id, meta, words). The words are
// the ones TypeScript folded (main/core/text.ts), made a tsvector by array_to_tsvector — no
// parser or dictionary of PostgreSQL's touches them — and each typed token is a prefix
// lexeme ('sofa':*), so a token matches exactly the words it starts, as FTS5's "sofa"* does.
// The GIN index finds the documents; they come back highest key (newest written) first.

/**
 * Words are cut to this many characters, in the documents and the queries alike: a
 * tsvector's lexeme holds at most 2047 bytes (array_to_tsvector would cut it short
 * silently), and a cut word still matches every token typed up to its length. As 016.
 */
const MAX_WORD_CHARS = 500;

const cut = (word: string) => (word.length <= MAX_WORD_CHARS ? word : [...word].slice(0, MAX_WORD_CHARS).join(''));

/** The document's words, cut and each once (a cut may make two the same). */
const lexemes = (doc: MemoryDoc) => [...new Set(doc.words.map(cut))];

/** Every token as a word start. Quoted lexemes: nothing typed reaches tsquery syntax. */
export function prefixQuery(tokens: readonly string[]): string {
  return tokens.map((t) => `'${cut(t).replace(/\\/g, '\\\\').replace(/'/g, "''")}':*`).join(' & ');
}

/**
 * Writes many documents in one statement (an import's notes), in the caller's transaction.
 * Words and meta tokens travel joined by spaces: a folded word holds none.
 */
async function writeMany(db: Kysely<DB>, docs: readonly KeyedDoc[]): Promise<void> {
  const written = docs.filter(({ doc }) => doc.words.length > 0);
  if (written.length === 0) return;
  await sql`INSERT INTO memory_search (key, customer_id, meta, words)
    SELECT k, c, string_to_array(m, ' '), array_to_tsvector(string_to_array(w, ' '))
    FROM unnest(${written.map((d) => d.key)}::bigint[], ${written.map((d) => d.doc.customerId)}::bigint[],
      ${written.map((d) => d.doc.meta.join(' '))}::text[], ${written.map((d) => lexemes(d.doc).join(' '))}::text[]) AS u(k, c, m, w)`
    .execute(db);
}

export const postgresMemoryIndex: MemorySearchIndex = {
  async write(db, key, doc) {
    if (doc.words.length === 0) return;
    await sql`INSERT INTO memory_search (key, customer_id, meta, words)
      VALUES (${key}, ${doc.customerId}, ${[...doc.meta]}::text[], array_to_tsvector(${lexemes(doc)}::text[]))`.execute(db);
  },

  writeMany,

  async remove(db, key) {
    await sql`DELETE FROM memory_search WHERE key = ${key}`.execute(db);
  },

  async keys(db, query: MemoryQuery, below, limit) {
    const meta = query.meta === undefined ? sql`` : sql`AND ${query.meta} = ANY (meta)`;
    const without = query.without?.length ? sql`AND customer_id <> ALL (${[...query.without]}::bigint[])` : sql``;
    const { rows } = await sql<{ key: number }>`SELECT key FROM memory_search
      WHERE words @@ ${prefixQuery(query.tokens)}::tsquery AND key < ${below} ${meta} ${without}
      ORDER BY key DESC LIMIT ${limit}`.execute(db);
    return rows.map((r) => r.key);
  },

  async removeCustomer(db, customerId) {
    await sql`DELETE FROM memory_search WHERE customer_id = ${customerId}`.execute(db);
  },

  fieldValueIds(fieldId, tokens) {
    return sql<number>`(SELECT m.key / 4 FROM memory_search m
      WHERE m.words @@ ${prefixQuery(tokens)}::tsquery AND ${`f${fieldId}`} = ANY (m.meta) AND m.key % 4 = 3)`;
  },
};
