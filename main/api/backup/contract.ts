import { z } from 'zod';
import { call, none, type CallDef } from '../contract-kit.js';
import { lineText } from '../text-schema.js';
import type { BACKUP_CALLS } from './calls.js';
import type { BackupEntry, BackupJob, BackupOverview } from './types.js';

const jobId = z.string({ error: 'invalid' }).uuid({ error: 'invalid' });

export const MIN_PASSWORD = 8;

export const backupContract = {
  'backup.overview': call<BackupOverview>()(none),
  /** "Backup now": returns the job at once; `backup.status` follows it. */
  'backup.start': call<BackupJob>()(none),
  'backup.status': call<BackupJob>()(z.object({ jobId })),
  'backup.list': call<BackupEntry[]>()(none),
  /** Typed in web mode: main checks it is absolute, there, a folder and writable. '' = the data folder. */
  'backup.setFolder': call<BackupOverview>()(
    z.object({ folder: lineText(1000) }),
  ),
  /** Electron's folder dialog; null when cancelled. */
  'backup.pickFolder': call<BackupOverview | null>()(none),
  /** Electron's file dialog; the file joins the list as a `picked` backup. */
  'backup.pickFile': call<BackupEntry | null>()(none),
  'backup.setPassword': call<BackupOverview>()(
    z.object({
      password: z.string({ error: 'required' }).min(MIN_PASSWORD, { error: 'too_short' }).max(200, { error: 'too_long' }),
    }),
  ),
  /** Copies (or decrypts) the backup into the data folder and checks it; the job's result shows what it holds. */
  'backup.check': call<BackupJob>()(
    z.object({
      backupId: z.string({ error: 'invalid' }).min(1, { error: 'required' }).max(300, { error: 'too_long' }),
      password: z.string({ error: 'invalid' }).max(200, { error: 'too_long' }).default(''),
    }),
  ),
  /** After the shop confirmed what `backup.check` showed: a safety copy, then the swap. */
  'backup.restore': call<BackupJob>()(z.object({ token: jobId })),
  'backup.discard': call<{ discarded: true }>()(z.object({ token: jobId })),
} satisfies { [N in (typeof BACKUP_CALLS)[number]]: CallDef<z.ZodType, unknown> };
