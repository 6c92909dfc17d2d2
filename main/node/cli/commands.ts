import type { CliCommand } from './types.js';
import { checkCommand, expireCommand } from './loyalty.js';
import { exportCommand, importCommand } from './exchange.js';
import { backupCommand, restoreCommand } from './backup.js';
import { moveToFileCommand, moveToServerCommand, restoreToServerCommand } from './move-commands.js';

// Every command `npm run cli` knows, in the order the usage text lists them.
export const COMMANDS: readonly CliCommand[] = [
  checkCommand, expireCommand, backupCommand, restoreCommand, exportCommand, importCommand,
  moveToServerCommand, moveToFileCommand, restoreToServerCommand,
];
