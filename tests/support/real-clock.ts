// `npm run test:year-ahead` runs the suite under libfaketime (LD_PRELOAD, FAKETIME*). The
// programs the tests start beside the app keep the machine's real clock: Chromium stalls
// under it (its page gets the app's clock anyway), and PostgreSQL's own timers
// (lock_timeout, statement_timeout) never fire under it. The app's times are its own clock's,
// passed in as values, so neither needs to share the faked one.

/** The environment without libfaketime, for a program started by a test. */
export function withoutFakeTime(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const kept = Object.entries(env).filter(([name, value]) => value !== undefined && name !== 'LD_PRELOAD' && !name.startsWith('FAKETIME'));
  return Object.fromEntries(kept) as Record<string, string>;
}
