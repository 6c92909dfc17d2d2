import { probeServer } from '../../../db/probe-server.js';
import { LATEST_POSTGRES_SCHEMA_VERSION } from '../../../db/migrations/postgres/index.js';
import type { ArchiveChosen, ArchiveMoves, Deps, Secrets } from '../deps.js';
import { AppError, fieldError } from '../errors.js';
import type { HandlerMap } from '../handler-types.js';
import type { ArchiveSetting } from '../settings/schema.js';
import type { ARCHIVE_CALLS } from './calls.js';
import type { ServerLogin } from './contract.js';
import { serverUrl } from './server-url.js';
import type { ArchiveInfo, ArchiveInUse, SavedArchive, ServerAddress, ServerTest } from './types.js';

// Settings → Archive: which archive this till uses, a server tested before it is chosen, the
// choice saved with the password sealed by the system's keychain (deps.secrets, Electron's
// safeStorage), and the file archive moved into an empty server. The choice takes effect at
// the next start (main/node/archive-choice.ts reads it); COUNTERPART_DATABASE_URL keeps winning.

function chosen(deps: Deps): ArchiveChosen {
  return deps.archiveChosen ?? { by: deps.archive.engine === 'postgres' ? 'env' : 'default' };
}

/** The keychain, when this shell has one that keeps a password other than as plain text. */
function keychain(deps: Deps): Secrets | null {
  return deps.secrets?.available() ? deps.secrets : null;
}

function savedOf(setting: ArchiveSetting): SavedArchive {
  if (setting.kind === 'file') return { kind: 'file' };
  const { host, port, database, user } = setting;
  return { kind: 'server', host, port, database, user };
}

const sameServer = (a: ServerAddress, b: ServerAddress) =>
  a.host.toLowerCase() === b.host.toLowerCase() && a.port === b.port && a.database === b.database && a.user === b.user;

function sameArchive(saved: SavedArchive, inUse: ArchiveInUse): boolean {
  if (saved.kind === 'file' || inUse.kind === 'file') return saved.kind === inUse.kind;
  return sameServer(saved, inUse);
}

function info(deps: Deps): ArchiveInfo {
  const how = chosen(deps);
  const inUse: ArchiveInUse = deps.archive.engine === 'postgres'
    ? { kind: 'server', ...(how.server ?? { host: deps.archive.address, port: 0, database: '', user: '' }) }
    : { kind: 'file', folder: deps.app.dataDir };
  const saved = savedOf(deps.settings.get().archive);
  const canChooseServer = how.by !== 'env' && keychain(deps) !== null;
  return {
    inUse,
    chosenBy: how.by,
    schemaVersion: deps.archive.schemaVersion,
    saved,
    // Only where the saved choice is read at start: the desktop app, without the variable.
    restartNeeded: canChooseServer && !sameArchive(saved, inUse),
    canChooseServer,
    canRestart: Boolean(deps.restart),
    move: deps.archiveMoves?.current ?? null,
  };
}

/** The keychain, where a server may be chosen at all; else why not. */
function mayChooseServer(deps: Deps): Secrets {
  if (chosen(deps).by === 'env') {
    throw new AppError('archive_choice_unavailable', 'COUNTERPART_DATABASE_URL chooses the archive of this till');
  }
  const secrets = keychain(deps);
  if (!secrets) throw new AppError('archive_choice_unavailable', 'No keychain here keeps the password safe: set COUNTERPART_DATABASE_URL instead');
  return secrets;
}

/** The server as a till would find it; one that cannot be used is a field error saying why. */
async function tested(login: ServerLogin): Promise<ServerTest> {
  const probe = await probeServer(login);
  if (probe.state === 'empty') return { state: 'empty' };
  if (probe.state === 'archive') {
    if (probe.schemaVersion > LATEST_POSTGRES_SCHEMA_VERSION) {
      throw fieldError('database', 'database_too_new', { version: probe.schemaVersion, known: LATEST_POSTGRES_SCHEMA_VERSION });
    }
    return { state: 'archive', schemaVersion: probe.schemaVersion, migrates: probe.schemaVersion < LATEST_POSTGRES_SCHEMA_VERSION, customers: probe.customers };
  }
  switch (probe.reason) {
    case 'unreachable': throw fieldError('host', 'server_unreachable', { host: login.host, port: login.port });
    case 'login_refused': throw fieldError('password', 'login_refused');
    case 'database_missing': throw fieldError('database', 'database_missing', { database: login.database });
    case 'not_ours': throw fieldError('database', 'database_not_ours', { database: login.database });
  }
}

function sealed(secrets: Secrets, login: ServerLogin): ArchiveSetting {
  const { host, port, database, user, password } = login;
  return { kind: 'server', host, port, database, user, sealedPassword: secrets.seal(password) };
}

function moves(deps: Deps): ArchiveMoves {
  if (!deps.archiveMoves) throw new AppError('internal', 'Moving the archive is not available here');
  return deps.archiveMoves;
}

export const archiveHandlers: HandlerMap<(typeof ARCHIVE_CALLS)[number]> = {
  'archive.info': async (deps) => info(deps),
  'archive.testServer': async (_deps, login) => tested(login),
  'archive.useServer': async (deps, login) => {
    const secrets = mayChooseServer(deps);
    await tested(login);
    deps.settings.update({ archive: sealed(secrets, login) });
    return info(deps);
  },
  'archive.useFile': async (deps) => {
    if (chosen(deps).by === 'env') {
      throw new AppError('archive_choice_unavailable', 'COUNTERPART_DATABASE_URL chooses the archive of this till');
    }
    deps.settings.update({ archive: { kind: 'file' } });
    return info(deps);
  },
  'archive.moveToServer': async (deps, login) => {
    const secrets = mayChooseServer(deps);
    if (deps.archive.engine !== 'sqlite') throw new AppError('archive_choice_unavailable', 'Only the data folder\'s file is moved to a server');
    const found = await tested(login);
    // A server holding another shop's customers (or this one's, moved before) is never written into.
    if (found.state === 'archive' && found.customers > 0) throw fieldError('database', 'database_not_empty', { database: login.database });
    const choice = sealed(secrets, login);
    return moves(deps).start(serverUrl(login, login.password), () => {
      deps.settings.update({ archive: choice });
    });
  },
  'archive.moveStatus': async (deps, { jobId }) => moves(deps).job(jobId),
  'archive.restart': async (deps) => {
    if (!deps.restart) throw new AppError('archive_choice_unavailable', 'Only the desktop app restarts itself');
    const move = deps.archiveMoves?.current;
    if (move && move.phase !== 'done') throw new AppError('backup_busy', 'The archive is being moved');
    deps.restart();
    return { restarting: true as const };
  },
};
