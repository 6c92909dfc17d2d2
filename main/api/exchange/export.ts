import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { Zip, ZipDeflate } from 'fflate';
import { exportReader, type ExportCustomerRow, type ExportReader, type MemoryTable } from '../../../db/exchange/read.js';
import { CSV_BOM, csvRow, type CsvCell } from '../../core/csv/write.js';
import { formatBirthday } from '../../core/exchange/dates.js';
import { formatCents, formatMoment, label, valueLabel, type ExportFormat, type LabelKey } from '../../core/exchange/labels.js';
import { displayName } from '../customers/mappers.js';
import type { ExportFile } from './files.js';
import type { ExchangeExportKind } from './types.js';

// Exports: customers, notes, purchases and visits, and the loyalty ledger as CSV that Excel
// and LibreOffice open with accents intact (write.ts: BOM, the chosen separator, quoting,
// no formulas), and the full export archive: a zip of those CSVs, and as JSON the same data
// with the rest of customer memory (facts, follow-ups, custom fields, note revisions).
// Everything is read a page at a time and written as it is read (see db/exchange/read.ts).

const PAGE = 5000;
const encoder = new TextEncoder();

type Rows = AsyncGenerator<CsvCell[][]>;

export interface Table {
  /** Base of the file name in the zip and of a single export, in the export's language. */
  file: Record<'nl' | 'en', string>;
  /** English, for the JSON files. */
  json: string;
  count: (reader: ExportReader) => Promise<number>;
  header: (format: ExportFormat, reader: ExportReader) => Promise<string[]>;
  rows: (format: ExportFormat, reader: ExportReader) => Rows;
  /** The same rows as objects, for JSON. */
  objects: (reader: ExportReader) => AsyncGenerator<object[]>;
}

async function* pages<T extends { id: number }>(read: (after: number, limit: number) => Promise<T[]>): AsyncGenerator<T[]> {
  let after = 0;
  for (;;) {
    const page = await read(after, PAGE);
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1]!.id;
    if (page.length < PAGE) return;
  }
}

interface CustomerPage {
  rows: ExportCustomerRow[];
  phones: Map<number, string[]>;
  tags: Map<number, string[]>;
}

async function* customerPages(reader: ExportReader): AsyncGenerator<CustomerPage> {
  for await (const rows of pages((after, limit) => reader.customers(after, limit))) {
    const from = rows[0]!.id;
    const to = rows[rows.length - 1]!.id;
    const phones = new Map<number, string[]>();
    for (const p of await reader.phones(from, to)) (phones.get(p.customer_id) ?? phones.set(p.customer_id, []).get(p.customer_id)!).push(p.raw);
    const tags = new Map<number, string[]>();
    for (const t of await reader.tags(from, to)) (tags.get(t.customer_id) ?? tags.set(t.customer_id, []).get(t.customer_id)!).push(t.name);
    yield { rows, phones, tags };
  }
}

const birthdayOf = (c: ExportCustomerRow) =>
  c.birthday_day !== null && c.birthday_month !== null ? formatBirthday({ day: c.birthday_day, month: c.birthday_month, year: c.birth_year }) : '';

const CUSTOMER_HEAD: readonly LabelKey[] = ['id', 'givenName', 'namePrefix', 'familyName', 'salutation'];
const CUSTOMER_TAIL: readonly LabelKey[] = [
  'email', 'street', 'postalCode', 'city', 'birthday', 'preferredChannel', 'language', 'marketingConsent', 'consentChangedAt',
  'cardNumber', 'balance', 'tags', 'createdAt', 'lastSeenAt', 'archivedAt',
];

const phoneColumns = async (reader: ExportReader) => Math.max(1, await reader.maxPhones());

