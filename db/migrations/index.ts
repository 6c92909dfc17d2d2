import type { Migration } from './types.js';
import { migration001 } from './001_customers.js';
import { migration002 } from './002_loyalty.js';
import { migration003 } from './003_print_jobs.js';
import { migration004 } from './004_customer_memory.js';

// Bundled statically: the packaged app must not scan folders to find its schema.
export const migrations: readonly Migration[] = [migration001, migration002, migration003, migration004];

export const LATEST_SCHEMA_VERSION = migrations.length;
