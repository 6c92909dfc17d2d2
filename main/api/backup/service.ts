import type { BackupEntry, BackupJob, BackupOverview } from './types.js';

/**
 * What the backup handlers ask of main/node/backup (files, encryption, workers, the swap),
 * wired by openServices. Everything long returns a job at once; `job` reports on it.
 */
export interface Backups {
  overview(): Promise<BackupOverview>;
  /** "Backup now": one at a time; while one runs, this returns it. */
  start(): BackupJob;
  job(id: string): BackupJob;
  list(): Promise<BackupEntry[]>;
  /** An absolute, existing, writable folder, or '' for the data folder. */
  setFolder(folder: string): Promise<BackupOverview>;
  /** Electron's folder dialog; null when cancelled. */
  pickFolder(): Promise<BackupOverview | null>;
  /** Electron's file dialog; the chosen file joins the list as a `picked` entry. */
  pickFile(): Promise<BackupEntry | null>;
  setPassword(password: string): Promise<BackupOverview>;
  /** Copies (or decrypts) a backup into the data folder and checks it: the first half of a restore. */
  check(backupId: string, password: string): BackupJob;
  /** Saves a safety copy, then swaps the checked backup in. */
  restore(token: string): BackupJob;
  /** Drops a checked backup the shop decided not to restore. */
  discard(token: string): Promise<void>;
}
