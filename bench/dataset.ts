// The benchmark archive: seeded once into .bench-data/<count>-<seed>/ and reused while it
// is complete and has today's schema. Seeding runs in a child process (the seed CLI itself) so that its memory
// does not count toward the benchmark's peak RSS.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { openArchive } from '../db/open.js';
import { ARCHIVE_FILE } from '../main/node/data-dir.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SEED_CLI = path.join(ROOT, 'main', 'node', 'seed-cli.ts');
const MARKER = 'complete.json';

export interface Dataset {
  dir: string;
  file: string;
  count: number;
  seed: number;
  /** Seconds the seeding took, whenever it happened. */
  seedSeconds: number;
  generatedNow: boolean;
}

interface Marker {
  count: number;
  seed: number;
  seedSeconds: number;
}

function customerCount(file: string): number | null {
  if (!fs.existsSync(file)) return null;
  const sqlite = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    return sqlite.prepare('SELECT count(*) FROM customers').pluck().get() as number;
  } catch {
    return null;
  } finally {
    sqlite.close();
  }
}

export function schemaOf(sqlite: BetterSqlite3.Database): string {
  return JSON.stringify(sqlite.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all());
}

/** The schema today's migrations build: an archive seeded before a schema change is stale. */
export function currentSchema(): string {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpart-schema-'));
  try {
    const archive = openArchive(path.join(scratch, ARCHIVE_FILE));
    const schema = schemaOf(archive.sqlite);
    archive.sqlite.close();
    return schema;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Whether a generated archive has today's schema, migrating it forward first: the
 * migrations are forward-only and keep data, so an archive generated before a new
 * migration is as good as a fresh one once migrated, and far quicker to get.
 */
export function migratedToCurrent(file: string): boolean {
  // Only its schema is read here: a quick_check of a generated archive would cost tens of
  // seconds a run (a pending migration still checks it first).
  const archive = openArchive(file, { check: 'later' });
  const schema = schemaOf(archive.sqlite);
  archive.sqlite.close();
  return schema === currentSchema();
}

/**
 * A generated archive's marker (complete.json), when the archive is still what it says:
 * the marker `matches` the wanted size and seed, the data is all there (`complete`, asked
 * of a read-only connection), and it has today's schema once migrated forward. Null means
 * generate it again. A busy archive (another run migrating it) is an error, not "stale":
 * regenerating would throw away a dataset that takes many minutes to make.
 */
export function reusableMarker<M>(
  dir: string,
  file: string,
  checks: { matches(marker: M): boolean; complete(sqlite: BetterSqlite3.Database, marker: M): boolean; log(message: string): void },
): M | null {
  let marker: M;
  try {
    marker = JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8')) as M;
  } catch {
    return null;
  }
  if (!checks.matches(marker) || !fs.existsSync(file)) return null;
  try {
    const sqlite = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    try {
      if (!checks.complete(sqlite, marker)) return null;
    } finally {
      sqlite.close();
    }
    if (migratedToCurrent(file)) return marker;
    checks.log('the archive has another schema than today\'s migrations make; generating it again');
    return null;
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) throw error;
    return null;
  }
}

function reusable(dir: string, file: string, count: number, seed: number): Marker | null {
  return reusableMarker<Marker>(dir, file, {
    matches: (m) => m.count === count && m.seed === seed,
    complete: (sqlite) => sqlite.prepare('SELECT count(*) FROM customers').pluck().get() === count,
    log: (message) => console.error(`bench: ${message}`),
  });
}

/** Runs a TypeScript script in a child process, so that its memory stays out of our peak RSS. */
export function runChild(script: string, args: string[], env: NodeJS.ProcessEnv = {}, label = path.basename(script)): Promise<void> {
  return new Promise((resolve, reject) => {
    // fork reuses this process's execArgv, so the child runs TypeScript through tsx too.
    const child = fork(script, args, {
      env: { ...process.env, ...env },
      // The child's stdout joins our stderr: stdout is for the report alone.
      stdio: ['ignore', 2, 2, 'ipc'],
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${label} exited with ${code}`))));
  });
}

function runSeedCli(dir: string, count: number, seed: number): Promise<void> {
  return runChild(SEED_CLI, ['--customers', String(count), '--seed', String(seed)], { COUNTERPART_DATA_DIR: dir }, 'seed CLI');
}

export async function ensureDataset(count: number, seed: number): Promise<Dataset> {
  const dir = path.join(ROOT, '.bench-data', `${count}-${seed}`);
  const file = path.join(dir, ARCHIVE_FILE);
  const marker = reusable(dir, file, count, seed);
  if (marker) return { dir, file, count, seed, seedSeconds: marker.seedSeconds, generatedNow: false };

  console.error(`bench: generating ${count.toLocaleString('en-US')} customers (seed ${seed}) into ${dir}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const began = performance.now();
  await runSeedCli(dir, count, seed);
  const seedSeconds = (performance.now() - began) / 1000;
  const got = customerCount(file);
  if (got !== count) throw new Error(`bench: seeding left ${got} customers, expected ${count}`);
  fs.writeFileSync(path.join(dir, MARKER), JSON.stringify({ count, seed, seedSeconds } satisfies Marker, null, 2));
  return { dir, file, count, seed, seedSeconds, generatedNow: true };
}
