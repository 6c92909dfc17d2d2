// `npm run cli -- <command> [args]`: what a shop may want to run from a script, without the
// app. The commands live in main/node/cli/; the data folder is COUNTERPART_DATA_DIR or the app's own,
// the archive its SQLite file or, with COUNTERPART_DATABASE_URL, the shared server (archive-choice.ts).
import { ArchiveRefusedError } from '../../db/open.js';
import { ArchiveUnreachableError } from '../../db/open-postgres.js';
import { archiveChoice, databaseUrlOf, savedServerIgnored } from './archive-choice.js';
import { confSettings } from './conf-settings.js';
import { electronLikeUserData, resolveDataDir } from './data-dir.js';
import { openServices } from './services.js';
import { COMMANDS } from './cli/commands.js';

const usage = () =>
  [`Usage: npm run cli -- <${COMMANDS.map((c) => c.name).join('|')}> [options]`,
    ...COMMANDS.map((c) => `  ${c.usage}`),
    '  Data folder: COUNTERPART_DATA_DIR or the app\'s own folder.',
    '  Shared archive: COUNTERPART_DATABASE_URL=postgres://user:password@host:5432/database (else the data folder\'s file).'].join('\n');

async function main([name, ...args]: string[]): Promise<number> {
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    console.error(usage());
    return 2;
  }
  const dataDir = resolveDataDir(process.env, electronLikeUserData);
  const locale = Intl.DateTimeFormat().resolvedOptions().locale;
  const out = (line: string) => console.log(line);
  if (command.opensArchive === false) return command.run({ dataDir, settings: confSettings(dataDir, locale) }, args, out);
  // No keychain here: the saved choice's password cannot be read, so only the variable chooses a server.
  const choice = archiveChoice(process.env);
  const databaseUrl = databaseUrlOf(choice);
  const ignored = savedServerIgnored(choice, confSettings(dataDir, locale).get().archive);
  if (ignored) console.error(ignored);
  const services = openServices({ dataDir, mode: 'cli', settings: (dir) => confSettings(dir, locale), ...(databaseUrl ? { databaseUrl } : {}), archiveChosenBy: choice.by });
  try {
    // A shared archive is reached (and migrated) in the background; a command that works on
    // services.deps directly must not start before. Any call waits for it and says why not.
    const opened = await services.api.call('app.info', {});
    if (!opened.ok) {
      console.error(opened.error.message);
      return 1;
    }
    return await command.run(services, args, out);
  } finally {
    await services.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const told = error instanceof ArchiveRefusedError || error instanceof ArchiveUnreachableError;
    console.error(told ? error.message : error);
    process.exit(1);
  },
);
