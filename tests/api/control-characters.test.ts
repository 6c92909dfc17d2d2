import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallName } from '../../main/api/contract.js';
import type { ImportField } from '../../main/core/exchange/fields.js';
import { DEFAULT_BACKUP, DEFAULT_PRINTER, DEFAULT_RECEIPT } from '../../main/api/settings/schema.js';
import { settingsStore } from '../../main/node/settings-store.js';
import { onServer } from '../support/engine.js';
import { fileDatabase } from '../support/postgres-each.js';
import { testApp, type TestApp } from '../support/services.js';
import { finished, runExport, upload } from './exchange-support.js';

// Text that cannot be stored (a control character, a lone surrogate) is refused at the
// boundary with a field error naming the field, never left to SQLite's CHECKs (`internal`).

const BAD: [string, string][] = [
  ['NUL first', '\u0000x'],
  ['BEL inside', 'a\u0007b'],
  ['NEL (C1) first', '\u0085x'],
  ['lone surrogate', '\uD800'],
];

/** Control characters a written file must never hold (TAB, LF and CR are a CSV's own). */
// eslint-disable-next-line no-control-regex -- the test looks for them
const WRITTEN_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|\p{Cs}/u;

interface Fixture {
  customerId: number;
  noteId: number;
  complaintId: number;
  wishId: number;
  factId: number;
  followUpId: number;
  tagId: number;
  textFieldId: number;
  choiceFieldId: number;
}

interface Case {
  call: CallName;
  /** The field path the error names. */
  field: string | ((f: Fixture) => string);
  input(bad: string, f: Fixture, app: TestApp): unknown;
}

const customer = (extra: Record<string, unknown>) => ({ customer: { givenName: 'Anna', ...extra } });

