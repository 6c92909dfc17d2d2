import { expireAllDue } from '../../api/loyalty/maintenance.js';
import { plural, type CliCommand } from './types.js';

export const checkCommand: CliCommand = {
  name: 'check',
  usage: 'check                prove every kept loyalty balance equals the sum of its ledger (exit 1 if not)',
  async run(services, _args, out) {
    const result = await services.api.call('loyalty.check', {});
    if (!result.ok) throw new Error(result.error.message);
    const check = result.value as { ok: boolean; customers: number; mismatches: { customer_id: number; kept: number; ledger: number }[] };
    if (check.ok) {
      out(`Checked ${plural(check.customers, 'balance')}: every one equals the sum of its ledger.`);
      return 0;
    }
    for (const m of check.mismatches) out(`customer ${m.customer_id}: kept ${m.kept}, ledger sums to ${m.ledger}`);
    out(`${plural(check.mismatches.length, 'balance differs', 'balances differ')} from the ledger.`);
    return 1;
  },
};

export const expireCommand: CliCommand = {
  name: 'expire',
  usage: 'expire               expire points that are due under the program\'s expiry rule',
  async run(services, _args, out) {
    const { customers, expired } = await expireAllDue(services.deps);
    out(`Expired ${expired} for ${plural(customers, 'customer')}.`);
    return 0;
  },
};
