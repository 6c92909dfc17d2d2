import fs from 'node:fs';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { folderClock } from '../folder-clock.js';
import type { ExportFile, ExportFolder } from '../../api/exchange/files.js';

// The exports folder on disk. A file is written under a hidden `.part` name and renamed when
// complete, so a download link or a spreadsheet never opens half an export.

export const EXPORTS_FOLDER = 'exports';

export const exportsDir = (dataDir: string) => path.join(dataDir, EXPORTS_FOLDER);

/** Names main hands out: letters, digits, dots, dashes and underscores, not starting with a dot. */
export const EXPORT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,150}$/;

function candidate(name: string, attempt: number): string {
  if (attempt === 1) return name;
  const ext = path.extname(name);
  return `${name.slice(0, name.length - ext.length)}-${attempt}${ext}`;
}

export function exportFolder(dir: string): ExportFolder {
  const root = path.resolve(dir);
  return {
    path: root,
    async create(name) {
      if (!EXPORT_NAME.test(name)) throw new Error(`not an export name: ${name}`);
      await fsp.mkdir(root, { recursive: true });
      for (let attempt = 1; attempt < 1000; attempt++) {
        const chosen = candidate(name, attempt);
        const final = path.join(root, chosen);
        const part = path.join(root, `.${chosen}.part`);
        if (fs.existsSync(final)) continue;
        let handle: fsp.FileHandle;
        try {
          handle = await fsp.open(part, 'wx');
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
          throw error;
        }
        let bytes = 0;
        const file: ExportFile = {
          async write(chunk) {
            await handle.write(chunk);
            bytes += chunk.byteLength;
          },
          async finish() {
            await handle.sync();
            await handle.close();
            await fsp.rename(part, final);
            return bytes;
          },
          async discard() {
            await handle.close().catch(() => {});
            await fsp.rm(part, { force: true });
          },
        };
        return { name: chosen, file };
      }
      throw new Error(`no free name for ${name}`);
    },
    pathOf: (name) => exportPath(root, name),
    async list() {
      const names = await fsp.readdir(root).catch(() => [] as string[]);
      return names.filter((name) => exportPath(root, name) !== null).sort();
    },
    async read(name) {
      const file = exportPath(root, name);
      return file ? fsp.readFile(file) : null;
    },
    async remove(name) {
      const file = exportPath(root, name);
      if (!file) return false;
      await fsp.rm(file, { force: true });
      return true;
    },
    sweepPartials: () => sweepPartialExports(root),
  };
}

/** A partial file is written continuously; one untouched this long was left by a crash. */
const PARTIAL_STALE_MS = 60_000;

/**
 * Removes the hidden `.part` files an export left when the app or the command line stopped
 * mid-way: they hold customers (some perhaps erased since) that no list shows. One still
 * being written by another process (a command-line export) is fresh, and stays.
 */
function sweepPartialExports(dir: string): number {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return 0;
  }
  const partials = names.filter((name) => name.startsWith('.') && name.endsWith('.part'));
  if (partials.length === 0) return 0;
  const now = folderClock(dir);
  let removed = 0;
  for (const name of partials) {
    const file = path.join(dir, name);
    try {
      const stat = fs.statSync(file);
      if (!stat.isFile() || now - stat.mtimeMs < PARTIAL_STALE_MS) continue;
      fs.rmSync(file, { force: true });
      removed++;
    } catch {
      // Gone meanwhile, or still open elsewhere (Windows): the next sweep tries again.
    }
  }
  return removed;
}

/** The export named `name` inside the folder, or null: never a path outside it, never a part file. */
export function exportPath(dir: string, name: string): string | null {
  if (!EXPORT_NAME.test(name)) return null;
  const root = path.resolve(dir);
  const file = path.join(root, name);
  return path.dirname(file) === root && fs.existsSync(file) && fs.statSync(file).isFile() ? file : null;
}
