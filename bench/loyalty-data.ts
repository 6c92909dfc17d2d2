// The loyalty benchmark's archive: the search benchmark's seeded customers (reused, never
// touched: copied with SQLite's backup API) plus two years of loyalty history, generated
// once into .bench-data/loyalty-<customers>-<entries>-<seed>/ and reused while complete
// (complete.json) and of today's schema. Every run measures a fresh copy of it (see
// workingCopy), so that the writes of one run never change what the next one measures.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { ARCHIVE_FILE } from '../main/node/data-dir.js';
import { ensureDataset, reusableMarker, runChild } from './dataset.js';
import type { LoyaltyMarker } from './loyalty-program.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GENERATOR = path.join(ROOT, 'bench', 'loyalty-generate.ts');
const MARKER = 'complete.json';

export interface LoyaltyDataset {
  dir: string;
  /** The generated archive: never opened for writing after generation. */
  file: string;
  marker: LoyaltyMarker;
  /** Seconds the search benchmark's customer seeding took, whenever it happened. */
  customerSeedSeconds: number;
  generatedNow: boolean;
}

const log = (message: string) => console.error(`bench:loyalty: ${message}`);

function reusable(dir: string, file: string, customers: number, entries: number, seed: number): LoyaltyMarker | null {
  return reusableMarker<LoyaltyMarker>(dir, file, {
    matches: (m) => m.customers === customers && m.entriesTarget === entries && m.seed === seed,
    complete: (sqlite, m) => sqlite.prepare('SELECT max(id) FROM ledger_entries').pluck().get() === m.counts.ledgerEntries,
    log,
  });
}

export async function ensureLoyaltyDataset(customers: number, entries: number, seed: number): Promise<LoyaltyDataset> {
  const customerData = await ensureDataset(customers, seed);
  const dir = path.join(ROOT, '.bench-data', `loyalty-${customers}-${entries}-${seed}`);
  const file = path.join(dir, ARCHIVE_FILE);
  const found = reusable(dir, file, customers, entries, seed);
  if (found) return { dir, file, marker: found, customerSeedSeconds: customerData.seedSeconds, generatedNow: false };

  log(`generating ~${entries.toLocaleString('en-US')} ledger entries over ${customers.toLocaleString('en-US')} customers (seed ${seed}) into ${dir}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const began = performance.now();
  // The backup API copies a consistent snapshot even if the search benchmark has the file open.
  const source = new BetterSqlite3(customerData.file, { readonly: true, fileMustExist: true });
  try {
    await source.backup(file);
  } finally {
    source.close();
  }
  const copySeconds = (performance.now() - began) / 1000;
  await runChild(GENERATOR, [
    '--file', file, '--marker', path.join(dir, MARKER), '--customers', String(customers),
    '--entries', String(entries), '--seed', String(seed), '--copy-seconds', String(copySeconds),
  ]);
  const marker = reusable(dir, file, customers, entries, seed);
  if (!marker) throw new Error('bench: the generated loyalty archive is incomplete');
  // On disk now, not written back while the run measures.
  fsyncFile(file);
  return { dir, file, marker, customerSeedSeconds: customerData.seedSeconds, generatedNow: true };
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A fresh copy of the generated archive in .bench-data/loyalty-runs/<name>-<pid>/, flushed
 * to disk before anything is measured, so that writing it back does not compete with the
 * measurements. Per process, and outside the dataset's folder, so that two runs (or one
 * regenerating the dataset) never pull a copy from under each other. remove() when done.
 */
export function workingCopy(dataset: LoyaltyDataset, name = 'run'): { dir: string; file: string; seconds: number; remove: () => void } {
  const began = performance.now();
  const dir = path.join(ROOT, '.bench-data', 'loyalty-runs', `${name}-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, ARCHIVE_FILE);
  fs.copyFileSync(dataset.file, file);
  fsyncFile(file);
  return { dir, file, seconds: (performance.now() - began) / 1000, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
