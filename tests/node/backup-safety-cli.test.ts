import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir, testApp } from '../support/services.js';
import { backUpNow } from '../support/backup.js';

// `npm run cli -- restore` keeps its safety copy of the archive encrypted when backups are.

const run = promisify(execFile);

describe('the command line restore’s safety copy', () => {
  it('is encrypted when backups are', async () => {
    const dataDir = tempDir();
    const app = testApp({ dataDir, manual: true });
    await app.ok('customers.create', { customer: { givenName: 'Zoëlla', familyName: 'Quakkelstein' } });
    await app.ok('backup.setPassword', { password: 'winkel aan de gracht' });
    const backup = await backUpNow(app);
    await app.dispose();

    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'main/node/cli.ts', 'restore', path.join(backup.folder, backup.name), '--password-env', 'BACKUP_PASSWORD'], {
      env: { ...process.env, COUNTERPART_DATA_DIR: dataDir, BACKUP_PASSWORD: 'winkel aan de gracht' },
      timeout: 60_000,
    });
    const [copy] = fs.readdirSync(path.join(dataDir, 'safety-copies')).filter((n) => !n.endsWith('.json'));
    expect(stdout).toContain(copy);
    expect(copy).toMatch(/-safety\.cpbackup$/);
    const bytes = fs.readFileSync(path.join(dataDir, 'safety-copies', copy!));
    expect(bytes.includes(Buffer.from('SQLite format 3'))).toBe(false);
    expect(bytes.includes(Buffer.from('Quakkelstein'))).toBe(false);
  }, 120_000);
});
