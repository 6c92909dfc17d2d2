import Conf from 'conf';
import type { SettingsStore } from '../api/settings/schema.js';
import { settingsStore } from './settings-store.js';

/** Settings where Electron is absent (web mode, CLI, tests): conf, electron-store's backend. */
export function confSettings(dataDir: string, locale: string): SettingsStore {
  const conf = new Conf<Record<string, unknown>>({ cwd: dataDir, configName: 'settings', projectName: 'counterpart', clearInvalidConfig: true });
  return settingsStore(conf, locale);
}
