import fs from 'node:fs';
import path from 'node:path';
import { keyFileSchema, type KeyFile } from './crypto.js';

// The data folder's backup key file (crypto.ts): the public key and the private key wrapped
// under the password. Read by the app's backups and by `npm run cli -- restore`, whose
// safety copy is encrypted like every backup when encryption is on.

export const KEY_FILE = 'backup-key.json';

/** The key file, or null: none yet (no password set), or unreadable. */
export function readKeyFile(dataDir: string): KeyFile | null {
  try {
    const parsed = keyFileSchema.safeParse(JSON.parse(fs.readFileSync(path.join(dataDir, KEY_FILE), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * What a safety copy is encrypted with: the backups' keys when encryption is on. Without a
 * key file (encryption switched on but no password set) the copy stays plain rather than
 * refusing a restore, which is often done in a hurry.
 */
export const safetyCopyKeys = (dataDir: string, encrypt: boolean): KeyFile | null => (encrypt ? readKeyFile(dataDir) : null);
