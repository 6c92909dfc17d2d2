// A second till: its own process and connection to the same archive (file or server). Rings up a sale
// every few milliseconds until the stop file appears, timing each, and prints them as JSON.
import fs from 'node:fs';
import { openServices } from '../../main/node/services.js';
import { confSettings } from '../../main/node/conf-settings.js';

// A fifth argument, a database URL: the till of a shop whose archive is on a PostgreSQL server.
const [dataDir, customerId, readyFile, stopFile, databaseUrl] = process.argv.slice(2);
const services = openServices({
  dataDir: dataDir!, mode: 'cli', settings: (dir) => confSettings(dir, 'nl-NL'), log: () => {},
  ...(databaseUrl ? { databaseUrl, till: 'till-two' } : {}),
});
const sales: { ok: boolean; code: string | null; ms: number; at: number }[] = [];
fs.writeFileSync(readyFile!, 'ready');
while (!fs.existsSync(stopFile!)) {
  const started = performance.now();
  const result = await services.api.call('loyalty.recordPurchase', { customerId: Number(customerId), amount: '1,00', locale: 'nl' });
  sales.push({ ok: result.ok, code: result.ok ? null : result.error.code, ms: performance.now() - started, at: Date.now() });
  await new Promise((resolve) => setTimeout(resolve, 5));
}
await services.close();
process.stdout.write(JSON.stringify(sales));
