import { describe, expect, it } from 'vitest';
import { changeOfPayload, createChangeRing } from '../../main/node/change-feed.js';
import { changeOfCall } from '../../main/api/changes/by-call.js';

// The feed's ring (main/node/change-feed.ts) and what it takes in: a bounded memory of
// recent changes, answers merged per topic and kept small, and nothing but migration 019's
// payloads heard from the server.

describe('the change ring', () => {
  it('merges what changed after a cursor per topic, customers united, "many" past 200 of them', () => {
    const ring = createChangeRing();
    const start = ring.since(null).cursor;
    ring.publish({ topic: 'memory', customers: [3] });
    ring.publish({ topic: 'loyalty', customers: [7] });
    ring.publish({ topic: 'memory', customers: [1, 3] });
    expect(ring.since(start)).toMatchObject({ missed: false, changes: [{ topic: 'memory', customers: [1, 3] }, { topic: 'loyalty', customers: [7] }] });
    const middle = ring.since(start).cursor;
    for (let i = 0; i < 3; i++) ring.publish({ topic: 'customer', customers: Array.from({ length: 80 }, (_, k) => 100 * i + k) });
    expect(ring.since(middle).changes).toEqual([{ topic: 'customer', customers: 'many' }]);
  });

  it('says missed once the changes after a cursor have been dropped, and keeps a bounded number', () => {
    const ring = createChangeRing();
    const start = ring.since(null).cursor;
    ring.publish({ topic: 'memory', customers: [1] });
    const recent = ring.since(start).cursor;
    for (let i = 0; i < 2000; i++) ring.publish({ topic: 'memory', customers: [i] });
    expect(ring.since(start)).toMatchObject({ missed: true, changes: [{ topic: 'any', customers: 'many' }] });
    expect(ring.since(recent).missed).toBe(true);
    const now = ring.since(null).cursor;
    ring.publish({ topic: 'receipts', customers: [] });
    expect(ring.since(now)).toMatchObject({ missed: false, changes: [{ topic: 'receipts', customers: [] }] });
  });

  it('wakes its listeners on a change and on closing, and then takes no more', () => {
    const ring = createChangeRing();
    let woken = 0;
    const unsubscribe = ring.subscribe(() => woken++);
    ring.publish({ topic: 'loyalty', customers: [2] });
    expect(woken).toBe(1);
    unsubscribe();
    ring.publish({ topic: 'loyalty', customers: [2] });
    expect(woken).toBe(1);
    ring.subscribe(() => woken++);
    ring.close();
    expect(woken).toBe(2);
    const cursor = ring.since(null).cursor;
    ring.publish({ topic: 'loyalty', customers: [2] });
    expect(ring.since(cursor).changes).toEqual([]);
  });
});

describe('what the feed takes in', () => {
  it('hears only migration 019\'s payloads from the server', () => {
    expect(changeOfPayload('{"topic":"memory","customers":[4,9]}')).toEqual({ topic: 'memory', customers: [4, 9] });
    expect(changeOfPayload('{"topic":"loyalty","customers":"many"}')).toEqual({ topic: 'loyalty', customers: 'many' });
    for (const junk of ['', 'end', '{"topic":"any","customers":[]}', '{"topic":"memory","customers":["1"]}', '{"topic":"memory"}', undefined]) {
      expect(changeOfPayload(junk), String(junk)).toBeNull();
    }
  });

  it('reads a write call of this process as its topic and customer', () => {
    expect(changeOfCall('loyalty.recordPurchase', { customerId: 5 }, {})).toEqual({ topic: 'loyalty', customers: [5] });
    expect(changeOfCall('customers.update', { id: 8 }, {})).toEqual({ topic: 'customer', customers: [8] });
    expect(changeOfCall('customers.create', {}, { id: 11 })).toEqual({ topic: 'customer', customers: [11] });
    expect(changeOfCall('facts.edit', { id: 3 }, [{ customerId: 6 }, { customerId: 6 }])).toEqual({ topic: 'memory', customers: [6] });
    expect(changeOfCall('receipts.print', { jobId: 2 }, { customerId: null })).toEqual({ topic: 'receipts', customers: 'many' });
    expect(changeOfCall('loyalty.saveReward', {}, { id: 1 })).toEqual({ topic: 'loyalty', customers: 'many' });
    expect(changeOfCall('exchange.import', {}, {})).toEqual({ topic: 'any', customers: 'many' });
    expect(changeOfCall('customers.get', { id: 8, markSeen: true }, {})).toBeNull();
    expect(changeOfCall('settings.update', {}, {})).toBeNull();
  });
});