export const customersTable: Table = {
  file: { nl: 'klanten', en: 'customers' },
  json: 'customers',
  count: (reader) => reader.count('customers'),
  header: async (format, reader) => [
    ...CUSTOMER_HEAD.map((k) => label(format, k)),
    ...Array.from({ length: await phoneColumns(reader) }, (_, i) => `${label(format, 'phone')} ${i + 1}`),
    ...CUSTOMER_TAIL.map((k) => label(format, k)),
  ],
  async *rows(format, reader) {
    const width = await phoneColumns(reader);
    const yesNo = (v: number) => label(format, v === 1 ? 'yes' : 'no');
    for await (const { rows, phones, tags } of customerPages(reader)) {
      yield rows.map((c) => {
        const own = phones.get(c.id) ?? [];
        return [
          c.id, c.given_name, c.name_prefix, c.family_name, c.salutation,
          ...Array.from({ length: width }, (_, i) => own[i] ?? ''),
          c.email ?? '', c.address_street, c.address_postal_code, c.address_city, birthdayOf(c),
          valueLabel(format, 'channel', c.preferred_channel), valueLabel(format, 'language', c.language), yesNo(c.marketing_consent),
          formatMoment(c.consent_changed_at), c.card_number, c.balance ?? 0, (tags.get(c.id) ?? []).join(', '),
          formatMoment(c.created_at), formatMoment(c.last_seen_at), formatMoment(c.archived_at),
        ];
      });
    }
  },
  async *objects(reader) {
    for await (const { rows, phones, tags } of customerPages(reader)) {
      yield rows.map((c) => ({
        id: c.id,
        givenName: c.given_name,
        namePrefix: c.name_prefix,
        familyName: c.family_name,
        salutation: c.salutation,
        phones: phones.get(c.id) ?? [],
        email: c.email ?? '',
        address: { street: c.address_street, postalCode: c.address_postal_code, city: c.address_city },
        birthday: c.birthday_day !== null ? { day: c.birthday_day, month: c.birthday_month, year: c.birth_year } : null,
        preferredChannel: c.preferred_channel,
        language: c.language,
        marketingConsent: c.marketing_consent === 1,
        consentChangedAt: c.consent_changed_at,
        cardNumber: c.card_number,
        balance: c.balance ?? 0,
        tags: tags.get(c.id) ?? [],
        referredBy: c.referred_by,
        createdAt: c.created_at,
        updatedAt: c.updated_at,
        lastSeenAt: c.last_seen_at,
        archivedAt: c.archived_at,
      }));
    }
  },
};

const who = (r: { given_name: string; name_prefix: string; family_name: string }) => displayName(r);

export const notesTable: Table = {
  file: { nl: 'notities', en: 'notes' },
  json: 'notes',
  count: (reader) => reader.count('customer_entries'),
  header: async (format) => (['id', 'customerId', 'cardNumber', 'customer', 'kind', 'at', 'text', 'status', 'resolution', 'score', 'channel', 'staff'] as const)
    .map((k) => label(format, k)),
  async *rows(format, reader) {
    for await (const page of pages((after, limit) => reader.entries(after, limit))) {
      yield page.map((e) => [
        e.id, e.customer_id, e.card_number, who(e), valueLabel(format, 'entry', e.kind), formatMoment(e.at), e.text,
        valueLabel(format, 'status', e.status), e.resolution, e.score, valueLabel(format, 'channel', e.channel), e.staff,
      ]);
    }
  },
  async *objects(reader) {
    for await (const page of pages((after, limit) => reader.entries(after, limit))) {
      yield page.map((e) => ({
        id: e.id, customerId: e.customer_id, kind: e.kind, at: e.at, text: e.text, status: e.status,
        resolution: e.resolution, score: e.score, channel: e.channel, staff: e.staff,
      }));
    }
  },
};

export const visitsTable: Table = {
  file: { nl: 'aankopen-en-bezoeken', en: 'purchases-and-visits' },
  json: 'visits',
  count: (reader) => reader.count('visits'),
  header: async (format) => (['visitId', 'customerId', 'cardNumber', 'customer', 'kind', 'at', 'amount', 'description', 'undoes'] as const)
    .map((k) => label(format, k)),
  async *rows(format, reader) {
    for await (const page of pages((after, limit) => reader.visits(after, limit))) {
      yield page.map((v) => [
        v.id, v.customer_id, v.card_number, who(v), valueLabel(format, 'visit', v.kind), formatMoment(v.occurred_at),
        formatCents(v.amount_cents, format.separator), v.description, v.reverses_id,
      ]);
    }
  },
  async *objects(reader) {
    for await (const page of pages((after, limit) => reader.visits(after, limit))) {
      yield page.map((v) => ({
        id: v.id, customerId: v.customer_id, kind: v.kind, amountCents: v.amount_cents, description: v.description,
        reversesId: v.reverses_id, occurredAt: v.occurred_at,
      }));
    }
  },
};

export const ledgerTable: Table = {
  file: { nl: 'spaarhistorie', en: 'loyalty-ledger' },
  json: 'ledger',
  count: (reader) => reader.count('ledger_entries'),
  header: async (format) => (['entryId', 'customerId', 'cardNumber', 'customer', 'kind', 'at', 'stamps', 'reason', 'visitId', 'reward', 'reverses', 'code'] as const)
    .map((k) => label(format, k)),
  async *rows(format, reader) {
    for await (const page of pages((after, limit) => reader.ledger(after, limit))) {
      yield page.map((l) => [
        l.id, l.customer_id, l.card_number, who(l), valueLabel(format, 'ledger', l.kind), formatMoment(l.created_at), l.amount,
        l.reason, l.visit_id, l.reward, l.reverses_id, l.code,
      ]);
    }
  },
  async *objects(reader) {
    for await (const page of pages((after, limit) => reader.ledger(after, limit))) {
      yield page.map((l) => ({
        id: l.id, customerId: l.customer_id, kind: l.kind, amount: l.amount, visitId: l.visit_id, reward: l.reward,
        reversesId: l.reverses_id, reason: l.reason, code: l.code, createdAt: l.created_at,
      }));
    }
  },
};

