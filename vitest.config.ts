import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    // A loaded machine (CI on two cores) may take seconds to render; poll for long enough.
    expect: { poll: { timeout: 8_000, interval: 50 } },
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
