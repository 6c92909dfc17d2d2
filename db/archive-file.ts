import fs from 'node:fs';
import path from 'node:path';

// What the archive file says about itself before SQLite opens it, and what SQLite's own
// errors mean for the shop. Every refusal here leaves the file as it was found: a shop
// told "this is not an archive" may delete a good file, so each case gets its own code.

/** "CPRT": marks a SQLite file as a Counterpart archive. */
export const APPLICATION_ID = 0x43505254;

export type ArchiveProblem =
  | 'db_too_new'
  | 'not_an_archive'
  | 'archive_empty'
  | 'archive_truncated'
  | 'archive_damaged'
  | 'archive_readonly'
  | 'archive_folder_readonly';

const MESSAGES: Record<ArchiveProblem, string> = {
  db_too_new: 'The archive was written by a newer Counterpart.',
  not_an_archive: 'This file is not a Counterpart archive.',
  archive_empty: 'The archive file is empty (0 bytes).',
  archive_truncated: 'The archive file is shorter than it says it is: it was cut off.',
  archive_damaged: 'The archive is damaged.',
  archive_readonly: 'The archive file cannot be written to.',
  archive_folder_readonly: 'The folder that holds the archive cannot be written to.',
};

export class ArchiveRefusedError extends Error {
  constructor(
    readonly code: ArchiveProblem,
    readonly details: { fileVersion?: number; appVersion?: number; problems?: string[] } = {},
  ) {
    super(code === 'db_too_new'
      ? `The archive was written by a newer Counterpart (schema ${details.fileVersion}, this app knows ${details.appVersion}).`
      : MESSAGES[code]);
    this.name = 'ArchiveRefusedError';
  }
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const HEADER_BYTES = 100;
/** A WAL file's own header; frames after it may hold pages the main file does not have yet. */
const WAL_HEADER_BYTES = 32;

export interface FileLook {
  exists: boolean;
  /** Our application_id in the header (a file SQLite may still refuse to read: damaged, not foreign). */
  ours: boolean;
}

/**
 * Reads the header with a read-only descriptor: an empty file, a cut-off file and another
 * program's file are told apart here, before SQLite could turn an empty file into a new
 * archive or call a cut-off one foreign.
 */
export function lookAtFile(file: string, forWriting: boolean): FileLook {
  let size: number | null = null;
  try {
    size = fs.statSync(file).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  // Asked before SQLite leaves its -wal and -shm beside the file. SQLite's own errors at
  // the first write (translateOpenError) are the second line, where access() is not told.
  if (forWriting && !writable(path.dirname(file))) throw new ArchiveRefusedError('archive_folder_readonly');
  if (size === null) return { exists: false, ours: false };
  if (size === 0) throw new ArchiveRefusedError('archive_empty');
  const header = readHeader(file);
  const magic = header.subarray(0, Math.min(header.length, SQLITE_MAGIC.length));
  if (!magic.equals(SQLITE_MAGIC.subarray(0, magic.length))) throw new ArchiveRefusedError('not_an_archive');
  if (header.length < HEADER_BYTES) throw new ArchiveRefusedError('archive_truncated');
  const applicationId = header.readUInt32BE(68);
  if (applicationId !== 0 && applicationId !== APPLICATION_ID) throw new ArchiveRefusedError('not_an_archive');
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const changeCounter = header.readUInt32BE(24);
  const pages = header.readUInt32BE(28);
  // The page count in the header is trusted only when written with this change counter
  // (SQLite's own rule). A WAL with frames may legitimately finish an interrupted checkpoint
  // that grows the file, so then SQLite decides.
  const declared = header.readUInt32BE(92) === changeCounter && pages > 0 ? pages * pageSize : 0;
  if (size < declared && !walHasFrames(file)) throw new ArchiveRefusedError('archive_truncated');
  if (forWriting && !writable(file)) throw new ArchiveRefusedError('archive_readonly');
  return { exists: true, ours: applicationId === APPLICATION_ID };
}

function readHeader(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const header = Buffer.alloc(HEADER_BYTES);
    const read = fs.readSync(fd, header, 0, HEADER_BYTES, 0);
    return header.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}

function walHasFrames(file: string): boolean {
  try {
    return fs.statSync(`${file}-wal`).size > WAL_HEADER_BYTES;
  } catch {
    return false;
  }
}

function writable(target: string): boolean {
  try {
    // Immutable files and folders (chattr +i) refuse even root here.
    fs.accessSync(target, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * SQLite's error, in the shop's terms: a folder it cannot create its -wal and -shm files in
 * (SQLITE_CANTOPEN), a file it may not write (SQLITE_READONLY), or damage in a file that is
 * ours by its header (SQLITE_CORRUPT, SQLITE_NOTADB). Anything else is left as it is.
 */
export function translateOpenError(error: unknown, file: string, look: FileLook): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return error;
  if (code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_READONLY_DIRECTORY') {
    if (!writable(path.dirname(file))) return new ArchiveRefusedError('archive_folder_readonly');
    if (look.exists && !writable(file)) return new ArchiveRefusedError('archive_readonly');
    return error;
  }
  if (code.startsWith('SQLITE_READONLY')) {
    const folderOnly = (!look.exists || writable(file)) && !writable(path.dirname(file));
    return new ArchiveRefusedError(folderOnly ? 'archive_folder_readonly' : 'archive_readonly');
  }
  if (isDamage(error)) {
    return new ArchiveRefusedError(look.ours ? 'archive_damaged' : 'not_an_archive', { problems: [(error as Error).message] });
  }
  return error;
}

/** SQLite's error says the file is damaged (or not a database at all). */
export function isDamage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

/** At most this many of quick_check's problems are kept: the first say enough. */
export const PROBLEMS_KEPT = 10;
