import { openArchive, type FileArchive } from '../../../db/open.js';
import { eraseAgain, mergeRegister, readRegister, unionOf, type ErasureRecord } from '../../../db/privacy/register.js';
import { runScrubStep, secureWriteTransaction, SCRUB_STEPS } from '../../../db/privacy/scrub.js';
import { readErasureFile, saveErasures } from './erasure-file.js';

// Every way a backup comes back (the app's restore, `npm run cli -- restore`) goes through
// here before the checked file is swapped in: the erasures the shop made since that backup
// are kept, whatever the backup holds.

/** Who the customer_erasures row names for an erasure made again by a restore. */
const ERASED_AGAIN_STAFF = '';

export interface CarryOptions {
  /** The checked backup in the data folder, about to be swapped in; changed in place. */
  staged: string;
  /** The register of the archive being replaced, read before it was closed (empty if it would not open). */
  current: readonly ErasureRecord[];
  dataDir: string;
  now: number;
}

/**
 * Merges the current archive's register and the data folder's copy into the staged file,
 * erases again each registered customer it holds un-erased (privacy.erase's own code, one
 * transaction), wipes the erased text from the file's pages, and leaves it a single file
 * (no -wal) for the rename. Returns how many customers were erased again.
 */
export async function carryErasures(options: CarryOptions): Promise<number> {
  const known = unionOf(options.current, readErasureFile(options.dataDir));
  // Migrates an older backup first, so the register table exists.
  const archive = openArchive(options.staged);
  let erased = 0;
  let register: ErasureRecord[];
  try {
    erased = await secureWriteTransaction(archive.db, async (trx) => {
      await mergeRegister(trx, known);
      return eraseAgain(trx, ERASED_AGAIN_STAFF, options.now);
    });
    // The restored file held them in full: merge the indexes, rewrite the file, truncate the WAL.
    if (erased > 0) {
      for (const step of SCRUB_STEPS) {
        const outcome = await runScrubStep(archive.db, step, options.now, options.now);
        if (!outcome.ok) throw new Error(`wiping the restored file failed at ${step}`);
      }
    }
    register = await readRegister(archive.db);
    archive.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    archive.sqlite.pragma('journal_mode = DELETE');
  } finally {
    await archive.close();
  }
  // The data folder's copy learns what the backup's own register knew.
  await saveErasures(options.dataDir, register);
  return erased;
}

/**
 * Whether the data folder's register names a customer this archive holds un-erased: a
 * backup copied over the archive by hand (or a copy of the data folder from before). A
 * cheap look, so that only then do calls wait at start. An archive that will not answer is
 * not ours to judge here (db/open.ts and the archive check are).
 */
export function erasedButBack(archive: FileArchive, dataDir: string): boolean {
  const records = readErasureFile(dataDir);
  if (records.length === 0) return false;
  try {
    const back = archive.sqlite.prepare('SELECT 1 FROM customers WHERE id = ? AND created_at = ? AND erased_at IS NULL');
    return records.some((r) => back.get(r.customerId, r.createdAt) !== undefined);
  } catch {
    return false;
  }
}

/**
 * Erases again, in the open archive, every customer the data folder's register names that
 * it holds un-erased, and wipes them from its pages. Returns how many.
 */
export async function eraseAgainInPlace(archive: FileArchive, dataDir: string, now: number): Promise<number> {
  const erased = await secureWriteTransaction(archive.db, async (trx) => {
    await mergeRegister(trx, readErasureFile(dataDir));
    return eraseAgain(trx, ERASED_AGAIN_STAFF, now);
  });
  // A step another reader holds up (the checkpoint) is done by the next erasure's scrub.
  if (erased > 0) for (const step of SCRUB_STEPS) await runScrubStep(archive.db, step, now, now);
  await saveErasures(dataDir, await readRegister(archive.db));
  return erased;
}
