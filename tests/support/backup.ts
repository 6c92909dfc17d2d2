import crypto from 'node:crypto';
import fs from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import type { BackupJob } from '../../main/api/contract.js';
import type { TestApp } from './services.js';

// Shared by the backup tests: following a job to its end, and what an archive holds.

/** Polls a backup job until it is done or failed, as the page does. */
export async function finish(app: TestApp, job: BackupJob): Promise<BackupJob> {
  let current = job;
  while (current.phase !== 'done' && current.phase !== 'failed') {
    await new Promise((resolve) => setTimeout(resolve, 5));
    current = await app.ok('backup.status', { jobId: job.id });
  }
  return current;
}

export async function backUpNow(app: TestApp) {
  const job = await finish(app, await app.ok('backup.start', {}));
  if (job.kind !== 'backup' || !job.result) throw new Error(`the backup failed: ${JSON.stringify(job.error)}`);
  return job.result;
}

/** Every row of every ordinary table: two archives with equal content give equal text. */
export function contentOf(sqlite: BetterSqlite3.Database): string {
  const tables = sqlite
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")
    .pluck()
    .all() as string[];
  const text = (row: unknown) => JSON.stringify(row, (_key, value: unknown) =>
    Buffer.isBuffer(value) ? value.toString('base64') : typeof value === 'bigint' ? String(value) : value);
  // Sorted as text: WITHOUT ROWID tables have no rowid to order by.
  return tables.map((t) => `${t}\n${sqlite.prepare(`SELECT * FROM "${t}"`).raw().all().map(text).sort().join('\n')}`).join('\n\n');
}

/** The archive's bytes as they lie on disk, main file and WAL together. */
export function fileHash(file: string): string {
  const hash = crypto.createHash('sha256');
  for (const part of [file, `${file}-wal`]) if (fs.existsSync(part)) hash.update(fs.readFileSync(part));
  return hash.digest('hex');
}

/** Every file under a folder (none when it is not there): what a failed backup must not leave. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
}
