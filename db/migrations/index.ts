import type { Migration } from './types.js';
import { migration001 } from './001_customers.js';

// Bundled statically: the packaged app must not scan folders to find its schema.
export const migrations: readonly Migration[] = [migration001];

export const LATEST_SCHEMA_VERSION = migrations.length;
