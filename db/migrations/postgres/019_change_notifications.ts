import type { PostgresMigration } from './types.js';

// What changed, told by the archive itself (SQLite: db/migrations/019_change_notifications.ts,
// a no-op there). The screens of one till follow what another till, the CLI or an import
// writes (main/node/change-feed.ts LISTENs): each statement that changes a table a screen
// shows sends one NOTIFY on the channel `counterpart_changes` with a small JSON payload
//   {"topic": "customer" | "loyalty" | "memory" | "receipts", "customers": [ids] | "many"}
// - one per statement, never one per row: the triggers are statement-level over the
//   statement's transition tables, so an import of 100,000 rows in chunks sends one per
//   chunk and table, and a statement that changed nothing sends none;
// - the customers whose rows changed (distinct, ascending), or "many" past CAP of them, or for
//   a table of the whole shop (the programme, rewards, tag names, field definitions): the
//   payload stays far below PostgreSQL's 8000 bytes (CAP ids of at most 16 digits);
// - an UPDATE that changed only bookkeeping columns (a customer's last_seen_at and search_key,
//   which opening a profile writes to put it first among the recent; a tag's customer_count,
//   which 018's triggers keep) is no news: a screen that refetched on it would write it again;
// - NOTIFY is delivered at commit, and not at all on rollback (a serializable retry sends
//   only what its last, committed run wrote); the same payload twice in one transaction is
//   delivered once, so a purchase (visit, ledger, balance) is one notification.
// Three triggers per table: a trigger with transition tables may have one event only.

/** Most customer ids a payload lists; past it, "many". */
const CAP = 200;

const TABLES: readonly { table: string; topic: string; customer: string; quiet?: string }[] = [
  { table: 'customers', topic: 'customer', customer: 'id', quiet: 'last_seen_at,search_key' },
  { table: 'customer_phones', topic: 'customer', customer: 'customer_id' },
  { table: 'visits', topic: 'loyalty', customer: 'customer_id' },
  { table: 'ledger_entries', topic: 'loyalty', customer: 'customer_id' },
  { table: 'loyalty_balances', topic: 'loyalty', customer: 'customer_id' },
  { table: 'loyalty_programs', topic: 'loyalty', customer: '' },
  { table: 'rewards', topic: 'loyalty', customer: '' },
  { table: 'customer_entries', topic: 'memory', customer: 'customer_id' },
  { table: 'customer_facts', topic: 'memory', customer: 'customer_id' },
  { table: 'customer_tags', topic: 'memory', customer: 'customer_id' },
  { table: 'tags', topic: 'memory', customer: '', quiet: 'customer_count' },
  { table: 'customer_field_values', topic: 'memory', customer: 'customer_id' },
  { table: 'custom_fields', topic: 'memory', customer: '' },
  { table: 'follow_ups', topic: 'memory', customer: 'customer_id' },
  { table: 'print_jobs', topic: 'receipts', customer: 'customer_id' },
];

const args = (t: (typeof TABLES)[number]) => [t.topic, t.customer, ...(t.quiet ? [t.quiet] : [])].map((a) => `'${a}'`).join(', ');

export const migration019: PostgresMigration = {
  version: 19,
  name: 'change_notifications',
  statements: [
    // notify_changes(topic, customer column or '' for the whole shop[, quiet columns]).
    `CREATE FUNCTION notify_changes() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        topic text := TG_ARGV[0];
        id_column text := TG_ARGV[1];
        quiet text[] := CASE WHEN TG_NARGS > 2 THEN string_to_array(TG_ARGV[2], ',') ELSE '{}'::text[] END;
        id_of text := CASE WHEN id_column = '' THEN 'NULL::bigint' ELSE 'r.' || quote_ident(id_column) END;
        changed text;
        found_rows bigint;
        ids bigint[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          changed := format('SELECT %s AS id FROM new_rows r', id_of);
        ELSIF TG_OP = 'DELETE' THEN
          changed := format('SELECT %s AS id FROM old_rows r', id_of);
        ELSIF cardinality(quiet) = 0 THEN
          changed := format('SELECT %1$s AS id FROM new_rows r UNION ALL SELECT %1$s FROM old_rows r', id_of);
        ELSE
          -- Rows as they were and as they are, the quiet columns left out: what differs is news.
          changed := format($q$
            SELECT (c.j ->> %1$L)::bigint AS id FROM (
              (SELECT to_jsonb(r) - $1 AS j FROM new_rows r EXCEPT ALL SELECT to_jsonb(r) - $1 FROM old_rows r)
              UNION ALL
              (SELECT to_jsonb(r) - $1 FROM old_rows r EXCEPT ALL SELECT to_jsonb(r) - $1 FROM new_rows r)
            ) c$q$, id_column);
        END IF;
        EXECUTE format(
          'SELECT count(*), array_agg(d.id ORDER BY d.id) FILTER (WHERE d.id IS NOT NULL)
           FROM (SELECT DISTINCT c.id FROM (%s) c LIMIT ${CAP + 2}) d', changed)
          USING quiet INTO found_rows, ids;
        IF found_rows = 0 THEN
          RETURN NULL;
        END IF;
        PERFORM pg_notify('counterpart_changes', json_build_object(
          'topic', topic,
          'customers', CASE WHEN id_column = '' OR cardinality(ids) > ${CAP} THEN to_json('many'::text)
                            ELSE to_json(coalesce(ids, '{}'::bigint[])) END)::text);
        RETURN NULL;
      END $$`,
    ...TABLES.flatMap((t) => [
      `CREATE TRIGGER ${t.table}_changes_i AFTER INSERT ON ${t.table}
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_changes(${args(t)})`,
      `CREATE TRIGGER ${t.table}_changes_u AFTER UPDATE ON ${t.table}
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_changes(${args(t)})`,
      `CREATE TRIGGER ${t.table}_changes_d AFTER DELETE ON ${t.table}
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION notify_changes(${args(t)})`,
    ]),
  ],
};