const CASES: Case[] = [
  { call: 'customers.create', field: 'customer.givenName', input: (bad) => customer({ givenName: bad }) },
  { call: 'customers.create', field: 'customer.namePrefix', input: (bad) => customer({ namePrefix: bad }) },
  { call: 'customers.create', field: 'customer.familyName', input: (bad) => customer({ familyName: bad }) },
  { call: 'customers.create', field: 'customer.salutation', input: (bad) => customer({ salutation: bad }) },
  { call: 'customers.create', field: 'customer.email', input: (bad) => customer({ email: `${bad}@example.nl` }) },
  { call: 'customers.create', field: 'customer.phones.0', input: (bad) => customer({ phones: [bad] }) },
  { call: 'customers.create', field: 'customer.address.street', input: (bad) => customer({ address: { street: bad } }) },
  { call: 'customers.create', field: 'customer.address.postalCode', input: (bad) => customer({ address: { postalCode: bad } }) },
  { call: 'customers.create', field: 'customer.address.city', input: (bad) => customer({ address: { city: bad } }) },
  { call: 'customers.update', field: 'customer.givenName', input: (bad, f) => ({ id: f.customerId, ...customer({ givenName: bad }) }) },
  { call: 'customers.update', field: 'customer.familyName', input: (bad, f) => ({ id: f.customerId, ...customer({ familyName: bad }) }) },

  {
    call: 'loyalty.updateProgram',
    field: 'tiers.0.name',
    input: (bad) => ({ rule: { kind: 'per_visit', stamps: 1 }, cardSize: 10, tiers: [{ name: bad, minSpendCents: 0, multiplierPercent: 100 }], expiryMonths: null }),
  },
  { call: 'loyalty.saveReward', field: 'name', input: (bad) => ({ name: bad, cost: 10, kind: 'free_item' }) },
  { call: 'loyalty.recordPurchase', field: 'description', input: (bad, f) => ({ customerId: f.customerId, amount: '10', locale: 'nl', description: bad }) },
  { call: 'loyalty.recordVisit', field: 'description', input: (bad, f) => ({ customerId: f.customerId, description: bad }) },
  { call: 'loyalty.adjust', field: 'reason', input: (bad, f) => ({ customerId: f.customerId, amount: 1, reason: bad }) },
  { call: 'loyalty.migrate', field: 'reason', input: (bad, f) => ({ customerId: f.customerId, amount: 1, reason: bad }) },

  { call: 'notes.add', field: 'text', input: (bad, f) => ({ customerId: f.customerId, kind: 'note', text: bad }) },
  { call: 'notes.add', field: 'staff', input: (bad, f) => ({ customerId: f.customerId, kind: 'note', text: 'Fine', staff: bad }) },
  { call: 'notes.edit', field: 'text', input: (bad, f) => ({ id: f.noteId, text: bad }) },
  { call: 'notes.setStatus', field: 'resolution', input: (bad, f) => ({ id: f.complaintId, status: 'resolved', resolution: bad }) },
  { call: 'wishes.markContacted', field: 'text', input: (bad, f) => ({ id: f.wishId, channel: 'phone', text: bad }) },
  { call: 'facts.add', field: 'text', input: (bad, f) => ({ customerId: f.customerId, text: bad }) },
  { call: 'facts.edit', field: 'text', input: (bad, f) => ({ id: f.factId, text: bad }) },
  { call: 'tags.add', field: 'name', input: (bad, f) => ({ customerId: f.customerId, name: bad }) },
  { call: 'tags.markContacted', field: 'text', input: (bad, f) => ({ tagId: f.tagId, customerIds: [f.customerId], text: bad }) },
  { call: 'followups.add', field: 'text', input: (bad, f) => ({ customerId: f.customerId, text: bad, dueOn: '2026-12-24' }) },
  { call: 'followups.edit', field: 'text', input: (bad, f) => ({ id: f.followUpId, text: bad, repeat: { kind: 'none' } }) },

  { call: 'fields.define', field: 'name', input: (bad) => ({ name: bad, kind: 'text' }) },
  { call: 'fields.define', field: 'options.0', input: (bad) => ({ name: 'Maat', kind: 'choice', options: [bad] }) },
  { call: 'fields.update', field: 'name', input: (bad, f) => ({ id: f.textFieldId, name: bad }) },
  { call: 'fields.update', field: 'options.0.label', input: (bad, f) => ({ id: f.choiceFieldId, name: 'Maat', options: [{ id: null, label: bad }] }) },
  { call: 'fields.setValues', field: (f) => `values.${f.textFieldId}`, input: (bad, f) => ({ customerId: f.customerId, values: { [f.textFieldId]: bad } }) },

  { call: 'settings.update', field: 'shopName', input: (bad) => ({ shopName: bad }) },
  { call: 'settings.update', field: 'staff.0', input: (bad) => ({ staff: [bad] }) },
  { call: 'settings.update', field: 'currentStaff', input: (bad) => ({ currentStaff: bad }) },
  { call: 'settings.update', field: 'receipt.header', input: (bad) => ({ receipt: { ...DEFAULT_RECEIPT, header: bad } }) },
  { call: 'settings.update', field: 'receipt.footer', input: (bad) => ({ receipt: { ...DEFAULT_RECEIPT, footer: bad } }) },
  { call: 'settings.update', field: 'receipt.personalLine', input: (bad) => ({ receipt: { ...DEFAULT_RECEIPT, personalLine: bad } }) },
  {
    call: 'settings.update',
    field: 'printer.connection.path',
    input: (bad) => ({ printer: { ...DEFAULT_PRINTER, connection: { kind: 'device', path: bad } } }),
  },
  {
    call: 'settings.update',
    field: 'printer.connection.name',
    input: (bad) => ({ printer: { ...DEFAULT_PRINTER, connection: { kind: 'system', name: bad } } }),
  },
  { call: 'settings.update', field: 'backup.folder', input: (bad) => ({ backup: { ...DEFAULT_BACKUP, folder: bad } }) },
  { call: 'backup.setFolder', field: 'folder', input: (bad) => ({ folder: bad }) },

  { call: 'lists.saveFilter', field: 'name', input: (bad) => ({ name: bad, filter: { criteria: [] } }) },
  {
    call: 'lists.count',
    field: 'filter.criteria.0.test.text',
    input: (bad, f) => ({ filter: { criteria: [{ kind: 'field', fieldId: f.textFieldId, test: { op: 'words', text: bad } }] } }),
  },
  // The staff member recorded with an erasure (a throwaway customer, should it go through).
  {
    call: 'privacy.erase',
    field: 'staff',
    input: async (bad, _f, app) => ({ customerId: (await app.ok('customers.create', customer({}))).id, confirm: true, staff: bad }),
  },
];

/** Looking something up stores nothing: control characters (a scanner's GS, a pasted tab) are spaced out, never an error. */
const LOOKUPS: Case[] = [
  { call: 'customers.search', field: 'query', input: (bad) => ({ query: bad }) },
  { call: 'customers.byCard', field: 'cardNumber', input: (bad) => ({ cardNumber: bad }) },
  { call: 'customers.duplicates', field: 'givenName', input: (bad) => ({ givenName: bad, familyName: bad, email: bad, phones: [bad] }) },
  { call: 'wishes.list', field: 'query', input: (bad) => ({ query: bad }) },
  { call: 'tags.list', field: 'prefix', input: (bad) => ({ prefix: bad }) },
];

