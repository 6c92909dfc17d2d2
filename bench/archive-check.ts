// npx tsx bench/archive-check.ts [--file F] [--rounds 3]
// What PRAGMA quick_check costs on a big archive (the check at open, main/node/archive-check.ts):
// by default on the loyalty benchmark's archive (1,000,000 customers, ~10,000,000 ledger
// entries; make it with `npm run bench:loyalty` first). Read-only: the file is not changed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    file: { type: 'string', default: path.join(ROOT, '.bench-data', 'loyalty-1000000-10000000-42', 'counterpart.sqlite') },
    rounds: { type: 'string', default: '3' },
  },
});
const file = args.file;
if (!fs.existsSync(file)) throw new Error(`${file} is missing: run npm run bench:loyalty first, or pass --file`);
const mib = fs.statSync(file).size / 2 ** 20;
console.log(`quick_check of ${path.relative(process.cwd(), file)} (${mib.toFixed(0)} MiB), ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
for (let round = 1; round <= Number(args.rounds); round++) {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  const t0 = performance.now();
  const found = db.pragma('quick_check(10)', { simple: true });
  const seconds = (performance.now() - t0) / 1000;
  db.close();
  console.log(`round ${round}: ${seconds.toFixed(2)} s (${(mib / seconds).toFixed(0)} MiB/s), ${String(found)}`);
}
