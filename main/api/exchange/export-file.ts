import { fold } from '../../core/text.js';
import { AppError } from '../errors.js';
import type { Deps } from '../deps.js';
import type { ExportFolder } from './files.js';
import type { ExportedFile } from './types.js';

// Every export, whichever page makes it (the exchange, a tag, a list, a layer of the
// pyramid), lands in the one exports folder under one naming scheme, so the shop finds
// them all in one place, sorted by what and when.

export function folderOf(deps: Deps): ExportFolder {
  if (!deps.exports) throw new AppError('internal', 'No exports folder');
  return deps.exports;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `klanten-2026-11-25-1000.csv`: what, and when (the shop's local time), so files sort by date. */
export function exportName(base: string, ext: string, at: number): string {
  const d = new Date(at);
  return `${base}-${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}.${ext}`;
}

/** A name the shop typed, as a piece of a file name: accents and case folded, no separators. */
export const slug = (text: string) => fold(text).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'tag';

/** A CSV made in memory (a list, not a table), written as `<base>-<date>-<time>.csv`. */
export async function writeCsvExport(deps: Deps, base: string, text: string, rows: number): Promise<ExportedFile> {
  const folder = folderOf(deps);
  const { name, file } = await folder.create(exportName(base, 'csv', deps.clock()));
  try {
    await file.write(new TextEncoder().encode(text));
    return { name, bytes: await file.finish(), rows, folder: folder.path };
  } catch (error) {
    await file.discard();
    throw error;
  }
}
