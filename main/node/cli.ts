// `npm run cli -- <command> [args]`: what a shop may want to run from a script, without the
// app. The commands live in main/node/cli/; the data folder is COUNTERPART_DATA_DIR or the app's own.
import { ArchiveRefusedError } from '../../db/open.js';
import { confSettings } from './conf-settings.js';
import { electronLikeUserData, resolveDataDir } from './data-dir.js';
import { openServices } from './services.js';
import { COMMANDS } from './cli/commands.js';

const usage = () =>
  [`Usage: npm run cli -- <${COMMANDS.map((c) => c.name).join('|')}> [options]`,
    ...COMMANDS.map((c) => `  ${c.usage}`),
    '  Data folder: COUNTERPART_DATA_DIR or the app\'s own folder.'].join('\n');

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
  const services = openServices({ dataDir, mode: 'cli', settings: (dir) => confSettings(dir, locale) });
  try {
    return await command.run(services, args, out);
  } finally {
    await services.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ArchiveRefusedError ? error.message : error);
    process.exit(1);
  },
);
