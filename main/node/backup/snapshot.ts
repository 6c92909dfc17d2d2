import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Archive } from '../../../db/archive.js';
import { copyArchive } from '../../../db/copy/copy-archive.js';
import { openArchive } from '../../../db/open.js';
import type { Report } from './take.js';

// What a backup copies: always a SQLite file, so that one backup format (verified, optionally
// encrypted, restorable into either engine) serves both engines.
//  - The data folder's archive file: itself; SQLite's online backup takes its snapshot
//    (db/backup/run.ts).
//  - The shared archive on a server: the server's one consistent snapshot (a REPEATABLE READ
//    transaction, db/copy/copy-archive.ts) copied into a new archive file in the work
//    folder, beside the plaintext waiting for encryption; the backup is then taken of that
//    file like any other, and the file removed.

export interface Snapshot {
  file: string;
  /** Removes what was made for the backup (nothing for the data folder's own file). */
  release(): Promise<void>;
}

async function removeFile(file: string): Promise<void> {
  for (const suffix of ['', '-wal', '-shm', '-journal']) await fs.promises.rm(`${file}${suffix}`, { force: true }).catch(() => {});
}

export async function snapshotFile(archive: Archive, workDir: string, report: Report = () => {}, signal?: AbortSignal): Promise<Snapshot> {
  if (archive.engine === 'sqlite') return { file: archive.file, release: async () => {} };
  await fs.promises.mkdir(workDir, { recursive: true });
  const file = path.join(workDir, `server-snapshot-${crypto.randomBytes(6).toString('hex')}.sqlite`);
  try {
    const target = openArchive(file);
    try {
      await copyArchive(archive.db, target.db, {
        onProgress: (_table, done, total) => {
          if (signal?.aborted) throw Object.assign(new Error('aborted'), { code: 'ABORTED' });
          report('copying', done, total);
        },
      });
      target.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      await target.close();
    }
  } catch (error) {
    await removeFile(file);
    throw error;
  }
  return { file, release: () => removeFile(file) };
}
