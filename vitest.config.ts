import { defineConfig } from 'vitest/config';
import { findPostgres } from './tests/support/postgres.js';

const shared = {
  pool: 'forks' as const,
  testTimeout: 30_000,
  // A loaded machine (CI on two cores) may take seconds to render; poll for long enough.
  expect: { poll: { timeout: 8_000, interval: 50 } },
  hookTimeout: 60_000,
};

// The handler suites run twice: on the SQLite file (every test) and again on a PostgreSQL
// server (tests/support/engine.ts). Without PostgreSQL's binaries a developer's run leaves
// the second out with a message naming the package; CI (COUNTERPART_REQUIRE_POSTGRES) never does.
const postgresWanted = Boolean(findPostgres() || process.env.CI || process.env.COUNTERPART_REQUIRE_POSTGRES);
if (!postgresWanted) {
  console.warn('Leaving out the PostgreSQL run of the handler suites: install Debian\'s `postgresql` package to include it.');
}

/** Handler suites about the SQLite file alone (its pages, WAL, quick_check, file backups). */
const FILE_ONLY = ['tests/api/archive-damaged.test.ts', 'tests/api/backup*.test.ts', 'tests/api/privacy-restore.test.ts'];

export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      { test: { ...shared, name: 'sqlite', include: ['tests/**/*.test.ts'] } },
      ...(postgresWanted
        ? [{
          test: {
            ...shared,
            name: 'postgres',
            include: ['tests/api/**/*.test.ts'],
            exclude: FILE_ONLY,
            env: { COUNTERPART_TEST_ENGINE: 'postgres' },
            globalSetup: ['tests/support/postgres-project.ts'],
            setupFiles: ['tests/support/postgres-each.ts'],
          },
        }]
        : []),
    ],
  },
});
