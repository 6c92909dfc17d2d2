// Another process writing to the archive while a backup is taken: purchases (a visit, a
// ledger entry and the kept balance, in one transaction) as fast as it can, until the
// stop file appears. Writes `ready` once it has written a first few, and prints its count.
import fs from 'node:fs';
import { openServices } from '../../main/node/services.js';
import { confSettings } from '../../main/node/conf-settings.js';

const [dataDir, ids, readyFile, stopFile] = process.argv.slice(2);
const customers = ids!.split(',').map(Number);
const services = openServices({ dataDir: dataDir!, mode: 'cli', settings: (dir) => confSettings(dir, 'nl-NL'), log: () => {} });
let written = 0;
while (!fs.existsSync(stopFile!)) {
  const result = await services.api.call('loyalty.recordPurchase', { customerId: customers[written % customers.length], amount: '12,50', locale: 'nl' });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  written++;
  if (written === 20) fs.writeFileSync(readyFile!, 'ready');
}
await services.close();
process.stdout.write(JSON.stringify({ written }));
