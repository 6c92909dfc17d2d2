import type { Services } from '../services.js';

/** One `npm run cli -- <name> …` command: it gets the open archive and its own arguments. */
export interface CliCommand {
  name: string;
  /** One line for the usage text, e.g. `backup --to DIR   write a verified backup`. */
  usage: string;
  /** Returns the process exit code: 0 done, 1 a problem was found, 2 wrong usage. */
  run(services: Services, args: string[], out: (line: string) => void): Promise<number>;
}
