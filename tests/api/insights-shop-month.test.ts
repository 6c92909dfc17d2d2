import { describe, expect, it } from 'vitest';
import { monthOf } from '../../main/core/insights/months.js';
import { testApp } from '../support/services.js';
import { shopZoneForFile } from '../support/zone.js';

// The shop's month is its own local month, like its day: a sale at 00:30 on 1 December in
// Amsterdam (23:30 UTC on 30 November) is a December sale. The zone is the machine's, pinned
// here (each test file runs in its own process).

shopZoneForFile('Europe/Amsterdam');

const HALF_PAST_MIDNIGHT_1_DEC = Date.parse('2026-11-30T23:30:00Z');

describe('the shop\'s month', () => {
  it('is the local month of a moment', () => {
    expect(monthOf(HALF_PAST_MIDNIGHT_1_DEC)).toBe(2026 * 12 + 11);
    expect(monthOf(Date.parse('2026-11-30T22:59:00Z'))).toBe(2026 * 12 + 10);
  });

  it('counts a sale at 00:30 local on 1 December in December', async () => {
    const app = testApp();
    const c = await app.ok('customers.create', { customer: { givenName: 'Nachtbraker' } });
    app.now.value = HALF_PAST_MIDNIGHT_1_DEC;
    await app.ok('loyalty.recordPurchase', { customerId: c.id, amount: '12,50', locale: 'nl' });
    expect(await app.archive.db.selectFrom('customer_months').select(['month', 'spend_cents']).where('customer_id', '=', c.id).execute())
      .toEqual([{ month: 2026 * 12 + 11, spend_cents: 1250 }]);
    const december = await app.ok('insights.pyramid', { period: { from: '2026-12', to: '2026-12' } });
    const november = await app.ok('insights.pyramid', { period: { from: '2026-11', to: '2026-11' } });
    expect([december.revenueCents, november.revenueCents]).toEqual([1250, 0]);
    expect((await app.ok('insights.settings', {})).currentMonth).toBe('2026-12');
  });
});
