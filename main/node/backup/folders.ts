import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { BackupEntry, BackupPlace } from '../../api/backup/types.js';
import { readManifest } from './manifest.js';
import { manifestName, parseBackupName } from './names.js';

export const fallbackFolder = (dataDir: string) => path.join(dataDir, 'backups');
export const safetyFolder = (dataDir: string) => path.join(dataDir, 'safety-copies');
const WORK = 'backup-work';

/**
 * Plaintext on its way to encryption, and backups checked for a restore, in a folder of
 * this process's own: the app and a command-line backup may work at the same time.
 */
export const workFolder = (dataDir: string) => path.join(dataDir, WORK, String(process.pid));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
};

/** Removes what a crashed process left in its work folder (never one still running). */
export function sweepWorkFolders(dataDir: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(path.join(dataDir, WORK));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(name);
    if (Number.isInteger(pid) && pid !== process.pid && alive(pid)) continue;
    try {
      fs.rmSync(path.join(dataDir, WORK, name), { recursive: true, force: true });
    } catch {
      // Still open somewhere (Windows): the next start tries again.
    }
  }
}

export type FolderState = 'ok' | 'missing' | 'unusable';

/**
 * Whether backups can be written to a folder the shop named: absolute, there (a USB stick
 * may be out, a network drive away), a folder, and writable — tried by writing, since a
 * network share's permission bits say little.
 */
export async function folderState(folder: string): Promise<FolderState> {
  if (!path.isAbsolute(folder)) return 'unusable';
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(folder);
  } catch {
    return 'missing';
  }
  if (!stat.isDirectory()) return 'unusable';
  const probe = path.join(folder, `.counterpart-probe-${crypto.randomBytes(4).toString('hex')}`);
  try {
    await fs.promises.writeFile(probe, 'counterpart', { flag: 'wx' });
    return 'ok';
  } catch {
    return 'unusable';
  } finally {
    await fs.promises.rm(probe, { force: true }).catch(() => {});
  }
}

/** The backups in a folder: only files whose generated names parse, with their manifests. */
export async function listFolder(folder: string, place: BackupPlace): Promise<BackupEntry[]> {
  let names: string[];
  try {
    names = await fs.promises.readdir(folder);
  } catch {
    return [];
  }
  const entries: BackupEntry[] = [];
  for (const name of names) {
    const parsed = parseBackupName(name);
    if (!parsed) continue;
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(path.join(folder, name));
    } catch {
      continue;
    }
    if (!stat.isFile()) continue;
    const manifest = await readManifest(folder, name);
    entries.push({
      id: `${place}/${name}`,
      place,
      name,
      kind: parsed.kind,
      createdAt: manifest?.createdAt ?? Math.round(stat.mtimeMs),
      size: stat.size,
      encrypted: parsed.encrypted,
      manifest: manifest ? { appVersion: manifest.appVersion, schemaVersion: manifest.schemaVersion, counts: manifest.counts } : null,
    });
  }
  return entries.sort((a, b) => b.createdAt - a.createdAt);
}

/** Safety copies made before a restore: the newest few are kept. */
export const SAFETY_COPIES_KEPT = 3;

export async function pruneSafetyCopies(dataDir: string): Promise<void> {
  const folder = safetyFolder(dataDir);
  for (const entry of (await listFolder(folder, 'safety')).slice(SAFETY_COPIES_KEPT)) {
    await fs.promises.rm(path.join(folder, entry.name), { force: true });
    await fs.promises.rm(path.join(folder, manifestName(entry.name)), { force: true });
  }
}
