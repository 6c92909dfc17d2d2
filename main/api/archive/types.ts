// Output types of Settings → Archive, re-exported to the renderer through main/api/contract.ts.
// None of them ever holds the server's password: not in plain text, not sealed.
import type { ApiError } from '../errors.js';

/** A PostgreSQL server's database and the user the tills log in as. */
export interface ServerAddress {
  host: string;
  port: number;
  database: string;
  user: string;
}

/** The archive this till works in now. */
export type ArchiveInUse =
  | { kind: 'file'; folder: string }
  | ({ kind: 'server' } & ServerAddress);

/**
 * Where that choice came from: COUNTERPART_DATABASE_URL (which always wins), the choice saved
 * under Settings → Archive, or neither (the data folder's file).
 */
export type ArchiveChosenBy = 'env' | 'settings' | 'default';

/** The choice saved under Settings → Archive, as the screen may see it. */
export type SavedArchive = { kind: 'file' } | ({ kind: 'server' } & ServerAddress);

export interface ArchiveInfo {
  inUse: ArchiveInUse;
  chosenBy: ArchiveChosenBy;
  schemaVersion: number;
  /** What the next start opens, if COUNTERPART_DATABASE_URL does not say otherwise. */
  saved: SavedArchive;
  /** The saved choice differs from the archive in use: it takes effect once the app restarts. */
  restartNeeded: boolean;
  /**
   * A server's password can be kept here (the desktop app with the system's keychain:
   * Electron's safeStorage). Elsewhere the server is chosen with COUNTERPART_DATABASE_URL.
   */
  canChooseServer: boolean;
  /** The app can restart itself (the desktop app). */
  canRestart: boolean;
  /** A move under way or just finished, so a page opened later shows it. */
  move: ArchiveMoveJob | null;
}

/** What a test of a server found; a server that cannot be used is a validation error instead. */
export type ServerTest =
  | { state: 'empty' }
  | {
    state: 'archive';
    schemaVersion: number;
    /** Older than this app: it is brought up to date when a till opens it. */
    migrates: boolean;
    customers: number;
  };

export type ArchiveMovePhase = 'queued' | 'copying' | 'indexing' | 'verifying' | 'done' | 'failed';

export interface ArchiveMoveResult {
  customers: number;
  visits: number;
  notes: number;
  ms: number;
}

export interface ArchiveMoveJob {
  id: string;
  phase: ArchiveMovePhase;
  /** Of the current phase: rows copied (copying), rows indexed (indexing). */
  done: number;
  total: number;
  error?: ApiError;
  result?: ArchiveMoveResult;
}
