import type { Logger } from '../../api/dispatch.js';
import type { NodeBackups } from './service.js';

// Automatic backups while the app runs: a look soon after start and every quarter of an
// hour after, taking one when the last good backup is a day old (NodeBackups.due). A PC
// left on for a week still gets its daily backup; one switched on each morning gets it
// a minute after start.

const FIRST_LOOK_MS = 60_000;
const LOOK_EVERY_MS = 15 * 60_000;

export interface ScheduleOptions {
  firstLookMs?: number;
  lookEveryMs?: number;
  log?: Logger;
}

/** Starts the schedule; returns a function that stops it (a backup under way finishes). */
export function startBackupSchedule(backups: NodeBackups, options: ScheduleOptions = {}): () => void {
  const log = options.log ?? ((message, error) => console.error(message, error));
  const look = () => {
    if (!backups.due()) return;
    backups.automatic().catch((error: unknown) => log('the automatic backup failed', error));
  };
  const timers = [setTimeout(look, options.firstLookMs ?? FIRST_LOOK_MS), setInterval(look, options.lookEveryMs ?? LOOK_EVERY_MS)];
  for (const timer of timers) timer.unref();
  return () => timers.forEach((timer) => clearTimeout(timer));
}

/**
 * The backup on quit: when automatic backups are on, one more before the app goes, so the
 * day's work is in it. Bounded: a backup that would keep the shop from closing is stopped
 * (its partial file removed) and the app quits anyway.
 */
export async function backupOnQuit(backups: NodeBackups, automatic: boolean, deadlineMs: number, log: Logger): Promise<void> {
  if (!automatic) return;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), deadlineMs);
  try {
    await backups.automatic(controller.signal);
  } catch (error) {
    log(controller.signal.aborted ? 'the backup on quit took too long and was stopped' : 'the backup on quit failed', error);
  } finally {
    clearTimeout(timer);
  }
}
