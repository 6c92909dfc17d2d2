import type { Migration } from './types.js';
import { migration001 } from './001_customers.js';
import { migration002 } from './002_loyalty.js';

// Bundled statically: the packaged app must not scan folders to find its schema.
export const migrations: readonly Migration[] = [migration001, migration002];

export const LATEST_SCHEMA_VERSION = migrations.length;
