import type { Archive } from '../../db/open.js';
import type { SettingsStore } from './settings/schema.js';

/** Everything a handler may touch. Plain values, so tests build them from real parts. */
export interface Deps {
  archive: Archive;
  settings: SettingsStore;
  clock: () => number;
  /** An integer in [0, 10^10), for card numbers. */
  random: () => number;
  app: { version: string; mode: 'electron' | 'web' | 'cli'; dataDir: string };
}
