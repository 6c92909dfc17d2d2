import { it, describe } from 'vitest';

// Which engine the handler suites run on in this vitest project (vitest.config.ts): the
// SQLite file (the default project) or a PostgreSQL server (the `postgres` project, which
// runs the same files again). testApp (services.ts) opens the archive on it.
//
// A test about the SQLite file itself (its WAL, its pages, quick_check, a file copied over
// it) does not apply to the server: `onFile` registers it only in the SQLite run, rather
// than skipping it in the other, and the server's own behaviour has its own tests.

export type TestEngine = 'sqlite' | 'postgres';

export const testEngine: TestEngine = process.env.COUNTERPART_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

export const onServer = testEngine === 'postgres';

const none = (() => {}) as unknown;

/** `it` in the SQLite run only: the test is about the file itself. */
export const itOnFile = (onServer ? none : it) as typeof it;
/** `describe` in the SQLite run only. */
export const describeOnFile = (onServer ? none : describe) as typeof describe;
/** `it` in the PostgreSQL run only: the server's own behaviour. */
export const itOnServer = (onServer ? it : none) as typeof it;
