// `npm run web`: the app in a browser, for trying it without Electron and for the
// end-to-end tests. Same handlers as the desktop app, over the local HTTP transport.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ArchiveRefusedError } from '../../db/open.js';
import { ArchiveUnreachableError } from '../../db/open-postgres.js';
import { archiveChoice, databaseUrlOf, savedServerIgnored } from './archive-choice.js';
import { CONTENT_SECURITY_POLICY } from './csp.js';
import { confSettings } from './conf-settings.js';
import { electronLikeUserData, resolveDataDir } from './data-dir.js';
import { startWebServer } from './http-transport.js';
import { exportsDir } from './exchange/folder.js';
import { openServices } from './services.js';
import { startBackupSchedule } from './backup/scheduler.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { port: { type: 'string' } } });
const port = values.port === undefined ? 0 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a number between 0 and 65535, not "${values.port}"`);
  process.exit(2);
}

const dataDir = resolveDataDir(process.env, electronLikeUserData);
const locale = Intl.DateTimeFormat().resolvedOptions().locale;
// No keychain here: the saved choice's password cannot be read, so only the variable chooses a server.
const choice = archiveChoice(process.env);
const databaseUrl = databaseUrlOf(choice);
const ignored = savedServerIgnored(choice, confSettings(dataDir, locale).get().archive);
if (ignored) console.warn(ignored);
let services;
try {
  services = openServices({ dataDir, mode: 'web', settings: (dir) => confSettings(dir, locale), ...(databaseUrl ? { databaseUrl } : {}), archiveChosenBy: choice.by });
} catch (error) {
  if (error instanceof ArchiveRefusedError) {
    console.error(`Cannot open ${dataDir}: ${error.message}`);
    process.exit(1);
  }
  // A COUNTERPART_DATABASE_URL that is no postgres:// address (the message never holds it).
  if (error instanceof ArchiveUnreachableError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

services.startMaintenance();
startBackupSchedule(services.backups);
const server = await startWebServer({
  api: services.api,
  staticDir: path.resolve(here, '../../dist/renderer'),
  token: randomBytes(24).toString('base64url'),
  csp: CONTENT_SECURITY_POLICY,
  port,
  exportsDir: exportsDir(dataDir),
});

console.log(`Counterpart (web) — data folder: ${dataDir}`);
// The server's address without the password; a till started while it is away says so on screen.
if (services.archive.engine === 'postgres') console.log(`Shared archive: ${services.archive.address}`);
console.log('Open this address in your browser:');
console.log(server.url);

const stop = async () => {
  await server.close();
  await services.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
