// The customer-memory benchmark's archive: the search benchmark's seeded customers (copied
// with SQLite's backup API, never touched) plus notes, facts, tags, follow-ups, custom field
// values and visits, generated once into .bench-data/memory-<customers>-<notes>-<seed>/ and
// reused while complete (complete.json) and of today's schema. The benchmark only reads.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { ARCHIVE_FILE } from '../main/node/data-dir.js';
import { ensureDataset, reusableMarker, runChild } from './dataset.js';
import { GENERATOR_VERSION, type MemoryMarker } from './memory-generate.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GENERATOR = path.join(ROOT, 'bench', 'memory-generate.ts');
const MARKER = 'complete.json';
/** The benchmark's "today": fixed, so that every run sees the same Today screen. */
export const BENCH_NOW = Date.UTC(2026, 10, 25, 10, 0, 0);

export interface MemoryDataset {
  dir: string;
  file: string;
  marker: MemoryMarker;
  customerSeedSeconds: number;
  generatedNow: boolean;
}

const log = (message: string) => console.error(`bench:memory: ${message}`);

function reusable(dir: string, file: string, customers: number, notes: number, seed: number): MemoryMarker | null {
  return reusableMarker<MemoryMarker>(dir, file, {
    matches: (m) => m.version === GENERATOR_VERSION && m.customers === customers && m.notesTarget === notes && m.seed === seed && m.now === BENCH_NOW,
    complete: (sqlite, m) => sqlite.prepare('SELECT count(*) FROM customer_entries').pluck().get() === m.counts.entries,
    log,
  });
}

export async function ensureMemoryDataset(customers: number, notes: number, seed: number): Promise<MemoryDataset> {
  const customerData = await ensureDataset(customers, seed);
  const dir = path.join(ROOT, '.bench-data', `memory-${customers}-${notes}-${seed}`);
  const file = path.join(dir, ARCHIVE_FILE);
  const found = reusable(dir, file, customers, notes, seed);
  if (found) return { dir, file, marker: found, customerSeedSeconds: customerData.seedSeconds, generatedNow: false };

  log(`generating ${notes.toLocaleString('en-US')} notes over ${customers.toLocaleString('en-US')} customers (seed ${seed}) into ${dir}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const source = new BetterSqlite3(customerData.file, { readonly: true, fileMustExist: true });
  try {
    await source.backup(file);
  } finally {
    source.close();
  }
  await runChild(GENERATOR, [
    '--file', file, '--marker', path.join(dir, MARKER), '--customers', String(customers), '--notes', String(notes),
    '--seed', String(seed), '--now', String(BENCH_NOW),
  ], {}, 'memory generator');
  const marker = reusable(dir, file, customers, notes, seed);
  if (!marker) throw new Error('bench: the generated memory archive is incomplete');
  return { dir, file, marker, customerSeedSeconds: customerData.seedSeconds, generatedNow: true };
}
