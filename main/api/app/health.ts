// Whether the archive has passed its check at start (main/node/services.ts), and which calls
// may go on meanwhile. A damaged archive is never written to: every call that would write
// answers `archive_damaged`, and the shop is shown the way back, a restore.

export interface ArchiveHealth {
  /** checking: a big archive's quick_check runs in the background; writes wait for it. */
  state: 'checking' | 'sound' | 'damaged';
  /** quick_check's first findings, for whoever helps the shop; [] unless damaged. */
  problems: string[];
}

/**
 * Calls that only read the archive: they go on while it is being checked. Anything not
 * listed is taken to write and waits, so a call added later is safe by default.
 */
const READS = new Set<string>([
  'customers.search', 'customers.byCard', 'customers.recent', 'customers.duplicates', 'customers.brief', 'customers.referrals',
  'loyalty.program', 'loyalty.summary', 'loyalty.history', 'loyalty.figures', 'loyalty.check',
  'receipts.unprinted', 'receipts.printerStatus', 'receipts.systemPrinters',
  'notes.get', 'notes.timeline', 'facts.list', 'tags.list', 'tags.forCustomer', 'tags.customers', 'wishes.list',
  'followups.list', 'today.get', 'fields.list', 'fields.values',
  'privacy.status', 'lists.filters', 'exchange.status', 'app.changes',
]);

/** Calls that touch the settings or the backup files, never the archive. */
const BESIDE_THE_ARCHIVE = new Set<string>([
  'app.info', 'settings.get', 'settings.update',
  'backup.overview', 'backup.status', 'backup.list', 'backup.setFolder', 'backup.pickFolder', 'backup.pickFile',
  'backup.setPassword', 'backup.check', 'backup.discard',
]);

/** The way out of a damaged archive: it replaces the file, keeping the damaged one aside. */
const RESTORE = 'backup.restore';

/** What a call must do given the archive's health: go on, wait for the check, or be refused. */
export function admission(name: string, input: unknown, health: ArchiveHealth): 'go' | 'wait' | 'refuse' {
  if (health.state === 'sound' || BESIDE_THE_ARCHIVE.has(name) || READS.has(name)) return 'go';
  // Opening a profile marks the customer seen (a write); only looking does not.
  if (name === 'customers.get' && !(input as { markSeen?: unknown } | null)?.markSeen) return 'go';
  if (health.state === 'checking') return 'wait';
  return name === RESTORE ? 'go' : 'refuse';
}

const CHECKING: ArchiveHealth = { state: 'checking', problems: [] };

/** Whether a call may write the archive: whatever is not known to read only, or to touch only what is beside it. */
export function mayWrite(name: string, input: unknown): boolean {
  return admission(name, input, CHECKING) !== 'go';
}
