import type { Change, ChangeTopic } from './types.js';

// What a write call of this process changed, for the SQLite file, where no trigger can tell
// (main/node/change-feed.ts). On PostgreSQL the archive's own triggers tell it (migration 019),
// this process's writes included. Read from the call's name, its input and its answer: the
// topic by the call's domain, the customer by the customerId (or a customer call's id) it
// names or answers with; 'many' when none is named.

const TOPICS: Readonly<Record<string, ChangeTopic>> = {
  customers: 'customer',
  privacy: 'customer',
  loyalty: 'loyalty',
  receipts: 'receipts',
  notes: 'memory',
  facts: 'memory',
  tags: 'memory',
  wishes: 'memory',
  followups: 'memory',
  fields: 'memory',
};

/** Calls that write nothing a screen shows (a profile marked seen), or nothing at all. */
const NO_NEWS = new Set([
  'customers.get', 'receipts.preview', 'receipts.savePdf',
  'privacy.export', 'privacy.exportPage', 'privacy.savePdf', 'privacy.mergePreview', 'privacy.deleteExports',
]);

/** Calls that may change anything: an import, a restored backup. */
const ANYTHING = new Set(['exchange.import', 'backup.restore']);

const idOf = (value: unknown, key: string): number | null => {
  const v = (value as Record<string, unknown> | null)?.[key];
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : null;
};

function customersOf(name: string, input: unknown, output: unknown): number[] | 'many' {
  const named = idOf(input, 'customerId') ?? (name.startsWith('customers.') ? idOf(input, 'id') ?? idOf(output, 'id') : null);
  if (named !== null) return [named];
  const answered = (Array.isArray(output) ? output : [output]).map((item) => idOf(item, 'customerId'));
  const ids = [...new Set(answered)];
  if (ids.length === 0 || ids.some((id) => id === null)) return 'many';
  return (ids as number[]).sort((a, b) => a - b);
}

/** The change a successful write call made, or null when it changed nothing a screen shows. */
export function changeOfCall(name: string, input: unknown, output: unknown): Change | null {
  if (ANYTHING.has(name)) return { topic: 'any', customers: 'many' };
  if (NO_NEWS.has(name)) return null;
  const topic = TOPICS[name.slice(0, name.indexOf('.'))];
  if (!topic) return null;
  return { topic, customers: customersOf(name, input, output) };
}
