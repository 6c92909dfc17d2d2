import { z } from 'zod';
import { call, none, type CallDef } from '../contract-kit.js';
import { lineText } from '../text-schema.js';
import type { ARCHIVE_CALLS } from './calls.js';
import type { ArchiveInfo, ArchiveMoveJob, ServerTest } from './types.js';

/** A host name, an IPv4 address or an IPv6 address (without brackets). */
const HOST = /^[A-Za-z0-9]([A-Za-z0-9.:-]{0,251}[A-Za-z0-9])?$/;
/** PostgreSQL's identifiers are at most 63 bytes. */
const identifier = lineText(63).min(1, { error: 'required' });

/** The shared server as the shop fills it in; the password is kept sealed, never as typed. */
export const serverLogin = z.object({
  host: lineText(253).min(1, { error: 'required' }).refine((v) => HOST.test(v), { error: 'invalid' }),
  port: z.number({ error: 'invalid' }).int({ error: 'invalid' }).min(1, { error: 'out_of_range' }).max(65535, { error: 'out_of_range' }).default(5432),
  database: identifier,
  user: identifier,
  // Not trimmed or folded: a password is taken exactly as typed.
  password: z.string({ error: 'required' }).max(200, { error: 'too_long' }),
});

export type ServerLogin = z.output<typeof serverLogin>;

export const archiveContract = {
  'archive.info': call<ArchiveInfo>()(none),
  /** Reachable, the login accepted, and empty or an archive of ours: answered within a few seconds. */
  'archive.testServer': call<ServerTest>()(serverLogin),
  /** Tests the server, then saves it with the password sealed: used from the next start. */
  'archive.useServer': call<ArchiveInfo>()(serverLogin),
  /** The data folder's file from the next start. */
  'archive.useFile': call<ArchiveInfo>()(none),
  /** Copies the file archive in use into the (empty) server, verifies it, then saves the server as the choice. */
  'archive.moveToServer': call<ArchiveMoveJob>()(serverLogin),
  'archive.moveStatus': call<ArchiveMoveJob>()(z.object({ jobId: z.string({ error: 'invalid' }).uuid({ error: 'invalid' }) })),
  /** The desktop app starts again, opening the archive now chosen. */
  'archive.restart': call<{ restarting: true }>()(none),
} satisfies { [N in (typeof ARCHIVE_CALLS)[number]]: CallDef<z.ZodType, unknown> };
