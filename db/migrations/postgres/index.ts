import type { PostgresMigration } from './types.js';
import { migration001 } from './001_customers.js';
import { migration002 } from './002_loyalty.js';
import { migration003 } from './003_print_jobs.js';
import { migration004 } from './004_customer_memory.js';
import { migration005 } from './005_lists.js';
import { migration006 } from './006_privacy.js';
import { migration007 } from './007_insights.js';
import { migration008 } from './008_privacy_entries.js';
import { migration009 } from './009_list_indexes.js';
import { migration010 } from './010_search_backlog.js';
import { migration011 } from './011_erasure_register.js';
import { migration012 } from './012_import_runs.js';
import { migration013 } from './013_shop_months.js';
import { migration014 } from './014_shop_days.js';
import { migration015 } from './015_search_key_sequence.js';
import { migration016 } from './016_memory_search_postgres.js';
import { migration017 } from './017_insight_changes.js';
import { migration018 } from './018_tag_counts_per_statement.js';
import { migration019 } from './019_change_notifications.js';
import { migration020 } from './020_sale_idempotency.js';

// The PostgreSQL schema, step for step with the SQLite one (db/migrations/index.ts): the same
// numbers and names, so that a schema version means the same tables on either engine.
// Bundled statically, like SQLite's: the packaged app must not scan folders for its schema.
// Months and days (013, 014) are counted in the session's TimeZone: every connection to the
// server sets the shop's zone (013 says why).
export const postgresMigrations: readonly PostgresMigration[] = [
  migration001, migration002, migration003, migration004, migration005,
  migration006, migration007, migration008, migration009, migration010,
  migration011, migration012, migration013, migration014, migration015, migration016, migration017, migration018, migration019, migration020,
];

export const LATEST_POSTGRES_SCHEMA_VERSION = postgresMigrations.length;
