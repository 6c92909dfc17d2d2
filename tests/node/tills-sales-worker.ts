// One till of tests/node/tills-eight.test.ts: its own process, its own app instance
// (openServices over the shared archive, as `npm run web` opens it) and its own data folder.
// Says "ready" once connected, waits for the go file (it holds the moment to stop), rings up
// sales one after another as a till does, and writes every answer it got to the out file.
import fs from 'node:fs';
import { openServices } from '../../main/node/services.js';
import { confSettings } from '../../main/node/conf-settings.js';
import type { CounterResult } from '../../main/api/loyalty/schema.js';

const [url, till, dataDir, customerList, goFile, outFile] = process.argv.slice(2) as [string, string, string, string, string, string];
const customers = customerList.split(',').map(Number);
const logged: string[] = [];
const services = openServices({
  dataDir, mode: 'web', settings: (dir) => confSettings(dir, 'nl-NL'), databaseUrl: url, till,
  log: (message, error) => logged.push(`${message}: ${String(error)}`),
});
const opened = await services.api.call('loyalty.program', {});
if (!opened.ok) throw new Error(`${till} could not open the shared archive: ${opened.error.message}`);
process.stdout.write('ready\n');

while (!fs.existsSync(goFile)) await new Promise((resolve) => setTimeout(resolve, 10));
const until = Number(fs.readFileSync(goFile, 'utf8'));

const acks: { visitId: number; customerId: number; cents: number; earned: number }[] = [];
const refused: string[] = [];
for (let n = 0; Date.now() < until; n++) {
  const customerId = customers[Math.floor(Math.random() * customers.length)]!;
  const cents = 100 + Math.floor(Math.random() * 9900);
  const amount = `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
  const result = await services.api.call('loyalty.recordPurchase', { customerId, amount, locale: 'nl', description: `${till} #${n}` });
  if (result.ok) {
    const sale = result.value as CounterResult;
    acks.push({ visitId: sale.visit.id, customerId, cents, earned: sale.earned });
  } else refused.push(result.error.code);
}
await services.close();
fs.writeFileSync(outFile, JSON.stringify({ acks, refused, logged }));
