import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { manifestName } from './names.js';
import { writeFileDurably } from './files.js';

// Beside each backup: what it holds and how to know it is still whole.

export const manifestSchema = z.object({
  format: z.literal('counterpart-backup'),
  version: z.literal(1),
  name: z.string(),
  kind: z.enum(['auto', 'manual', 'safety']),
  createdAt: z.number().int(),
  appVersion: z.string(),
  schemaVersion: z.number().int(),
  encrypted: z.boolean(),
  /** Of the file as stored (ciphertext when encrypted). */
  size: z.number().int(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  pages: z.number().int(),
  pageSize: z.number().int(),
  counts: z.record(z.string(), z.number().int()),
});

export type Manifest = z.output<typeof manifestSchema>;

export async function readManifest(folder: string, name: string): Promise<Manifest | null> {
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(await fs.promises.readFile(path.join(folder, manifestName(name)), 'utf8')));
    return parsed.success && parsed.data.name === name ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeManifest(folder: string, manifest: Manifest): Promise<void> {
  return writeFileDurably(path.join(folder, manifestName(manifest.name)), `${JSON.stringify(manifest, null, 2)}\n`);
}
