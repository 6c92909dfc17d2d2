import fs from 'node:fs';
import path from 'node:path';
import { randomInt } from 'node:crypto';
import { openArchive, type Archive } from '../../db/open.js';
import type { SettingsStore } from '../api/settings/schema.js';
import type { Deps } from '../api/deps.js';
import { createApi, type Api, type Logger } from '../api/dispatch.js';
import { ARCHIVE_FILE } from './data-dir.js';
import { APP_VERSION } from './version.js';

export interface Services {
  deps: Deps;
  api: Api;
  archive: Archive;
  close(): Promise<void>;
}

export interface ServiceOptions {
  dataDir: string;
  mode: Deps['app']['mode'];
  settings: (dataDir: string) => SettingsStore;
  clock?: () => number;
  log?: Logger;
}

/** Opens the archive in the data folder and wires the handlers: shared by every shell. */
export function openServices(options: ServiceOptions): Services {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const archive = openArchive(path.join(options.dataDir, ARCHIVE_FILE));
  const deps: Deps = {
    archive,
    settings: options.settings(options.dataDir),
    clock: options.clock ?? Date.now,
    random: () => randomInt(0, 2 ** 47) % 10_000_000_000,
    app: { version: APP_VERSION, mode: options.mode, dataDir: options.dataDir },
  };
  return { deps, api: createApi(deps, { log: options.log }), archive, close: () => archive.close() };
}
