import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openServices, type ServiceOptions, type Services } from '../../main/node/services.js';
import { confSettings } from '../../main/node/conf-settings.js';
import type { CallInput, CallName, CallOutput } from '../../main/api/contract.js';
import type { ApiError } from '../../main/api/errors.js';
import { onServer } from './engine.js';
import { testDatabaseUrl } from './postgres-each.js';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

export function tempDir(prefix = 'counterpart-', autoClean = true): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  if (autoClean) cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface TestApp extends Services {
  dataDir: string;
  now: { value: number };
  /** For apps made with `{ manual: true }`: close the archive and remove the folder. */
  dispose(): Promise<void>;
  ok<N extends CallName>(name: N, input?: CallInput<N>): Promise<CallOutput<N>>;
  fail<N extends CallName>(name: N, input?: CallInput<N> | unknown): Promise<ApiError>;
}

/**
 * The real handlers over a real SQLite file in a temp folder, with a clock the test moves;
 * in the `postgres` project over this test's own PostgreSQL database instead (engine.ts).
 */
export function testApp(
  options: { dataDir?: string; locale?: string; manual?: boolean; databaseUrl?: string } & Pick<ServiceOptions, 'systemPrinter' | 'printing' | 'secrets' | 'archiveChosenBy'> = {},
): TestApp {
  const manual = options.manual ?? false;
  const dataDir = options.dataDir ?? tempDir('counterpart-', !manual);
  const now = { value: Date.UTC(2026, 10, 25, 10, 0, 0) };
  const services = openServices({
    dataDir,
    mode: 'web',
    settings: (dir) => confSettings(dir, options.locale ?? 'nl-NL'),
    clock: () => now.value++,
    // COUNTERPART_TEST_LOG=1 shows what a handler logged (an `internal` error's cause).
    log: process.env.COUNTERPART_TEST_LOG ? (message, error) => console.error(message, error) : () => {},
    // databaseUrl: a database other than this test's (postgres-each.ts fileDatabase).
    ...(onServer ? { databaseUrl: options.databaseUrl ?? testDatabaseUrl(), till: 'test' } : {}),
    ...(options.systemPrinter ? { systemPrinter: options.systemPrinter } : {}),
    ...(options.printing ? { printing: options.printing } : {}),
    // Settings → Archive: a fake keychain (tests/support/fake-secrets.ts) and how the archive was chosen.
    ...(options.secrets ? { secrets: options.secrets } : {}),
    ...(options.archiveChosenBy ? { archiveChosenBy: options.archiveChosenBy } : {}),
  });
  const dispose = async () => {
    await services.close();
    if (manual && !options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  if (!manual) cleanups.push(() => services.close());
  return {
    ...services,
    dataDir,
    now,
    dispose,
    async ok(name, input) {
      const result = await services.api.call(name, input ?? {});
      if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
      return result.value as never;
    },
    async fail(name, input) {
      const result = await services.api.call(name, input ?? {});
      if (result.ok) throw new Error(`${name} unexpectedly succeeded`);
      return result.error;
    },
  };
}
