import type { TestProject } from 'vitest/node';
import { postgresAvailable, startMigratedPostgres } from './postgres.js';

// globalSetup of the `postgres` vitest project (vitest.config.ts): one throwaway PostgreSQL
// cluster for the whole run, with a migrated template database each test copies
// (postgres-each.ts). Stopped and removed when the run ends.

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test server's admin URL (database `postgres`), or '' when PostgreSQL is missing here. */
    postgresAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  if (!postgresAvailable()) {
    project.provide('postgresAdminUrl', '');
    return;
  }
  const server = await startMigratedPostgres();
  project.provide('postgresAdminUrl', server.urlFor('postgres'));
  return () => server.stop();
}
