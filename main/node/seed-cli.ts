// npm run seed -- --customers 5000 [--seed 42] [--append]
// Fills the archive the app uses with demo customers: the data folder's file (COUNTERPART_DATA_DIR,
// else Electron's userData), or the shared server COUNTERPART_DATABASE_URL names
// (archive-choice.ts). Progress goes to stderr, the summary line to stdout.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Archive } from '../../db/archive.js';
import { ArchiveRefusedError, openArchive } from '../../db/open.js';
import { ArchiveUnreachableError, openPostgresArchive } from '../../db/open-postgres.js';
import { archiveChoice } from './archive-choice.js';
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

  const choice = archiveChoice(io.env);
  let where: string;
  let archive: Archive;
  try {
    if (choice.kind === 'server') {
      archive = await openPostgresArchive(choice.url, { zone: Intl.DateTimeFormat().resolvedOptions().timeZone, till: `${os.hostname()} (seed)` });
      // The server and database, never the password.
      where = `the shared archive ${archive.address}`;
    } else {
      const dataDir = resolveDataDir(io.env, electronLikeUserData);
      fs.mkdirSync(dataDir, { recursive: true });
      where = path.join(dataDir, ARCHIVE_FILE);
      archive = openArchive(where);
    }
  } catch (error) {
    if (!(error instanceof ArchiveRefusedError || error instanceof ArchiveUnreachableError)) throw error;
    io.err(`Not seeding ${choice.kind === 'server' ? 'the shared archive' : 'the data folder'}: ${error.message}`);
    return 1;
  }
  try {
    const { n } = await archive.db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const existing = Number(n);
    if (existing > 0 && !values.append) {
      io.err(
        `${where} already holds ${fmt(existing)} customers; nothing was changed.\n` +
          (choice.kind === 'server'
            ? 'Add --append to add demo customers after them, or point COUNTERPART_DATABASE_URL at an empty database.'
            : 'Add --append to add demo customers after them, or point COUNTERPART_DATA_DIR at an empty folder.'),
      );
      return 1;
    }
    let shownAt = -Infinity;
    const result = await seedArchive(archive, {
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
      `Seeded ${fmt(result.inserted)} demo customers (seed ${seed}, from #${result.start}) into ${where} ` +
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
