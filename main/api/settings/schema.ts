import { z } from 'zod';
import { SHOP_COUNTRIES } from '../../core/phone.js';
import { lineText, multilineText } from '../text-schema.js';

export const APP_LANGUAGES = ['nl', 'en'] as const;
export type AppLanguage = (typeof APP_LANGUAGES)[number];

export const PRINTER_TYPES = ['epson', 'star'] as const;
export const CHARACTER_SETS = ['PC858_EURO', 'PC437_USA', 'PC850_MULTILINGUAL', 'WPC1252'] as const;

const hostname = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;

export const printerConnection = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('network'),
    /** Empty until the shop fills it in: nothing is printed or probed before that. */
    host: z.string().trim().max(253, { error: 'too_long' }).refine((v) => v === '' || hostname.test(v), { error: 'invalid' }),
    port: z.number({ error: 'invalid' }).int({ error: 'invalid' }).min(1, { error: 'out_of_range' }).max(65535, { error: 'out_of_range' }),
  }),
  /** A USB or serial printer the system shows as a file, e.g. /dev/usb/lp0 or COM3. */
  z.object({ kind: z.literal('device'), path: lineText(260).min(1, { error: 'required' }) }),
  /** A printer with a driver (Windows, macOS, CUPS), printed to by Electron. */
  z.object({ kind: z.literal('system'), name: lineText(200).min(1, { error: 'required' }) }),
], { error: 'invalid' });

export const printerSettings = z.object({
  enabled: z.boolean(),
  type: z.enum(PRINTER_TYPES, { error: 'invalid' }),
  connection: printerConnection,
  /** Characters per line: 32 on 58 mm paper, 48 on 80 mm. */
  columns: z.union([z.literal(32), z.literal(48)], { error: 'invalid' }),
  characterSet: z.enum(CHARACTER_SETS, { error: 'invalid' }),
  cut: z.boolean(),
  openDrawer: z.boolean(),
});

export const receiptSettings = z.object({
  /** Under the shop name: address, phone, website. May run over lines (the receipt layout breaks them). */
  header: multilineText(300, { trim: false }),
  footer: multilineText(300, { trim: false }),
  personalLine: lineText(120, { trim: false }),
  birthdayLine: z.boolean(),
  welcomeBackLine: z.boolean(),
  /** "Long absence" for the welcome-back line. */
  welcomeBackAfterDays: z.number().int().min(7, { error: 'out_of_range' }).max(730, { error: 'out_of_range' }),
});

/** Backups (main/node/backup): where, how often kept, and when the home screen warns. */
export const backupSettings = z.object({
  /** An absolute folder (a USB stick, a network drive); '' for the data folder's own `backups`. */
  folder: lineText(1000),
  /** Daily and on quit, with rotation. */
  automatic: z.boolean(),
  /** Needs a backup password first (backup.setPassword); the password itself is never stored. */
  encrypt: z.boolean(),
  keep: z.object({
    daily: z.number({ error: 'invalid' }).int({ error: 'invalid' }).min(1, { error: 'out_of_range' }).max(60, { error: 'out_of_range' }),
    weekly: z.number({ error: 'invalid' }).int({ error: 'invalid' }).min(0, { error: 'out_of_range' }).max(52, { error: 'out_of_range' }),
    monthly: z.number({ error: 'invalid' }).int({ error: 'invalid' }).min(0, { error: 'out_of_range' }).max(120, { error: 'out_of_range' }),
  }),
  warnAfterDays: z.number({ error: 'invalid' }).int({ error: 'invalid' }).min(1, { error: 'out_of_range' }).max(60, { error: 'out_of_range' }),
});

/** Exports and imports (main/api/exchange). */
export const exchangeSettings = z.object({
  /** CSV separator: `;` where spreadsheets use the decimal comma (Dutch Excel), `,` otherwise. */
  separator: z.enum([';', ','], { error: 'invalid' }),
});

export type ExchangeSettings = z.output<typeof exchangeSettings>;

/** The separator the shop's spreadsheets expect, from the app's language. */
export const defaultExchange = (language: AppLanguage): ExchangeSettings => ({ separator: language === 'nl' ? ';' : ',' });

/**
 * Settings → Archive: the data folder's file, or a shared PostgreSQL server. The password is
 * kept only as the system keychain sealed it (Electron's safeStorage, base64): never as typed.
 * COUNTERPART_DATABASE_URL, when set, wins over it (main/node/archive-choice.ts).
 */
export const archiveSetting = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file') }),
  z.object({
    kind: z.literal('server'),
    host: lineText(253).min(1, { error: 'required' }),
    port: z.number({ error: 'invalid' }).int({ error: 'invalid' }).min(1, { error: 'out_of_range' }).max(65535, { error: 'out_of_range' }),
    database: lineText(63).min(1, { error: 'required' }),
    user: lineText(63).min(1, { error: 'required' }),
    sealedPassword: z.string().max(10_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'invalid' }),
  }),
], { error: 'invalid' });

export type ArchiveSetting = z.output<typeof archiveSetting>;

export const DEFAULT_ARCHIVE: ArchiveSetting = { kind: 'file' };

export const MAX_STAFF = 20;

const staffName = lineText(40).min(1, { error: 'required' });

export const settingsSchema = z.object({
  shopName: lineText(80),
  language: z.enum(APP_LANGUAGES, { error: 'invalid' }),
  /** The shop's country: phone numbers without a country code are read as its numbers (main/core/phone.ts). */
  country: z.enum(SHOP_COUNTRIES, { error: 'invalid' }),
  /** Who works at the counter: the names the header offers and the timeline records. */
  staff: z
    .array(staffName)
    .max(MAX_STAFF, { error: 'too_many' })
    .refine((names) => new Set(names.map((n) => n.toLowerCase())).size === names.length, { error: 'duplicate' }),
  /** The one chosen in the header, remembered; '' for nobody in particular. */
  currentStaff: lineText(40),
  printer: printerSettings,
  receipt: receiptSettings,
  backup: backupSettings,
  exchange: exchangeSettings,
  archive: archiveSetting,
});

export type PrinterSettings = z.output<typeof printerSettings>;
export type ReceiptSettings = z.output<typeof receiptSettings>;

export const DEFAULT_PRINTER: PrinterSettings = {
  enabled: false,
  type: 'epson',
  connection: { kind: 'network', host: '', port: 9100 },
  columns: 48,
  characterSet: 'PC858_EURO',
  cut: true,
  openDrawer: false,
};

export const DEFAULT_RECEIPT: ReceiptSettings = {
  header: '',
  footer: '',
  personalLine: '',
  birthdayLine: true,
  welcomeBackLine: true,
  welcomeBackAfterDays: 60,
};

export type BackupSettings = z.output<typeof backupSettings>;

export const DEFAULT_BACKUP: BackupSettings = {
  folder: '',
  automatic: true,
  encrypt: false,
  keep: { daily: 7, weekly: 4, monthly: 12 },
  warnAfterDays: 3,
};

export type Settings = z.output<typeof settingsSchema>;

/** The archive is chosen through archive.useServer / archive.useFile, which seal the password. */
export const settingsPatch = settingsSchema.omit({ archive: true }).partial();

/** Where settings live is the shell's business (electron-store, or conf without Electron). */
export interface SettingsStore {
  get(): Settings;
  update(patch: Partial<Settings>): Settings;
}

export function defaultLanguage(locale: string): AppLanguage {
  return locale.toLowerCase().startsWith('nl') ? 'nl' : 'en';
}
