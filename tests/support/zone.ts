import { afterAll, beforeAll } from 'vitest';

// The shop's days and months are its machine's local ones (main/core/days.ts). Node applies a
// change of process.env.TZ at once, to Date and to SQLite's 'localtime' alike, so a test can
// stand in a shop's zone; each test file runs in its own process.

const restore = (before: string | undefined) => {
  if (before === undefined) delete process.env.TZ;
  else process.env.TZ = before;
};

/** Runs this test file in `zone` (a test may still move it), and puts the zone back after. */
export function shopZoneForFile(zone: string): void {
  const before = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = zone;
  });
  afterAll(() => restore(before));
}

/** Runs `work` in `zone`, and puts the zone back after. */
export async function inShopZone<T>(zone: string, work: () => T | Promise<T>): Promise<T> {
  const before = process.env.TZ;
  process.env.TZ = zone;
  try {
    return await work();
  } finally {
    restore(before);
  }
}
