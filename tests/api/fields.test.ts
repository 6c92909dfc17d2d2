import { describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/services.js';
import { rowCount } from './memory-support.js';

async function shop() {
  const app = testApp();
  const author = await app.ok('fields.define', { name: 'Favourite author', kind: 'text' });
  const guard = await app.ok('fields.define', { name: 'Clipper guard', kind: 'number' });
  const since = await app.ok('fields.define', { name: 'Customer since', kind: 'date' });
  const size = await app.ok('fields.define', { name: 'Clothing size', kind: 'choice', options: ['S', 'M', 'Large'] });
  const c = await app.ok('customers.create', { customer: { givenName: 'Truus', familyName: 'Bakker' } });
  return { app, c, author, guard, since, size };
}

const storedValues = (app: TestApp) => rowCount(app, 'customer_field_values');

describe('custom fields', () => {
  it('are defined with a kind, listed in order, and refuse a duplicate name or a choice without options', async () => {
    const { app, size } = await shop();
    expect(size).toEqual({ id: size.id, name: 'Clothing size', kind: 'choice', options: [{ id: 1, label: 'S' }, { id: 2, label: 'M' }, { id: 3, label: 'Large' }], position: 3, retired: false });
    expect((await app.ok('fields.list', {})).map((f) => f.name)).toEqual(['Favourite author', 'Clipper guard', 'Customer since', 'Clothing size']);
    expect((await app.fail('fields.define', { name: 'favourite AUTHOR', kind: 'text' })).fields?.name?.code).toBe('duplicate');
    expect((await app.fail('fields.define', { name: 'Shoe', kind: 'choice' })).fields?.options?.code).toBe('required');
    expect((await app.fail('fields.define', { name: 'Shoe', kind: 'number', options: ['x'] })).fields?.options?.code).toBe('invalid');
    expect((await app.fail('fields.define', { name: 'Shoe', kind: 'choice', options: ['38', '39', '38 '] })).fields?.['options.2']?.code).toBe('duplicate');
    expect((await app.fail('fields.define', { name: 'Shoe', kind: 'colour' })).fields?.kind?.code).toBe('invalid');
    expect((await app.fail('fields.define', { name: '', kind: 'text' })).fields?.name?.code).toBe('required');
  });

  it("set a customer's values, validated per kind, and give them back typed", async () => {
    const { app, c, author, guard, since, size } = await shop();
    const values = await app.ok('fields.setValues', {
      customerId: c.id,
      values: { [author.id]: ' Harry Mulisch ', [guard.id]: '2,5', [since.id]: '2024-02-29', [size.id]: 2 },
    });
    expect(values.map((v) => [v.field.name, v.value])).toEqual([
      ['Favourite author', 'Harry Mulisch'], ['Clipper guard', 2.5], ['Customer since', '2024-02-29'], ['Clothing size', 2],
    ]);
    // A choice by its label works too; '' or null clears; fields left out keep their value.
    const next = await app.ok('fields.setValues', { customerId: c.id, values: { [size.id]: 'large', [guard.id]: null, [since.id]: '' } });
    expect(next.map((v) => v.value)).toEqual(['Harry Mulisch', null, null, 3]);
    expect(await app.ok('fields.values', { customerId: c.id })).toEqual(next);
  });

  it.each([
    ['guard', 'abc', 'invalid_number'],
    ['guard', '1.2.3', 'invalid_number'],
    ['guard', 1e15, 'out_of_range'],
    ['since', '2026-02-30', 'invalid_date'],
    ['since', '30-01-2026', 'invalid_date'],
    ['since', 20260130, 'invalid_date'],
    ['size', 'XXL', 'invalid_choice'],
    ['size', 9, 'invalid_choice'],
    ['author', 'x'.repeat(201), 'too_long'],
  ] as const)('refuse %s = %j with %s, writing none of the values', async (field, value, code) => {
    const fixture = await shop();
    const { app, c, author } = fixture;
    const error = await app.fail('fields.setValues', { customerId: c.id, values: { [author.id]: 'Reve', [fixture[field].id]: value } });
    expect(error.code).toBe('validation');
    expect(error.fields?.[`values.${fixture[field].id}`]?.code).toBe(code);
    expect(await storedValues(app)).toBe(0);
  });

  it('refuse an unknown or retired field', async () => {
    const { app, c, author } = await shop();
    expect((await app.fail('fields.setValues', { customerId: c.id, values: { 999: 'x' } })).fields?.['values.999']?.code).toBe('invalid');
    await app.ok('fields.retire', { id: author.id, retired: true });
    expect((await app.fail('fields.setValues', { customerId: c.id, values: { [author.id]: 'x' } })).fields?.[`values.${author.id}`]?.code).toBe('invalid');
  });

  it('make text values and choice labels findable in the counter search, and follow renames and retirement', async () => {
    const { app, c, author, guard, size } = await shop();
    await app.ok('fields.setValues', { customerId: c.id, values: { [author.id]: 'Harry Mulisch', [size.id]: 'Large', [guard.id]: 12345 } });
    const hit = (await app.ok('customers.search', { query: 'mulisch' })).notes;
    expect(hit).toEqual([{
      customerId: c.id, displayName: 'Truus Bakker', kind: 'field', entryId: null, fieldName: 'Favourite author',
      snippet: { before: 'Harry ', match: 'Mulisch', after: '' }, at: expect.any(Number),
    }]);
    expect((await app.ok('customers.search', { query: 'large' })).notes.map((n) => n.fieldName)).toEqual(['Clothing size']);
    // Numbers and dates are not searched.
    expect((await app.ok('customers.search', { query: '12345' })).notes).toEqual([]);

    // Renaming an option renames it everywhere, search included.
    const renamed = await app.ok('fields.update', { id: size.id, name: 'Size', options: [{ id: 3, label: 'Extra large' }, { id: 1, label: 'S' }, { id: 2, label: 'M' }, { label: 'XS' }] });
    expect(renamed.options).toEqual([{ id: 3, label: 'Extra large' }, { id: 1, label: 'S' }, { id: 2, label: 'M' }, { id: 4, label: 'XS' }]);
    expect((await app.ok('customers.search', { query: 'large' })).notes[0]!.snippet.match).toBe('large');
    expect((await app.ok('customers.search', { query: 'extra' })).notes.map((n) => n.fieldName)).toEqual(['Size']);

    // An option customers hold cannot be left out.
    const refused = await app.fail('fields.update', { id: size.id, name: 'Size', options: [{ id: 1, label: 'S' }] });
    expect(refused.fields?.options).toEqual({ code: 'option_in_use', params: { label: 'Extra large', count: 1 } });
    expect((await app.fail('fields.update', { id: author.id, name: 'Author', options: [{ label: 'x' }] })).fields?.options?.code).toBe('invalid');

    // Retired: off the profile and out of the search, and back when restored.
    await app.ok('fields.retire', { id: author.id, retired: true });
    expect((await app.ok('fields.values', { customerId: c.id })).map((v) => v.field.name)).not.toContain('Favourite author');
    expect((await app.ok('customers.search', { query: 'mulisch' })).notes).toEqual([]);
    expect((await app.ok('fields.list', { includeRetired: true })).find((f) => f.id === author.id)?.retired).toBe(true);
    await app.ok('fields.retire', { id: author.id, retired: false });
    expect((await app.ok('customers.search', { query: 'mulisch' })).notes).toHaveLength(1);

    // Clearing a value takes it out of the index.
    await app.ok('fields.setValues', { customerId: c.id, values: { [author.id]: null } });
    expect((await app.ok('customers.search', { query: 'mulisch' })).notes).toEqual([]);
  });
});
