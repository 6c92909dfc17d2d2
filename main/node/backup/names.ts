import crypto from 'node:crypto';
import type { BackupKind } from '../../api/backup/types.js';

// Every file a backup writes has a name made here, and a backup is only ever found by a
// name that parses: a path from the renderer never names a file.

const PLAIN = '.sqlite';
const ENCRYPTED = '.cpbackup';
const NAME = /^counterpart-(\d{4})-(\d{2})-(\d{2})-(\d{2})(\d{2})(\d{2})-(auto|manual|safety)(?:-(\d{1,3}))?(\.sqlite|\.cpbackup)$/;

export interface BackupName {
  name: string;
  kind: BackupKind;
  encrypted: boolean;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `counterpart-2026-11-25-183000-auto.sqlite` (local time), `-2` and up when that is taken. */
export function backupName(at: number, kind: BackupKind, encrypted: boolean, taken: (name: string) => boolean): string {
  const d = new Date(at);
  const stamp = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
  const ext = encrypted ? ENCRYPTED : PLAIN;
  for (let n = 1; n < 1000; n++) {
    const name = `counterpart-${stamp}-${kind}${n === 1 ? '' : `-${n}`}${ext}`;
    if (!taken(name) && !taken(manifestName(name))) return name;
  }
  throw new Error('no free backup name');
}

export function parseBackupName(name: string): BackupName | null {
  const m = NAME.exec(name);
  if (!m) return null;
  return { name, kind: m[7] as BackupKind, encrypted: m[9] === ENCRYPTED };
}

export const manifestName = (name: string) => `${name}.json`;

/** A backup being written: hidden, never taken for a backup, removed when anything fails. */
export const partialName = (encrypted: boolean) => `.counterpart-partial-${crypto.randomBytes(6).toString('hex')}${encrypted ? ENCRYPTED : PLAIN}`;

export const isPartialName = (name: string) => name.startsWith('.counterpart-partial-');
