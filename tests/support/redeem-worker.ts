// A second till: its own process and its own connection to the same archive (file or server).
// Waits for the shared start moment, then redeems, and prints the result as JSON.
import { openServices } from '../../main/node/services.js';
import { confSettings } from '../../main/node/conf-settings.js';

// A sixth argument, a database URL: the till of a shop whose archive is on a PostgreSQL server.
const [dataDir, customerId, rewardId, key, startAt, databaseUrl] = process.argv.slice(2);
const services = openServices({
  dataDir: dataDir!, mode: 'cli', settings: (dir) => confSettings(dir, 'nl-NL'), log: () => {},
  ...(databaseUrl ? { databaseUrl, till: `till-${key}` } : {}),
});
while (Date.now() < Number(startAt)) { /* both tills press the button at the same moment */ }
const result = await services.api.call('loyalty.redeem', { customerId: Number(customerId), rewardId: Number(rewardId), idempotencyKey: key });
await services.close();
process.stdout.write(JSON.stringify(result));
