import { AppError } from '../errors.js';
import type { Deps } from '../deps.js';
import type { HandlerMap } from '../handler-types.js';
import type { Backups } from './service.js';
import type { BACKUP_CALLS } from './calls.js';

// Thin: the work is file work (main/node/backup), reached through deps like the printer.

function backups(deps: Deps): Backups {
  if (!deps.backups) throw new AppError('internal', 'Backups are not available here');
  return deps.backups;
}

export const backupHandlers: HandlerMap<(typeof BACKUP_CALLS)[number]> = {
  'backup.overview': async (deps) => backups(deps).overview(),
  'backup.start': async (deps) => backups(deps).start(),
  'backup.status': async (deps, { jobId }) => backups(deps).job(jobId),
  'backup.list': async (deps) => backups(deps).list(),
  'backup.setFolder': async (deps, { folder }) => backups(deps).setFolder(folder),
  'backup.pickFolder': async (deps) => backups(deps).pickFolder(),
  'backup.pickFile': async (deps) => backups(deps).pickFile(),
  'backup.setPassword': async (deps, { password }) => backups(deps).setPassword(password),
  'backup.check': async (deps, { backupId, password }) => backups(deps).check(backupId, password),
  'backup.restore': async (deps, { token }) => backups(deps).restore(token),
  'backup.discard': async (deps, { token }) => {
    await backups(deps).discard(token);
    return { discarded: true as const };
  },
};
