import path from 'node:path';
import { parseArgs } from 'node:util';
import { ArchiveRefusedError } from '../../../db/open.js';
import { ArchiveUnreachableError } from '../../../db/open-postgres.js';
import { SchemaVersionsDifferError, TargetNotEmptyError, type CopyProgress } from '../../../db/copy/copy-archive.js';
import { UnknownTableError } from '../../../db/copy/tables.js';
import { AppError } from '../../api/errors.js';
import { DATABASE_URL_VARIABLE } from '../archive-choice.js';
import { moveToFile, moveToServer, restoreToServer, type Moved } from './move.js';
import { plural, type FileCommand } from './types.js';

// `npm run cli -- move-to-server [URL]`, `move-to-file PATH [--from URL]` and
// `restore-to-server FILE [URL]`: main/node/cli/move.ts. A URL left out is
// COUNTERPART_DATABASE_URL's, which keeps the server's password off the command line (and
// out of the shell's history). None of them opens the app's archive the usual way: each
// opens both ends itself.

const fmt = (n: number) => n.toLocaleString('en-US');

/** Progress as lines: each table when done, and a line every few seconds through a big one. */
function progressLines(out: (line: string) => void, everyMs = 3000): CopyProgress {
  let shownAt = 0;
  return (table, done, total) => {
    const now = performance.now();
    if (done === total ? total === 0 : now - shownAt < everyMs) return;
    shownAt = now;
    out(done === total ? `  ${table}: ${fmt(total)}` : `  ${table}: ${fmt(done)} of ${fmt(total)}…`);
  };
}

function report(moved: Moved, out: (line: string) => void): number {
  const { counts, verification: v } = moved;
  out(`Copied in ${(moved.ms / 1000).toFixed(1)} s: ${plural(counts.customers ?? 0, 'customer')}, ${plural(counts.visits ?? 0, 'visit')}, `
    + `${plural(counts.ledger_entries ?? 0, 'ledger entry', 'ledger entries')}, ${plural(counts.customer_entries ?? 0, 'note')}.`);
  if (v.ok) {
    out(`Verified: every table holds as many rows as the source; ${plural(v.balances.customers, 'balance')} equal their ledgers; `
      + `${plural(v.searches.asked, 'search', 'searches')} answer alike.`);
    return 0;
  }
  for (const line of v.counts) out(`Row count differs: ${line}`);
  if (v.balances.mismatches > 0) out(`${plural(v.balances.mismatches, 'balance differs', 'balances differ')} from the ledger (npm run cli -- check).`);
  for (const query of v.searches.differing) out(`The search for "${query}" answers differently.`);
  out('The copy is NOT verified: keep using the source.');
  return 1;
}

/** What a shop can act on, as one line and exit code 1; anything else is a bug and throws. */
function failed(error: unknown, out: (line: string) => void): number {
  if (error instanceof AppError) out(`${error.message} (${error.code})`);
  else if (error instanceof TargetNotEmptyError || error instanceof SchemaVersionsDifferError || error instanceof UnknownTableError
    || error instanceof ArchiveRefusedError || error instanceof ArchiveUnreachableError) out(error.message);
  else throw error;
  return 1;
}

function parse<T>(read: () => T, out: (line: string) => void): T | null {
  try {
    return read();
  } catch (error) {
    out((error as Error).message);
    return null;
  }
}

const serverUrl = (given: string | undefined) => given ?? process.env[DATABASE_URL_VARIABLE]?.trim() ?? '';

export const moveToServerCommand: FileCommand = {
  name: 'move-to-server',
  usage: 'move-to-server [URL]                  copy the data folder\'s archive into an empty server database (URL or $COUNTERPART_DATABASE_URL) and verify it',
  opensArchive: false,
  async run({ dataDir }, args, out) {
    const parsed = parse(() => parseArgs({ args, allowPositionals: true, strict: true }), out);
    if (!parsed) return 2;
    const url = serverUrl(parsed.positionals[0]);
    if (parsed.positionals.length > 1 || !url) {
      out(`move-to-server needs the server's postgres:// URL (or ${DATABASE_URL_VARIABLE})`);
      return 2;
    }
    out(`Copying ${path.join(dataDir)} to the server…`);
    try {
      const code = report(await moveToServer(dataDir, url, { onProgress: progressLines(out) }), out);
      if (code === 0) out(`Start each till with ${DATABASE_URL_VARIABLE} set to this server; the file stays as it was.`);
      return code;
    } catch (error) {
      return failed(error, out);
    }
  },
};

export const moveToFileCommand: FileCommand = {
  name: 'move-to-file',
  usage: 'move-to-file PATH [--from URL]        copy the server\'s archive (URL or $COUNTERPART_DATABASE_URL) into a new SQLite file and verify it',
  opensArchive: false,
  async run(_context, args, out) {
    const parsed = parse(() => parseArgs({ args, options: { from: { type: 'string' } }, allowPositionals: true, strict: true }), out);
    if (!parsed) return 2;
    const url = serverUrl(parsed.values.from);
    if (parsed.positionals.length !== 1 || !url) {
      out(`move-to-file needs one PATH, and the server's URL in --from or ${DATABASE_URL_VARIABLE}`);
      return 2;
    }
    const file = path.resolve(parsed.positionals[0]!);
    out(`Copying the server's archive to ${file}…`);
    try {
      const code = report(await moveToFile(url, file, { onProgress: progressLines(out) }), out);
      if (code === 0) out(`To use it, put it in a data folder as counterpart.sqlite and start without ${DATABASE_URL_VARIABLE}.`);
      return code;
    } catch (error) {
      return failed(error, out);
    }
  },
};

export const restoreToServerCommand: FileCommand = {
  name: 'restore-to-server',
  usage: 'restore-to-server FILE [URL] [--password-env VAR]  check a backup and copy it into an empty server database',
  opensArchive: false,
  async run({ dataDir }, args, out) {
    const parsed = parse(() => parseArgs({ args, options: { 'password-env': { type: 'string' } }, allowPositionals: true, strict: true }), out);
    if (!parsed) return 2;
    const { values, positionals } = parsed;
    const url = serverUrl(positionals[1]);
    const variable = values['password-env'];
    const password = variable === undefined ? '' : process.env[variable] ?? '';
    if (positionals.length < 1 || positionals.length > 2 || !url || (variable !== undefined && !password)) {
      out(variable !== undefined && !password
        ? `--password-env ${variable}: that environment variable is empty or not set`
        : `restore-to-server needs one backup FILE, and the server's URL (or ${DATABASE_URL_VARIABLE})`);
      return 2;
    }
    out(`Restoring ${path.resolve(positionals[0]!)} to the server…`);
    try {
      const restored = await restoreToServer({ dataDir, backup: positionals[0]!, password, url, now: Date.now(), onProgress: progressLines(out) });
      if (restored.erasedAgain > 0) out(`${plural(restored.erasedAgain, 'customer')} erased since the backup ${restored.erasedAgain === 1 ? 'was' : 'were'} erased again.`);
      return report(restored, out);
    } catch (error) {
      return failed(error, out);
    }
  },
};
