import type { Archive } from '../../db/archive.js';
import type { ErasureRecord } from '../../db/privacy/register.js';
import type { PrinterSettings, SettingsStore } from './settings/schema.js';
import type { PrintError, PrinterStatus, PrintLine, ReceiptKind } from './receipts/schema.js';
import type { ExportFolder, ExportSaver } from './exchange/files.js';
import type { Backups } from './backup/service.js';
import type { ArchiveHealth } from './app/health.js';
import type { ArchiveChosenBy, ArchiveMoveJob, ServerAddress } from './archive/types.js';
import type { ChangeFeed } from './changes/types.js';

/** A printer with a driver (Windows, macOS, CUPS), reached through Electron. Absent in web mode. */
export interface SystemPrinter {
  list(): Promise<string[]>;
  print(html: string, deviceName: string): Promise<void>;
  /** Asks where to save (the dialog lives in main, the renderer never names a path); false when cancelled. */
  savePdf(html: string, suggestedName?: string): Promise<boolean>;
}

/** One slip, laid out at the printer's width, ready to send. */
export interface Slip {
  kind: ReceiptKind;
  language: 'nl' | 'en';
  title: string;
  columns: 32 | 48;
  lines: PrintLine[];
}

export type PrintOutcome = { ok: true } | { ok: false; error: PrintError };

/** The printer as the handlers see it (main/node/printing): every answer within a few seconds. */
export interface Printing {
  /** Sends a slip; never throws, and settles within the print deadline whatever the printer does. */
  send(slip: Slip, printer: PrinterSettings): Promise<PrintOutcome>;
  /** Reachable or not (network: a TCP connect; device: exists and writable; system: known by name). */
  status(printer: PrinterSettings): Promise<PrinterStatus>;
  /** One run per key at a time: a caller arriving while one is under way shares its promise. */
  once<T>(key: string, run: () => Promise<T>): Promise<T>;
  /**
   * Whether a device printer's path may be written to: a character device or a Windows port,
   * never a file and nothing in the data folder (main/node/printing/device.ts); null when it may.
   */
  checkDevice(path: string, dataDir: string): Promise<'device_missing' | 'not_a_device' | null>;
  /** Main's own dialog picked this path (the renderer never names one): see checkDevice. */
  trustDevice(path: string): void;
}

/** Choosing a folder or file where the dialog lives, in main (Electron); absent in web mode and the CLI. */
export interface Dialogs {
  pickFolder(): Promise<string | null>;
  pickBackupFile(): Promise<string | null>;
  /** A receipt printer's device (/dev/…, a port); absent where the shell has no such dialog. */
  pickPrinterDevice?(): Promise<string | null>;
}

/**
 * The system's keychain (Electron's safeStorage: main/electron/secrets.ts), which seals the
 * shared server's password for Settings → Archive. Absent in web mode and the CLI.
 */
export interface Secrets {
  /** False where the password could only be kept as plain text: nothing is sealed then. */
  available(): boolean;
  /** The text sealed, as base64. */
  seal(text: string): string;
  /** Throws when the keychain cannot open it (another user, another machine). */
  open(sealed: string): string;
}

/** How this till's archive was chosen at start (main/node/archive-choice.ts). */
export interface ArchiveChosen {
  by: ArchiveChosenBy;
  /** The server in use; never its password. */
  server?: ServerAddress;
}

/** Moving the file archive in use into a server, as a job the screen follows (main/node/archive-move.ts). */
export interface ArchiveMoves {
  /** `url` holds the password: never shown or logged. `switchOver` runs once the copy is verified. */
  start(url: string, switchOver: () => void): ArchiveMoveJob;
  job(id: string): ArchiveMoveJob;
  readonly current: ArchiveMoveJob | null;
}

/** Everything a handler may touch. Plain values, so tests build them from real parts. */
export interface Deps {
  archive: Archive;
  settings: SettingsStore;
  clock: () => number;
  /** An integer in [0, 10^10), for card numbers. */
  random: () => number;
  app: { version: string; mode: 'electron' | 'web' | 'cli'; dataDir: string };
  /** Receipt printers; openServices always provides it. */
  printing?: Printing;
  /** Electron's system printing and PDF; absent in web mode and the CLI. */
  systemPrinter?: SystemPrinter;
  /** Where exports are written (main/node/exchange/folder.ts); openServices always provides it. */
  exports?: ExportFolder;
  /** Electron's save dialog for a copy of an export; absent in web mode and the CLI. */
  exportSaver?: ExportSaver;
  /** Electron's folder and file dialogs; absent in web mode and the CLI. */
  dialogs?: Dialogs;
  /** Backups and restore (main/node/backup); openServices always provides it. */
  backups?: Backups;
  /**
   * The data folder's copy of the erasure register (main/node/backup/erasure-file.ts), so a
   * restore onto a damaged or missing archive still knows who was erased.
   */
  erasures?: { save(records: readonly ErasureRecord[]): Promise<void> };
  /** The archive's check at start (main/node/services.ts); absent means sound (tests, the CLI). */
  archiveHealth?: () => ArchiveHealth;
  /** Electron's safeStorage; absent in web mode and the CLI. */
  secrets?: Secrets;
  /** How the archive was chosen; absent means COUNTERPART_DATABASE_URL for a server, else the default file. */
  archiveChosen?: ArchiveChosen;
  /** openServices always provides it. */
  archiveMoves?: ArchiveMoves;
  /** The desktop app starts again (Electron's relaunch); absent elsewhere. */
  restart?: () => void;
  /** What changed in the archive, for live screens (main/node/change-feed.ts); openServices always provides it. */
  changes?: ChangeFeed;
}
