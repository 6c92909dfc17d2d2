import { z } from 'zod';

export const APP_LANGUAGES = ['nl', 'en'] as const;
export type AppLanguage = (typeof APP_LANGUAGES)[number];

export const settingsSchema = z.object({
  shopName: z.string({ error: 'invalid' }).trim().max(80, { error: 'too_long' }),
  language: z.enum(APP_LANGUAGES, { error: 'invalid' }),
});

export type Settings = z.output<typeof settingsSchema>;

export const settingsPatch = settingsSchema.partial();

/** Where settings live is the shell's business (electron-store, or conf without Electron). */
export interface SettingsStore {
  get(): Settings;
  update(patch: Partial<Settings>): Settings;
}

export function defaultLanguage(locale: string): AppLanguage {
  return locale.toLowerCase().startsWith('nl') ? 'nl' : 'en';
}
