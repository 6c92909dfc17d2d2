import { describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/services.js';
import { inShopZone } from '../support/zone.js';
import { rowCount } from './memory-support.js';

// The test clock starts on Wednesday 25 November 2026, 10:00 UTC.
const at = (day: string) => Date.parse(`${day}T10:00:00Z`);

async function setup() {
  const app = testApp();
  const c = await app.ok('customers.create', { customer: { givenName: 'Truus' } });
  const add = (dueOn: string, repeat?: unknown, text = 'Ask how the sofa fits') =>
    app.ok('followups.add', { customerId: c.id, text, dueOn, ...(repeat ? { repeat: repeat as never } : {}) });
  /** One planned back then, overdue now: a due date must not be in the past when it is set. */
  const addBack = async (plannedOn: string, dueOn: string, repeat?: unknown) => {
    const now = app.now.value;
    app.now.value = at(plannedOn);
    try {
      return await add(dueOn, repeat);
    } finally {
      app.now.value = now;
    }
  };
  return { app, c, add, addBack };
}

const count = (app: TestApp) => rowCount(app, 'follow_ups');

describe('follow-ups', () => {
  it.each([
    [{ dueOn: '2026-02-30' }, 'dueOn', 'invalid_date'],
    [{ dueOn: '2026-13-01' }, 'dueOn', 'invalid_date'],
    [{ dueOn: 'tomorrow' }, 'dueOn', 'invalid_date'],
    [{ dueOn: '2026-12-01', text: ' ' }, 'text', 'required'],
    [{ dueOn: '2026-12-01', text: 'x'.repeat(501) }, 'text', 'too_long'],
    [{ dueOn: '2026-12-01', repeat: { kind: 'weeks', every: 0 } }, 'repeat.every', 'out_of_range'],
    [{ dueOn: '2026-12-01', repeat: { kind: 'monthly' } }, 'repeat.kind', 'invalid'],
  ])('refuse %j at the field, storing nothing', async (input, field, code) => {
    const { app, c } = await setup();
    const error = await app.fail('followups.add', { customerId: c.id, text: 'Call back', ...input });
    expect(error.fields?.[field]?.code).toBe(code);
    expect(await count(app)).toBe(0);
  });

  it('refuse a due date before the shop\'s today or more than ten years ahead, at the field, when added or moved', async () => {
    const { app, c, add } = await setup();
    const addOn = (dueOn: string) => app.fail('followups.add', { customerId: c.id, text: 'Call back', dueOn });
    expect((await addOn('2020-03-01')).fields?.dueOn).toEqual({ code: 'date_in_past', params: { earliest: '2026-11-25' } });
    expect((await addOn('2026-11-24')).fields?.dueOn?.code).toBe('date_in_past');
    expect((await addOn('2036-11-26')).fields?.dueOn).toEqual({ code: 'date_too_far', params: { latest: '2036-11-25' } });
    expect(await count(app)).toBe(0);
    expect(await add('2026-11-25')).toMatchObject({ dueOn: '2026-11-25' });
    const far = await add('2036-11-25');

    expect((await app.fail('followups.reschedule', { id: far.id, dueOn: '2026-11-01' })).fields?.dueOn?.code).toBe('date_in_past');
    expect((await app.fail('followups.reschedule', { id: far.id, dueOn: '2099-01-01' })).fields?.dueOn?.code).toBe('date_too_far');
    expect((await app.ok('followups.list', { customerId: c.id })).open.map((f) => f.dueOn)).toEqual(['2026-11-25', '2036-11-25']);

    // The shop's today is its own local day: at 23:30 UTC on the 25th it is already the 26th in Amsterdam.
    await inShopZone('Europe/Amsterdam', async () => {
      app.now.value = Date.parse('2026-11-25T23:30:00Z');
      expect((await addOn('2026-11-25')).fields?.dueOn?.code).toBe('date_in_past');
    });
  });

  it('are listed by due date; a one-off is closed by done, and done twice answers the same', async () => {
    const { app, c, add } = await setup();
    const later = await add('2026-12-10');
    const soon = await add('2026-11-30', undefined, 'Call about the order');
    expect(soon).toMatchObject({ dueOn: '2026-11-30', repeat: { kind: 'none' }, status: 'open', previousId: null, closedAt: null });
    expect((await app.ok('followups.list', { customerId: c.id })).open.map((f) => f.id)).toEqual([soon.id, later.id]);

    const done = await app.ok('followups.done', { id: soon.id, staff: 'Bram' });
    expect(done).toMatchObject({ done: { id: soon.id, status: 'done', closedStaff: 'Bram', closedAt: expect.any(Number) }, next: null });
    expect(await app.ok('followups.done', { id: soon.id })).toEqual(done);
    expect((await app.fail('followups.reschedule', { id: soon.id, dueOn: '2027-01-01' })).code).toBe('not_open');
    const list = await app.ok('followups.list', { customerId: c.id });
    expect([list.open.map((f) => f.id), list.closed.map((f) => f.id)]).toEqual([[later.id], [soon.id]]);
  });

  it('roll a repeating one forward to its next date after today, keeping the done one on record', async () => {
    const { app, c, add, addBack } = await setup();
    // Every two weeks from Wednesday 4 November: three weeks overdue when done on the 25th.
    const f = await addBack('2026-11-01', '2026-11-04', { kind: 'weeks', every: 2 });
    const { done, next } = await app.ok('followups.done', { id: f.id });
    expect(done).toMatchObject({ id: f.id, status: 'done', dueOn: '2026-11-04' });
    expect(next).toMatchObject({ dueOn: '2026-12-02', status: 'open', repeat: { kind: 'weeks', every: 2 }, previousId: f.id, text: f.text });

    // Done early: the next one is a step after its own date.
    const early = await add('2026-12-01', { kind: 'weeks', every: 1 });
    expect((await app.ok('followups.done', { id: early.id })).next?.dueOn).toBe('2026-12-08');
    const list = await app.ok('followups.list', { customerId: c.id });
    expect(list.open.map((o) => o.dueOn)).toEqual(['2026-12-02', '2026-12-08']);
    expect(list.closed).toHaveLength(2);
  });

  it('keep a yearly one on 29 February in leap years and on the 28th in the others', async () => {
    const { app, add } = await setup();
    app.now.value = at('2024-02-29');
    let current = await add('2024-02-29', { kind: 'yearly' });
    const dates: string[] = [];
    for (const day of ['2024-02-29', '2025-02-28', '2026-02-28', '2027-02-28']) {
      app.now.value = at(day);
      const { next } = await app.ok('followups.done', { id: current.id });
      dates.push(next!.dueOn);
      current = next!;
    }
    expect(dates).toEqual(['2025-02-28', '2026-02-28', '2027-02-28', '2028-02-29']);
  });

  it('snooze from today when overdue and from the due date when later; reschedule; edit; cancel', async () => {
    const { app, add, addBack } = await setup();
    const overdue = await addBack('2026-10-20', '2026-11-01');
    expect((await app.ok('followups.snooze', { id: overdue.id, days: 1 })).dueOn).toBe('2026-11-26');
    const future = await add('2026-12-10');
    expect((await app.ok('followups.snooze', { id: future.id, days: 7 })).dueOn).toBe('2026-12-17');
    expect((await app.fail('followups.snooze', { id: future.id, days: 0 })).fields?.days?.code).toBe('out_of_range');

    expect((await app.ok('followups.reschedule', { id: future.id, dueOn: '2027-01-05' })).dueOn).toBe('2027-01-05');
    expect((await app.fail('followups.reschedule', { id: future.id, dueOn: '2027-02-29' })).fields?.dueOn?.code).toBe('invalid_date');

    const edited = await app.ok('followups.edit', { id: future.id, text: 'Call about the chair', repeat: { kind: 'yearly' } });
    expect(edited).toMatchObject({ text: 'Call about the chair', repeat: { kind: 'yearly' }, dueOn: '2027-01-05' });
    app.now.value = at('2027-01-05');
    expect((await app.ok('followups.done', { id: future.id })).next?.dueOn).toBe('2028-01-05');

    const cancelled = await app.ok('followups.cancel', { id: overdue.id });
    expect(cancelled).toMatchObject({ status: 'cancelled', closedAt: expect.any(Number) });
    expect((await app.fail('followups.done', { id: overdue.id })).code).toBe('not_open');
    expect((await app.fail('followups.add', { customerId: 999, text: 'x', dueOn: '2027-02-01' })).code).toBe('not_found');
  });
});
