// Which archive a shell opens: the data folder's SQLite file (the default, one till) or the
// shared archive on a PostgreSQL server (several tills of one shop). Every entry point —
// `npm start` (main/electron/main.ts), `npm run web`, `npm run cli`, `npm run seed` — asks
// here, so they can never disagree about where the shop's customers are.
//
// In this order:
//  1. COUNTERPART_DATABASE_URL, a postgres://user:password@host:5432/database address: it
//     always wins, so a script or a test can point a till elsewhere whatever was saved;
//  2. the choice saved under Settings → Archive (settings.archive), read only where a keychain
//     can open its sealed password (the desktop app: Electron's safeStorage, deps.secrets);
//  3. the data folder's file.
// The shells only ever see an ArchiveChoice.

import type { Secrets } from '../api/deps.js';
import type { ArchiveChosenBy } from '../api/archive/types.js';
import type { ArchiveSetting } from '../api/settings/schema.js';
import { serverUrl } from '../api/archive/server-url.js';

export const DATABASE_URL_VARIABLE = 'COUNTERPART_DATABASE_URL';

export type ArchiveChoice =
  | { kind: 'file'; by: Extract<ArchiveChosenBy, 'default' | 'settings'> }
  /** url holds the password: hand it to openServices / openPostgresArchive only, never to a log. */
  | { kind: 'server'; url: string; by: Extract<ArchiveChosenBy, 'env' | 'settings'>; passwordUnreadable?: true };

/** The saved choice and the keychain that opens its password; absent where there is none (web mode, the CLI). */
export interface SavedChoice {
  setting: ArchiveSetting;
  secrets?: Secrets;
}

/** The archive to open. An empty or blank variable counts as unset. */
export function archiveChoice(env: NodeJS.ProcessEnv, saved?: SavedChoice): ArchiveChoice {
  const url = env[DATABASE_URL_VARIABLE]?.trim();
  if (url) return { kind: 'server', url, by: 'env' };
  const setting = saved?.setting;
  if (!setting || !saved.secrets?.available()) return { kind: 'file', by: 'default' };
  if (setting.kind === 'file') return { kind: 'file', by: 'settings' };
  try {
    return { kind: 'server', url: serverUrl(setting, saved.secrets.open(setting.sealedPassword)), by: 'settings' };
  } catch {
    // Sealed under another user or machine: the server without a password refuses the login,
    // which the till says, and the shop types it again under Settings → Archive. Falling back
    // to the file instead would ring sales up in an archive the other tills never see.
    return { kind: 'server', url: serverUrl(setting, ''), by: 'settings', passwordUnreadable: true };
  }
}

/** openServices's `databaseUrl`: the server's address, or undefined for the data folder's file. */
export function databaseUrlOf(choice: ArchiveChoice): string | undefined {
  return choice.kind === 'server' ? choice.url : undefined;
}

/**
 * A shell that cannot read the saved choice (web mode, the CLI) warns when the desktop app on
 * this data folder uses a server that it will not: otherwise it would quietly show the file.
 */
export function savedServerIgnored(choice: ArchiveChoice, setting: ArchiveSetting): string | null {
  if (choice.by === 'env' || setting.kind !== 'server') return null;
  return `Settings → Archive chose the shared server ${setting.host}:${setting.port}/${setting.database}, `
    + `which only the desktop app opens by itself; this uses the data folder's file. Set ${DATABASE_URL_VARIABLE} to use the server here.`;
}