let app: TestApp;
let fixture: Fixture;
let database: Awaited<ReturnType<typeof fileDatabase>> | null = null;

beforeAll(async () => {
  // One archive for the whole file (a plain testApp's is gone after each test).
  database = onServer ? await fileDatabase() : null;
  app = testApp({ manual: true, ...(database ? { databaseUrl: database.url } : {}) });
  const c = await app.ok('customers.create', { customer: { givenName: 'Truus', familyName: 'Bakker' } });
  const note = await app.ok('notes.add', { customerId: c.id, kind: 'note', text: 'Sourdough, sliced' });
  const complaint = await app.ok('notes.add', { customerId: c.id, kind: 'complaint', text: 'Stale bread' });
  const wish = await app.ok('notes.add', { customerId: c.id, kind: 'wish', text: 'Blue velvet sofa' });
  const facts = await app.ok('facts.add', { customerId: c.id, text: 'Allergic to nuts' });
  const followUp = await app.ok('followups.add', { customerId: c.id, text: 'Ask about the sofa', dueOn: '2026-12-01' });
  const tags = await app.ok('tags.add', { customerId: c.id, name: 'Poetry' });
  const textField = await app.ok('fields.define', { name: 'Favourite author', kind: 'text' });
  const choiceField = await app.ok('fields.define', { name: 'Size', kind: 'choice', options: ['S', 'M'] });
  fixture = {
    customerId: c.id,
    noteId: note.id,
    complaintId: complaint.id,
    wishId: wish.id,
    factId: facts[0]!.id,
    followUpId: followUp.id,
    tagId: tags[0]!.id,
    textFieldId: textField.id,
    choiceFieldId: choiceField.id,
  };
});

afterAll(async () => {
  await app?.dispose();
  await database?.drop();
});

const label = (c: Case) => `${c.call} ${typeof c.field === 'string' ? c.field : c.field({ textFieldId: 0 } as Fixture)}`;

describe('text that cannot be stored', () => {
  it.each(CASES.map((c) => [label(c), c] as const))('%s is refused with a field error', async (_name, c) => {
    for (const [what, bad] of BAD) {
      const field = typeof c.field === 'string' ? c.field : c.field(fixture);
      const result = await app.api.call(c.call, await c.input(bad, fixture, app));
      expect(result.ok, `${what} went through`).toBe(false);
      if (result.ok) continue;
      expect(result.error, what).toMatchObject({ code: 'validation', fields: { [field]: { code: 'invalid_characters' } } });
    }
  });

  it.each(LOOKUPS.map((c) => [label(c), c] as const))('%s looks it up without an error', async (_name, c) => {
    for (const [what, bad] of BAD) {
      const result = await app.api.call(c.call, await c.input(bad, fixture, app));
      expect(result, what).toMatchObject({ ok: true });
    }
  });

  it('refuses tabs and line breaks in one-line text, with the same code', async () => {
    for (const bad of ['Anna\tMaria', 'Anna\nMaria', 'Anna\rMaria']) {
      expect(await app.fail('customers.create', customer({ givenName: bad }))).toMatchObject({
        code: 'validation',
        fields: { 'customer.givenName': { code: 'invalid_characters' } },
      });
      expect(await app.fail('facts.add', { customerId: fixture.customerId, text: bad })).toMatchObject({
        fields: { text: { code: 'invalid_characters' } },
      });
    }
  });

  it('keeps line breaks and tabs in a note, CRLF stored as LF', async () => {
    const note = await app.ok('notes.add', { customerId: fixture.customerId, kind: 'note', text: 'Sizes:\r\n\tjacket 52\r\n\tshoes 44\rdone' });
    expect(note.text).toBe('Sizes:\n\tjacket 52\n\tshoes 44\ndone');
    const edited = await app.ok('notes.edit', { id: note.id, text: 'one\r\ntwo\tthree' });
    expect(edited.text).toBe('one\ntwo\tthree');
    const resolved = await app.ok('notes.setStatus', { id: fixture.complaintId, status: 'resolved', resolution: 'Refunded;\r\nnew loaf' });
    expect(resolved.resolution).toBe('Refunded;\nnew loaf');
    // The receipt's header may run over lines too (the receipt layout breaks them).
    const settings = await app.ok('settings.update', { receipt: { ...DEFAULT_RECEIPT, header: 'Dorpsstraat 1\r\nEde' } });
    expect(settings.receipt.header).toBe('Dorpsstraat 1\nEde');
  });

  it('still takes ordinary text: accents, emoji (surrogate pairs), and what trims away', async () => {
    const c = await app.ok('customers.create', customer({ givenName: '  Zoë 🌻 ', familyName: 'Yılmaz' }));
    expect(c).toMatchObject({ givenName: 'Zoë 🌻', familyName: 'Yılmaz' });
    const facts = await app.ok('facts.add', { customerId: c.id, text: 'Likes “crème brûlée” 🍮' });
    expect(facts[0]!.text).toBe('Likes “crème brûlée” 🍮');
  });
});

