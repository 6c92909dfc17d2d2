import type { ExchangeJob, ImportField } from '../../../main/api/contract';
import { call } from '../api';

// Polling a running import or export, as the page shows its progress.

const POLL_MS = 120;

/** Follows a job until it finishes, reporting each state; null when `alive` turns false (the page left). */
export async function followJob(job: ExchangeJob, onUpdate: (job: ExchangeJob) => void, alive: () => boolean): Promise<ExchangeJob | null> {
  let current = job;
  onUpdate(current);
  while (current.state === 'running') {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    if (!alive()) return null;
    const result = await call('exchange.status', { jobId: current.id });
    current = result.ok ? result.value : { ...current, state: 'failed', error: result.error };
    if (!alive()) return null;
    onUpdate(current);
  }
  return current;
}

/** The fields a column can hold, in the order the mapping menu offers them. */
export const FIELDS = [
  'fullName', 'givenName', 'namePrefix', 'familyName', 'salutation', 'phone', 'email', 'street', 'postalCode', 'city',
  'birthday', 'preferredChannel', 'language', 'marketingConsent', 'cardNumber', 'balance', 'tags', 'note',
] as const satisfies readonly ImportField[];

// Every field is offered: the compiler says so when the contract gains one.
type Unoffered = Exclude<ImportField, (typeof FIELDS)[number]>;
const _everyFieldOffered: [Unoffered] extends [never] ? true : never = true;

export const MAX_FILE_BYTES = 50 * 1024 * 1024;

/**
 * A CSV file's text. Excel's plain "CSV" is saved in the Windows code page, not UTF-8: a file
 * that is not valid UTF-8 is read as Windows-1252, so "José" stays José.
 */
export async function readCsvFile(file: Blob): Promise<{ text: string; windows: boolean }> {
  const bytes = await file.arrayBuffer();
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), windows: false };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), windows: true };
  }
}

export function fileSize(bytes: number, locale: string): string {
  const format = (n: number, unit: string) => `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n)} ${unit}`;
  if (bytes < 1024) return format(bytes, 'B');
  if (bytes < 1024 * 1024) return format(bytes / 1024, 'KB');
  return format(bytes / 1024 / 1024, 'MB');
}
