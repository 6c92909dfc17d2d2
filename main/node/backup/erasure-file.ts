import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { unionOf, type ErasureRecord } from '../../../db/privacy/register.js';
import { writeFileDurably } from './files.js';

// The data folder's copy of the erasure register (db/privacy/register.ts): ids and times
// only. The archive keeps the register too, but a restore is most needed when the archive
// is damaged or gone, and then only this file still knows who was erased.

const ERASURE_FILE = 'erasures.json';

const fileSchema = z.object({
  format: z.literal('counterpart-erasures'),
  version: z.literal(1),
  /** [customer id, the erased row's created_at, erased at]. */
  erasures: z.array(z.tuple([z.number().int().positive(), z.number().int(), z.number().int()])),
});

export function readErasureFile(dataDir: string): ErasureRecord[] {
  try {
    const parsed = fileSchema.safeParse(JSON.parse(fs.readFileSync(path.join(dataDir, ERASURE_FILE), 'utf8')));
    if (parsed.success) return parsed.data.erasures.map(([customerId, createdAt, erasedAt]) => ({ customerId, createdAt, erasedAt }));
  } catch {
    // No erasure yet, or a damaged file: the archive's own register still counts.
  }
  return [];
}

// One write at a time in this process, each adding to what the file holds, so two erasures
// finishing together never leave one of them out.
let queue: Promise<void> = Promise.resolve();

/** Adds `records` to the file (what it holds stays). */
export function saveErasures(dataDir: string, records: readonly ErasureRecord[]): Promise<void> {
  const write = async () => {
    const all = unionOf(readErasureFile(dataDir), records);
    const body = { format: 'counterpart-erasures', version: 1, erasures: all.map((r) => [r.customerId, r.createdAt, r.erasedAt]) };
    await writeFileDurably(path.join(dataDir, ERASURE_FILE), `${JSON.stringify(body)}\n`);
  };
  const done = queue.then(write, write);
  queue = done.catch(() => {});
  return done;
}
