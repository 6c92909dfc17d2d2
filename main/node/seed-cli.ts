// npm run seed -- --customers 5000 [--seed 42] [--append]
// Fills the data folder the app uses (COUNTERPART_DATA_DIR, else Electron's userData) with
// demo customers. Progress goes to stderr, the summary line to stdout.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ArchiveRefusedError, openArchive } from '../../db/open.js';
import { ARCHIVE_FILE, electronLikeUserData, resolveDataDir } from './data-dir.js';
import { DEFAULT_SEED, seedArchive } from './seed.js';

const USAGE = 'usage: npm run seed -- --customers <count> [--seed <n>] [--append]';
const MAX_CUSTOMERS = 10_000_000;

export interface CliIo {
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
  err: (line: string) => void;
  /** Progress as it happens; a terminal gets one updating line. */
  progress?: (line: string, last: boolean) => void;
}

const fmt = (n: number) => n.toLocaleString('en-US');

function wholeNumber(value: string, min: number, max: number): number | null {
  const digits = value.replace(/_/g, '');
  const n = Number(digits);
  return /^\d+$/.test(digits) && Number.isSafeInteger(n) && n >= min && n <= max ? n : null;
}

/** Runs the command; resolves to the exit code. */
export async function seedCli(argv: string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        customers: { type: 'string', default: '1000' },
        seed: { type: 'string', default: String(DEFAULT_SEED) },
        append: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const count = wholeNumber(values.customers, 1, MAX_CUSTOMERS);
  const seed = wholeNumber(values.seed, 0, 2 ** 31 - 1);
  if (count === null || seed === null) {
    io.err(`--customers takes 1 to ${fmt(MAX_CUSTOMERS)}, --seed a whole number.\n${USAGE}`);
    return 2;
  }

  const dataDir = resolveDataDir(io.env, electronLikeUserData);
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, ARCHIVE_FILE);
  let archive;
  try {
    archive = openArchive(file);
  } catch (error) {
    if (!(error instanceof ArchiveRefusedError)) throw error;
    io.err(`Not seeding ${file}: ${error.message}`);
    return 1;
  }
  try {
    const existing = archive.sqlite.prepare('SELECT count(*) FROM customers').pluck().get() as number;
    if (existing > 0 && !values.append) {
      io.err(
        `${file} already holds ${fmt(existing)} customers; nothing was changed.\n` +
          'Add --append to add demo customers after them, or point COUNTERPART_DATA_DIR at an empty folder.',
      );
      return 1;
    }
    let shownAt = -Infinity;
    const result = seedArchive(archive, {
      count,
      seed,
      onProgress(done, total) {
        const now = performance.now();
        if (done < total && now - shownAt < 1000) return;
        shownAt = now;
        io.progress?.(`seeding ${fmt(done)} / ${fmt(total)} (${Math.floor((done / total) * 100)}%)`, done === total);
      },
    });
    const rate = Math.round(result.inserted / (result.ms / 1000));
    io.out(
      `Seeded ${fmt(result.inserted)} demo customers (seed ${seed}, from #${result.start}) into ${file} ` +
        `in ${(result.ms / 1000).toFixed(1)} s (${fmt(rate)}/s); it now holds ${fmt(existing + result.inserted)}.`,
    );
    return 0;
  } finally {
    await archive.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const tty = process.stderr.isTTY;
  process.exitCode = await seedCli(process.argv.slice(2), {
    env: process.env,
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    progress: (line, last) => (tty ? process.stderr.write(`\r${line}${last ? '\n' : ''}`) : console.error(line)),
  });
}