/** The rest of what is remembered about customers, for the full export's JSON: pinned facts,
 * follow-ups, custom fields and their values, and the earlier versions of edited notes. */
const MEMORY_JSON: { json: string; table: MemoryTable }[] = [
  { json: 'facts', table: 'customer_facts' },
  { json: 'follow-ups', table: 'follow_ups' },
  { json: 'custom-fields', table: 'custom_fields' },
  { json: 'custom-field-values', table: 'customer_field_values' },
  { json: 'note-revisions', table: 'customer_entry_revisions' },
];

export const TABLES: Record<Exclude<ExchangeExportKind, 'archive'>, Table> = {
  customers: customersTable,
  notes: notesTable,
  visits: visitsTable,
  ledger: ledgerTable,
};

export interface ExportProgress {
  total(rows: number): void;
  /** Rows written so far, over every table of the export. */
  done(rows: number): void;
}

/** One table as a CSV file: BOM, header, rows. Returns the rows written. */
export async function writeCsv(db: Kysely<DB>, table: Table, format: ExportFormat, out: ExportFile, progress: ExportProgress): Promise<number> {
  const reader = exportReader(db);
  progress.total(await table.count(reader));
  await out.write(encoder.encode(CSV_BOM + csvRow(await table.header(format, reader), format.separator)));
  let rows = 0;
  for await (const page of table.rows(format, reader)) {
    let text = '';
    for (const row of page) text += csvRow(row, format.separator);
    await out.write(encoder.encode(text));
    rows += page.length;
    progress.done(rows);
  }
  return rows;
}

export interface ArchiveManifest {
  app: string;
  version: string;
  schemaVersion: number;
  exportedAt: number;
  language: string;
  separator: string;
  files: { name: string; rows: number }[];
}

/**
 * The full export: every table as CSV and as JSON, and `export.json` saying what is inside,
 * deflated into one zip as it is read. Returns the customers written.
 */
export async function writeArchive(
  db: Kysely<DB>,
  format: ExportFormat,
  out: ExportFile,
  progress: ExportProgress,
  about: Omit<ArchiveManifest, 'files' | 'language' | 'separator'>,
): Promise<number> {
  const reader = exportReader(db);
  const tables = Object.values(TABLES);
  const counts: number[] = [];
  for (const table of tables) counts.push(await table.count(reader));
  const memoryCounts: number[] = [];
  for (const memory of MEMORY_JSON) memoryCounts.push(await reader.count(memory.table));
  // Each table is read twice (CSV, then JSON): progress counts both passes.
  progress.total(counts.reduce((a, b) => a + b, 0) * 2 + memoryCounts.reduce((a, b) => a + b, 0));
  let pending: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else pending.push(chunk);
  });
  const flush = async () => {
    if (failure) throw failure;
    const chunks = pending;
    pending = [];
    for (const chunk of chunks) await out.write(chunk);
  };
  const entry = (name: string) => {
    // Level 3 compresses these files as well as 6 (measured) for two thirds of the time.
    const file = new ZipDeflate(name, { level: 3 });
    zip.add(file);
    return file;
  };
  let done = 0;
  const files: ArchiveManifest['files'] = [];
  for (const table of tables) {
    const name = `${table.file[format.language]}.csv`;
    const file = entry(name);
    file.push(encoder.encode(CSV_BOM + csvRow(await table.header(format, reader), format.separator)));
    let rows = 0;
    for await (const page of table.rows(format, reader)) {
      let text = '';
      for (const row of page) text += csvRow(row, format.separator);
      file.push(encoder.encode(text));
      rows += page.length;
      progress.done(done + rows);
      await flush();
    }
    file.push(new Uint8Array(0), true);
    done += rows;
    files.push({ name, rows });
    await flush();
  }
  const jsonSources = [
    ...tables.map((t) => ({ json: t.json, pages: () => t.objects(reader) })),
    ...MEMORY_JSON.map((m) => ({ json: m.json, pages: () => pages((after, limit) => reader.memory(m.table, after, limit)) })),
  ];
  for (const source of jsonSources) {
    const name = `${source.json}.json`;
    const file = entry(name);
    file.push(encoder.encode('['));
    let rows = 0;
    for await (const page of source.pages()) {
      let text = '';
      for (const object of page) text += `${rows++ === 0 ? '\n' : ',\n'}${JSON.stringify(object)}`;
      file.push(encoder.encode(text));
      progress.done(done + rows);
      await flush();
    }
    file.push(encoder.encode(rows ? '\n]\n' : ']\n'), true);
    done += rows;
    files.push({ name, rows });
    await flush();
  }
  const manifest: ArchiveManifest = { ...about, language: format.language, separator: format.separator, files };
  const last = entry('export.json');
  last.push(encoder.encode(JSON.stringify(manifest, null, 2) + '\n'), true);
  zip.end();
  await flush();
  return files[0]!.rows;
}
