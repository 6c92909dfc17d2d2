import type { PostgresMigration } from './types.js';

// Tag counts per statement (SQLite: db/migrations/018_tag_counts_per_statement.ts, a no-op there).
//
// 004 kept tags.customer_count with row-level triggers: each customer_tags row inserted or
// deleted updated its tag's row by one. On PostgreSQL every update of a row writes a new
// version of it, and the next update in the same transaction must walk past the versions
// before it: an import chunk that gives one tag to n customers rewrote that tags row n times,
// each dearer than the last (quadratic in the chunk's size). Here the triggers run once per
// statement, over the statement's transition table, and update each touched tag once by the
// number of its rows — the same counts:
//  - a row counts while its customer is not archived (read when the statement's triggers
//    run, as 004's row triggers were, at the end of the statement); a missing customer
//    reads as not archived, as 004's subquery did;
//  - inserts add, deletes subtract; an UPDATE of customer_tags changes no count (004 had no
//    UPDATE trigger, and nothing updates the table); TRUNCATE stays refused (004);
//  - archiving or restoring a customer still moves the counts of their tags (004's
//    customers_archived_tag_counts, left as it is: it touches one customer's tags a row).
// The tags are locked in the order of their ids before they are updated, so two tills
// importing at once wait for each other rather than deadlock (and the second, serializable,
// then runs again).
const COUNT = (rows: string, sign: '+' | '-') => `
  WITH delta AS (
    SELECT r.tag_id, count(*) AS n
    FROM ${rows} r LEFT JOIN customers c ON c.id = r.customer_id
    WHERE c.archived_at IS NULL
    GROUP BY r.tag_id
  ), locked AS (
    SELECT t.id, d.n FROM tags t JOIN delta d ON d.tag_id = t.id ORDER BY t.id FOR NO KEY UPDATE OF t
  )
  UPDATE tags t SET customer_count = t.customer_count ${sign} l.n FROM locked l WHERE t.id = l.id`;

export const migration018: PostgresMigration = {
  version: 18,
  name: 'tag_counts_per_statement',
  statements: [
    `DROP TRIGGER customer_tags_count_i ON customer_tags`,
    `DROP TRIGGER customer_tags_count_d ON customer_tags`,
    `DROP FUNCTION customer_tags_count_i()`,
    `DROP FUNCTION customer_tags_count_d()`,

    `CREATE FUNCTION customer_tags_count_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${COUNT('added', '+')};
        RETURN NULL;
      END $$`,
    `CREATE TRIGGER customer_tags_count_i AFTER INSERT ON customer_tags
      REFERENCING NEW TABLE AS added
      FOR EACH STATEMENT EXECUTE FUNCTION customer_tags_count_added()`,
    `CREATE FUNCTION customer_tags_count_removed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${COUNT('removed', '-')};
        RETURN NULL;
      END $$`,
    `CREATE TRIGGER customer_tags_count_d AFTER DELETE ON customer_tags
      REFERENCING OLD TABLE AS removed
      FOR EACH STATEMENT EXECUTE FUNCTION customer_tags_count_removed()`,
  ],
};
