import path from 'node:path';
import { parseArgs } from 'node:util';
import type { TableCounts } from '../../api/backup/types.js';
import { AppError } from '../../api/errors.js';
import { restoreFromFile } from '../backup/restore.js';
import { ARCHIVE_FILE } from '../data-dir.js';
import { APP_VERSION } from '../version.js';
import type { ArchiveCommand, FileCommand } from './types.js';

// Backups from a script (a nightly task, a shop's own USB routine) and a restore without
// the app. A password comes from an environment variable, never the command line, where
// other users and the shell's history would see it.

const summary = (counts: TableCounts) =>
  ['customers', 'visits', 'ledger_entries', 'customer_entries'].filter((t) => t in counts).map((t) => `${counts[t]} ${t}`).join(', ');

function password(variable: string | undefined): string | null | Error {
  if (variable === undefined) return null;
  const value = process.env[variable];
  return value ? value : new Error(`--password-env ${variable}: that environment variable is empty or not set`);
}

/** parseArgs, with a wrong option answered as wrong usage (exit 2) instead of a stack trace. */
function parse<T>(read: () => T, out: (line: string) => void): T | null {
  try {
    return read();
  } catch (error) {
    out((error as Error).message);
    return null;
  }
}

function failed(error: unknown, out: (line: string) => void): number {
  if (error instanceof AppError) {
    out(`${error.message} (${error.code})`);
    return 1;
  }
  throw error;
}

export const backupCommand: ArchiveCommand = {
  name: 'backup',
  usage: 'backup --to DIR [--password-env VAR]  write a verified backup into DIR (encrypted with the password in $VAR)',
  async run(services, args, out) {
    const parsed = parse(() => parseArgs({ args, options: { to: { type: 'string' }, 'password-env': { type: 'string' } }, strict: true }), out);
    if (!parsed) return 2;
    const { values } = parsed;
    const secret = password(values['password-env']);
    if (!values.to || secret instanceof Error) {
      out(secret instanceof Error ? secret.message : 'backup needs --to DIR');
      return 2;
    }
    try {
      const result = await services.backups.backupTo(path.resolve(values.to), secret);
      out(`Backup written and verified: ${path.join(result.folder, result.name)}${result.encrypted ? ' (encrypted)' : ''}`);
      out(`It holds ${summary(result.counts)}.`);
      return 0;
    } catch (error) {
      return failed(error, out);
    }
  },
};

export const restoreCommand: FileCommand = {
  name: 'restore',
  usage: 'restore FILE [--password-env VAR]    check a backup, keep a safety copy of the archive, and put FILE in its place',
  opensArchive: false,
  async run({ dataDir, settings }, args, out) {
    const parsed = parse(() => parseArgs({ args, options: { 'password-env': { type: 'string' } }, allowPositionals: true, strict: true }), out);
    if (!parsed) return 2;
    const { values, positionals } = parsed;
    const secret = password(values['password-env']);
    if (positionals.length !== 1 || secret instanceof Error) {
      out(secret instanceof Error ? secret.message : 'restore needs one FILE');
      return 2;
    }
    try {
      const restored = await restoreFromFile({
        dataDir,
        archiveFile: path.join(dataDir, ARCHIVE_FILE),
        file: positionals[0]!,
        password: secret ?? '',
        appVersion: APP_VERSION,
        now: Date.now(),
        encrypt: settings.get().backup.encrypt,
      });
      out(`Restored ${path.resolve(positionals[0]!)}${restored.createdAt ? ` (made ${new Date(restored.createdAt).toLocaleString()})` : ''}.`);
      out(`The archive now holds ${summary(restored.counts)}.`);
      if (restored.safetyCopy) out(`The archive as it was is kept as ${path.join(dataDir, 'safety-copies', restored.safetyCopy)}.`);
      if (restored.erasedAgain > 0) {
        out(restored.erasedAgain === 1
          ? '1 customer erased earlier was erased again.'
          : `${restored.erasedAgain} customers erased earlier were erased again.`);
      }
      return 0;
    } catch (error) {
      return failed(error, out);
    }
  },
};
