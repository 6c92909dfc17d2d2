import type { PostgresMigration } from './types.js';

// The notes search index on PostgreSQL (SQLite: memory_search, the FTS5 table 004 made; the
// SQLite step 016 is a no-op). What is written about customers — entry texts with their
// resolutions, facts, text and choice field values — as their folded words
// (main/core/text.ts), read by db/memory/search-index-postgres.ts behind MemorySearchIndex
// (db/memory/memory-search-index.ts).
//
// memory_search: one row per document.
//  - key: SQLite's rowid, id * 4 + 1 for an entry, + 2 for a fact, + 3 for a field value
//    (db/memory/search.ts); the search reads newest written (highest key) first.
//  - customer_id: whose document, to leave customers out of a search and to take a
//    customer's documents out when they are erased or merged (SQLite's "c123" meta token).
//    No foreign key, like SQLite's index: a search skips documents whose text is gone.
//  - meta: the rest of SQLite's meta column, e.g. {wish, wishopen} or {field, f5}.
//  - words: the folded words as a tsvector made with array_to_tsvector (no parser, no
//    dictionary: the words are exactly the ones TypeScript folded, as in SQLite), so a word
//    start is a prefix tsquery ('sofa':*) on the GIN index.
//
// The texts already on the server are indexed here. 004 left this index out, so no text
// could be written through the app since (its write failed); what a copy or a hand put there
// is folded by memory_words() below, the SQL twin of main/core/text.ts words(): NFKD, marks
// removed, lower case (ICU, whatever the cluster's locale), the extra folds, apostrophes
// dropped, split on anything not a letter or digit. Marks, letters and digits are the
// Unicode classes of the JavaScript engine running the migration (\p{M}, \p{L}, \p{N}): the
// same tables the app folds with, so the index and the queries agree.

/** Words longer than this many characters are cut (a tsvector's lexeme holds at most 2047 bytes). */
const MAX_WORD_CHARS = 500;

/** The code points of a Unicode class as the inside of a regular expression's brackets. */
function bracketOf(test: RegExp): string {
  let out = '';
  let start = -1;
  const close = (end: number) => {
    out += end === start ? String.fromCodePoint(start) : `${String.fromCodePoint(start)}-${String.fromCodePoint(end)}`;
    start = -1;
  };
  for (let c = 0; c <= 0x10ffff; c++) {
    const inside = test.test(String.fromCodePoint(c));
    if (inside && start < 0) start = c;
    else if (!inside && start >= 0) close(c - 1);
  }
  if (start >= 0) close(0x10ffff);
  return out;
}

const EXTRA_FOLDS: readonly [string, string][] = [
  ['ß', 'ss'], ['ø', 'o'], ['æ', 'ae'], ['œ', 'oe'], ['ł', 'l'], ['đ', 'd'], ['ð', 'd'], ['þ', 'th'], ['ı', 'i'], ['ĳ', 'ij'],
];

function memoryWordsFunction(): string {
  const marks = bracketOf(/^\p{M}$/u);
  const wordChars = bracketOf(/^[\p{L}\p{N}]$/u);
  let folded = `lower(regexp_replace(normalize(texts, NFKD), '[${marks}]+', '', 'g') COLLATE "und-x-icu")`;
  for (const [from, to] of EXTRA_FOLDS) folded = `replace(${folded}, '${from}', '${to}')`;
  return `CREATE FUNCTION pg_temp.memory_words(texts TEXT) RETURNS TEXT[] LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(array_agg(DISTINCT left(w, ${MAX_WORD_CHARS})), '{}')
    FROM regexp_split_to_table(regexp_replace(${folded}, '[''’\`´]', '', 'g'), '[^${wordChars}]+') AS w
    WHERE w <> ''
  $$`;
}

export const migration016: PostgresMigration = {
  version: 16,
  name: 'memory_search_postgres',
  // A getter: the Unicode classes take a tenth of a second to list, spent only when the
  // step runs, not whenever the app starts.
  get statements(): readonly string[] {
    return [
      `CREATE TABLE memory_search (
        key BIGINT PRIMARY KEY CHECK (key % 4 BETWEEN 1 AND 3),
        customer_id BIGINT NOT NULL,
        meta TEXT[] NOT NULL,
        words TSVECTOR NOT NULL
      )`,
      `CREATE INDEX memory_search_words ON memory_search USING gin (words)`,
      `CREATE INDEX memory_search_customer ON memory_search (customer_id)`,

      memoryWordsFunction(),
      `INSERT INTO memory_search (key, customer_id, meta, words)
        SELECT e.id * 4 + 1, e.customer_id,
          CASE WHEN e.status IS NULL THEN ARRAY[e.kind] ELSE ARRAY[e.kind, e.kind || e.status] END, array_to_tsvector(w)
        FROM customer_entries e CROSS JOIN LATERAL pg_temp.memory_words(e.text || ' ' || e.resolution) AS w
        WHERE e.deleted_at IS NULL AND cardinality(w) > 0`,
      `INSERT INTO memory_search (key, customer_id, meta, words)
        SELECT f.id * 4 + 2, f.customer_id, ARRAY['fact'], array_to_tsvector(w)
        FROM customer_facts f CROSS JOIN LATERAL pg_temp.memory_words(f.text) AS w
        WHERE cardinality(w) > 0`,
      // A choice value holds its option's id; the index holds the option's label.
      `INSERT INTO memory_search (key, customer_id, meta, words)
        SELECT v.id * 4 + 3, v.customer_id, ARRAY['field', 'f' || v.field_id], array_to_tsvector(w)
        FROM customer_field_values v JOIN custom_fields d ON d.id = v.field_id
        CROSS JOIN LATERAL pg_temp.memory_words(CASE d.kind WHEN 'text' THEN v.value ELSE coalesce(
          (SELECT o ->> 'label' FROM json_array_elements(d.options::json) AS o WHERE o ->> 'id' = v.value), '') END) AS w
        WHERE d.kind IN ('text', 'choice') AND cardinality(w) > 0`,
      `DROP FUNCTION pg_temp.memory_words(TEXT)`,
    ];
  },
};
