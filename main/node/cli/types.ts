import type { SettingsStore } from '../../api/settings/schema.js';
import type { Services } from '../services.js';

const english = new Intl.PluralRules('en');

/** "1 row", "3 rows": the CLI speaks English, with real plurals (`many` defaults to one + "s"). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${english.select(n) === 'one' ? one : many}`;
}

/** One `npm run cli -- <name> …` command: it gets the open archive and its own arguments. */
export interface ArchiveCommand {
  name: string;
  /** One line for the usage text, e.g. `backup --to DIR   write a verified backup`. */
  usage: string;
  opensArchive?: true;
  /** Returns the process exit code: 0 done, 1 a problem was found, 2 wrong usage. */
  run(services: Services, args: string[], out: (line: string) => void): Promise<number>;
}

/** The data folder without the archive opened, for a command that replaces the file (restore). */
export interface CliContext {
  dataDir: string;
  settings: SettingsStore;
}

/** A command that must not hold the archive open while it works on the file. */
export interface FileCommand {
  name: string;
  usage: string;
  opensArchive: false;
  run(context: CliContext, args: string[], out: (line: string) => void): Promise<number>;
}

export type CliCommand = ArchiveCommand | FileCommand;
