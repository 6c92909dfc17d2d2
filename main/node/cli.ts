// `npm run cli -- <command>`: what a shop may want to run from a script, without the app.
//   check     prove every kept loyalty balance equals the sum of its ledger (exit 1 if not)
//   expire    expire points that are due under the program's expiry rule
import { ArchiveRefusedError } from '../../db/open.js';
import { expireAllDue } from '../api/loyalty/maintenance.js';
import { confSettings } from './conf-settings.js';
import { electronLikeUserData, resolveDataDir } from './data-dir.js';
import { openServices } from './services.js';

const USAGE = 'Usage: npm run cli -- <check|expire>\n  Data folder: COUNTERPART_DATA_DIR or the app\'s own folder.';

async function main(command: string | undefined): Promise<number> {
  if (command !== 'check' && command !== 'expire') {
    console.error(USAGE);
    return 2;
  }
  const dataDir = resolveDataDir(process.env, electronLikeUserData);
  const locale = Intl.DateTimeFormat().resolvedOptions().locale;
  const services = openServices({ dataDir, mode: 'cli', settings: (dir) => confSettings(dir, locale) });
  try {
    if (command === 'expire') {
      const { customers, expired } = await expireAllDue(services.deps);
      console.log(`Expired ${expired} for ${customers} customer(s).`);
      return 0;
    }
    const result = await services.api.call('loyalty.check', {});
    if (!result.ok) throw new Error(result.error.message);
    const check = result.value as { ok: boolean; customers: number; mismatches: { customer_id: number; kept: number; ledger: number }[] };
    if (check.ok) {
      console.log(`Checked ${check.customers} balance(s): every one equals the sum of its ledger.`);
      return 0;
    }
    for (const m of check.mismatches) console.log(`customer ${m.customer_id}: kept ${m.kept}, ledger sums to ${m.ledger}`);
    console.log(`${check.mismatches.length} balance(s) differ from the ledger.`);
    return 1;
  } finally {
    await services.close();
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ArchiveRefusedError ? error.message : error);
    process.exit(1);
  },
);
