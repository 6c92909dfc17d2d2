// A test process that starts a throwaway PostgreSQL cluster and never stops it: it exits
// (`exit`) or waits to be killed outright (`wait`). tests/db/postgres-migrations.test.ts
// checks that the server and its folder are gone all the same.
import { startPostgres } from './postgres.js';

const mode = process.argv[2];
const server = await startPostgres();
process.stdout.write(`${JSON.stringify({ port: server.port, folder: server.folder })}\n`);
if (mode === 'exit') process.exit(3);
setInterval(() => {}, 60_000);