describe('an import with a control character', () => {
  it('reports the row as bad with that reason, and skipping it imports the rest', async () => {
    const file = await upload(app, [
      'Voornaam;Achternaam;Tags;Notitie',
      'Goed;Bakker;poezie;Altijd zuurdesem',
      'Be\u0007p;Bakker;;',
      'Nul;Bakker;a\u0000b;',
      'Noot;Bakker;;Heeft \u0085 een rare noot',
      'Tab\tmet;Bakker;;',
      '',
    ].join('\r\n'));
    const mapping = ['givenName', 'familyName', 'tags', 'note'] as ImportField[];
    const preview = await app.ok('exchange.preview', { uploadId: file.uploadId, mapping, dateOrder: 'dmy', limit: 10 });
    expect(preview.map((r) => [r.row, r.problems.map((p) => [p.field, p.code])])).toEqual([
      [2, []],
      [3, [['givenName', 'invalid_characters']]],
      [4, [['tags', 'invalid_characters']]],
      [5, [['note', 'invalid_characters']]],
      // A tab between words of a one-line cell is a space, as a line break there is.
      [6, []],
    ]);
    const check = await finished(app, await app.ok('exchange.check', { uploadId: file.uploadId, mapping, dateOrder: 'dmy' }));
    expect(check).toMatchObject({ state: 'done', result: { badRows: 3, valid: 2 } });

    const job = await finished(app, await app.ok('exchange.import', { uploadId: file.uploadId, mapping, dateOrder: 'dmy', skipBad: true }));
    expect(job).toMatchObject({ state: 'done', error: null });
    const hits = await app.ok('customers.search', { query: 'Bakker' });
    expect(hits.hits.map((h) => h.displayName).sort()).toEqual(['Goed Bakker', 'Tab met Bakker', 'Truus Bakker'].sort());
  });
});

describe('exports', () => {
  it('never write a control character, whatever an older archive holds', async () => {
    const c = await app.ok('customers.create', customer({ givenName: 'Oud', familyName: 'Archief' }));
    const note = await app.ok('notes.add', { customerId: c.id, kind: 'note', text: 'line one\nline two\twith a tab' });
    // Written before the boundary refused them (BEL and ESC passed SQLite's CHECKs).
    await sql`UPDATE customers SET family_name = ${'Arch\u0007ief'}, address_city = ${'\u001BEde\u0085'} WHERE id = ${c.id}`.execute(app.archive.db);
    await sql`UPDATE customer_entries SET text = ${'line one\nline\u0007 two\twith a tab\u007F'} WHERE id = ${note.id}`.execute(app.archive.db);

    for (const kind of ['customers', 'notes'] as const) {
      const exported = await runExport(app, { kind });
      const text = fs.readFileSync(exported.file, 'utf8');
      expect(text, kind).not.toMatch(WRITTEN_CONTROL);
      if (kind === 'customers') expect(text).toContain('Archief');
      if (kind === 'notes') expect(text).toContain('"line one\nline two\twith a tab"');
    }
  });
});

describe('what was stored before the boundary refused it', () => {
  it('still reads: a tier name with a control character, staff names pasted with a tab', async () => {
    const config = { rule: { kind: 'per_visit', stamps: 1 }, cardSize: 10, tiers: [{ name: 'Go\u0007ud', minSpendCents: 0, multiplierPercent: 100 }], expiryMonths: null };
    await sql`INSERT INTO loyalty_programs (config, created_at) VALUES (${JSON.stringify(config)}, ${app.now.value})`.execute(app.archive.db);
    const { program } = await app.ok('loyalty.program');
    expect(program.tiers[0]!.name).toBe('Go\uFFFDud');
    expect((await app.ok('loyalty.summary', { customerId: fixture.customerId })).unit).toBe('stamps');

    const stored: Record<string, unknown> = { staff: ['Anna\tMaria', 'Bram'], currentStaff: 'Bram', shopName: 'Bakkerij\u0000' };
    const store = settingsStore({ store: stored, set: (values) => Object.assign(stored, values) }, 'nl-NL');
    expect(store.get()).toMatchObject({ staff: ['Anna Maria', 'Bram'], currentStaff: 'Bram', shopName: 'Bakkerij' });
  });
});
