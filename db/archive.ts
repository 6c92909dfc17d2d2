import type { FileArchive } from './open.js';
import type { PostgresArchive } from './open-postgres.js';

// The archive the handlers work on, on either engine: the shop's one SQLite file
// (db/open.ts, the default) or the shared PostgreSQL server of a shop with several tills
// (db/open-postgres.ts). Repositories take `archive.db` and read the same on both; the few
// things only one engine can do ask `archive.engine` (or db/engine.ts's engineOf) and sit in
// files named for what they do.

export type Archive = FileArchive | PostgresArchive;

/** The SQLite file, for what only the file can do (checkpoints, its backup API); null on the server. */
export const fileArchive = (archive: Archive): FileArchive | null => (archive.engine === 'sqlite' ? archive : null);

/** The SQLite file where nothing else can be (benchmarks and tests of the file itself): throws on the server. */
export function sqliteArchive(archive: Archive): FileArchive {
  if (archive.engine !== 'sqlite') throw new Error('This needs the SQLite archive, and the archive is on a PostgreSQL server');
  return archive;
}
