// Output types of the backup calls, re-exported to the renderer through main/api/contract.ts.
import type { ApiError, ErrorCode } from '../errors.js';
import type { BackupSettings } from '../settings/schema.js';

/** Rows per table, as counted in a backup (or in the archive it was taken from). */
export type TableCounts = Record<string, number>;

/**
 * Where a backup lies: the shop's chosen folder, the data folder's own `backups` (the
 * fallback), the safety copies made before a restore, or a file chosen in a dialog.
 */
export type BackupPlace = 'folder' | 'fallback' | 'safety' | 'picked';
export type BackupKind = 'auto' | 'manual' | 'safety';

export interface BackupEntry {
  /** Opaque to the renderer: the place and the generated file name, checked again in main. */
  id: string;
  place: BackupPlace;
  name: string;
  kind: BackupKind;
  createdAt: number;
  size: number;
  encrypted: boolean;
  /** What its manifest says; null for a file without one (chosen in a dialog). */
  manifest: { appVersion: string; schemaVersion: number; counts: TableCounts } | null;
}

export interface BackupFolderState {
  /** As configured; '' for the data folder's own `backups`. */
  path: string;
  state: 'default' | 'ok' | 'missing' | 'unusable';
}

export interface LastBackup {
  at: number;
  name: string;
  place: BackupPlace;
  /** The folder it was written to: the shop's own, shown so they know where to look. */
  folder: string;
  encrypted: boolean;
}

export interface BackupOverview {
  lastGood: LastBackup | null;
  /** Whole days since the last good backup (by main's clock); null when there is none. */
  ageDays: number | null;
  /** No good backup, or the last is older than settings.warnAfterDays. */
  stale: boolean;
  /** The last automatic attempt's trouble (a failure, or the folder was missing and the data folder took it). */
  problem: { code: ErrorCode; at: number; folder?: string } | null;
  folder: BackupFolderState;
  fallbackFolder: string;
  settings: BackupSettings;
  hasPassword: boolean;
  /** Electron's folder and file dialogs; web mode types a folder and restores from the list. */
  canPickFolder: boolean;
  canPickFile: boolean;
  /** A backup or restore under way, so a page opened later shows its progress. */
  job: BackupJob | null;
}

export type BackupPhase =
  | 'queued'
  | 'copying'
  | 'verifying'
  | 'encrypting'
  | 'decrypting'
  | 'writing manifest'
  | 'safety copy'
  | 'swapping'
  | 'done'
  | 'failed';

export interface BackupResult {
  name: string;
  place: BackupPlace;
  folder: string;
  createdAt: number;
  encrypted: boolean;
  size: number;
  counts: TableCounts;
  /** The chosen folder could not be used, so the backup went to the data folder. */
  fellBack: ErrorCode | null;
}

/** A backup checked and staged for a restore, waiting for the shop's confirmation. */
export interface RestoreCheck {
  token: string;
  name: string;
  createdAt: number;
  counts: TableCounts;
  schemaVersion: number;
  appVersion: string | null;
  encrypted: boolean;
  /** Written by an older version: it is brought up to date when it is opened. */
  migrates: boolean;
}

export interface RestoreResult {
  name: string;
  createdAt: number;
  counts: TableCounts;
  /** The archive as it was just before, kept among the safety copies. */
  safetyCopy: string;
  /** Customers erased since the backup was made, whom it brought back: erased again at once. */
  erasedAgain: number;
}

interface JobBase {
  id: string;
  phase: BackupPhase;
  /** Of the current phase: pages, bytes or steps. */
  done: number;
  total: number;
  error?: ApiError;
}

export type BackupJob =
  | (JobBase & { kind: 'backup'; result?: BackupResult })
  | (JobBase & { kind: 'check'; result?: RestoreCheck })
  | (JobBase & { kind: 'restore'; result?: RestoreResult });
