import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { restoreFromFile } from '../../main/node/backup/restore.js';
import { ARCHIVE_FILE } from '../../main/node/data-dir.js';
import { fallbackFolder, safetyFolder } from '../../main/node/backup/folders.js';
import { testApp } from '../support/services.js';
import { backUpNow } from '../support/backup.js';
import { damage } from '../support/damage.js';

// `npm run cli -- restore FILE` onto a damaged archive: the safety copy of a damaged file
// would fail its own check, so the damaged file is kept byte for byte instead.

describe('restoring from the command line onto a damaged archive', () => {
  it('keeps the damaged file byte for byte and puts the backup in its place', async () => {
    const app = testApp({ manual: true });
    for (let i = 0; i < 200; i++) await app.ok('customers.create', { customer: { givenName: `Klant${i}`, familyName: 'Jansen' } });
    const backup = await backUpNow(app);
    await app.close();
    const archiveFile = path.join(app.dataDir, ARCHIVE_FILE);
    damage(archiveFile);
    const damagedBytes = fs.readFileSync(archiveFile);

    const restored = await restoreFromFile({
      dataDir: app.dataDir, archiveFile, file: path.join(fallbackFolder(app.dataDir), backup.name),
      password: '', appVersion: 'test', now: app.now.value, encrypt: false,
    });
    expect(restored.safetyCopy).toMatch(/^damaged-archive-/);
    expect(fs.readFileSync(path.join(safetyFolder(app.dataDir), restored.safetyCopy!)).equals(damagedBytes)).toBe(true);

    const again = testApp({ dataDir: app.dataDir, manual: true });
    expect((await again.ok('app.info', {})).archive.state).toBe('sound');
    expect((await again.ok('customers.search', { query: 'klant199', limit: 5 })).hits).toHaveLength(1);
    await again.dispose();
    fs.rmSync(app.dataDir, { recursive: true, force: true });
  });
});
