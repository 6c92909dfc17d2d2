import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ERROR_CODES } from '../../api/errors.js';
import { writeFileDurably } from './files.js';

// The last good backup and the last trouble, in a small file in the data folder: not in the
// archive, so a restore does not forget when the shop last made a backup.

const STATE_FILE = 'backup-state.json';

const stateSchema = z.object({
  lastGood: z.object({
    at: z.number().int(),
    name: z.string(),
    place: z.enum(['folder', 'fallback', 'safety', 'picked']),
    folder: z.string(),
    encrypted: z.boolean(),
  }).nullable().default(null),
  problem: z.object({ code: z.enum(ERROR_CODES), at: z.number().int(), folder: z.string().optional() }).nullable().default(null),
});

export type BackupState = z.output<typeof stateSchema>;

export function readState(dataDir: string): BackupState {
  try {
    const parsed = stateSchema.safeParse(JSON.parse(fs.readFileSync(path.join(dataDir, STATE_FILE), 'utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // No file yet, or a damaged one: no backup is known.
  }
  return { lastGood: null, problem: null };
}

export function writeState(dataDir: string, state: BackupState): Promise<void> {
  return writeFileDurably(path.join(dataDir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
}
