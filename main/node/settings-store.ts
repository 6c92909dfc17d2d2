import { DEFAULT_COUNTRY } from '../core/phone.js';
import { mapStrings, spacedControls } from '../core/stored-text.js';
import { settingsSchema, defaultLanguage, DEFAULT_PRINTER, DEFAULT_RECEIPT, DEFAULT_BACKUP, DEFAULT_ARCHIVE, defaultExchange, type Settings, type SettingsStore } from '../api/settings/schema.js';

/** The part of conf / electron-store the settings need; both provide it. */
export interface KeyValueStore {
  readonly store: Record<string, unknown>;
  set(values: Record<string, unknown>): void;
}

export function defaultSettings(locale: string): Settings {
  const language = defaultLanguage(locale);
  return {
    shopName: '', language, country: DEFAULT_COUNTRY, staff: [], currentStaff: '', printer: DEFAULT_PRINTER, receipt: DEFAULT_RECEIPT, backup: DEFAULT_BACKUP,
    exchange: defaultExchange(language), archive: DEFAULT_ARCHIVE,
  };
}

export function settingsStore(backend: KeyValueStore, locale: string): SettingsStore {
  const defaults = defaultSettings(locale);
  const read = (): Settings => {
    // A hand-edited or damaged file must not stop the shop: fall back per field.
    const merged = { ...defaults };
    for (const key of Object.keys(defaults) as (keyof Settings)[]) {
      const schema = settingsSchema.shape[key];
      let field = schema.safeParse(backend.store[key]);
      // Saved before control characters were refused (a staff name pasted with a tab): spaced out, not lost.
      if (!field.success) field = schema.safeParse(mapStrings(backend.store[key], spacedControls));
      if (field.success) Object.assign(merged, { [key]: field.data });
    }
    return merged;
  };
  return {
    get: read,
    update(patch) {
      const next = settingsSchema.parse({ ...read(), ...patch });
      backend.set(next);
      return next;
    },
  };
}
