import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../db/open.js';
import { startCheckpointer, type CheckpointResult } from '../../main/node/checkpointer.js';
import { tempDir } from '../support/services.js';

function archiveIn(dir: string) {
  const archive = openArchive(path.join(dir, 'counterpart.sqlite'));
  archive.sqlite.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
  return archive;
}

const fill = (archive: ReturnType<typeof archiveIn>, rows: number) => {
  const insert = archive.sqlite.prepare('INSERT INTO filler (text) VALUES (?)');
  for (let i = 0; i < rows; i++) insert.run('x'.repeat(4000));
};

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('checkpoints in the background', () => {
  it('take the WAL back into the file between sales, so the WAL starts over instead of growing', async () => {
    const dir = tempDir();
    const archive = archiveIn(dir);
    const results: CheckpointResult[] = [];
    const checkpointer = startCheckpointer(archive.sqlite, archive.file, { everyMs: 20, onCheckpoint: (r) => results.push(r) });
    // The app's own connection no longer stops a commit to checkpoint.
    expect(archive.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);

    // 30 bursts of 200 writes (~12,000 pages in all), each followed by a quiet moment as
    // between two customers: with nobody checkpointing, the WAL would hold every page.
    for (let round = 0; round < 30; round++) {
      fill(archive, 200);
      // What the worker posted while the burst held this thread (many, now that every
      // commit is synced) arrives first: count the two checkpoints from after it.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const seen = results.length;
      await until(() => results.length > seen + 1);
    }
    const largest = Math.max(...results.map((r) => r.log));
    expect(largest).toBeGreaterThan(300);
    expect(largest).toBeLessThan(1500);
    expect(results.at(-1)!.checkpointed).toBe(results.at(-1)!.log);

    await checkpointer.stop();
    // Without the worker the app's connection checkpoints again.
    expect(archive.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(archive.sqlite.prepare('SELECT count(*) FROM filler').pluck().get()).toBe(6000);
    await archive.close();
  }, 60_000);

  it('gives checkpointing back to the app when the worker cannot work', async () => {
    const dir = tempDir();
    const archive = archiveIn(dir);
    const problems: string[] = [];
    const checkpointer = startCheckpointer(archive.sqlite, path.join(dir, 'gone.sqlite'), {
      everyMs: 20,
      log: (message) => problems.push(message),
    });
    await until(() => archive.sqlite.pragma('wal_autocheckpoint', { simple: true }) === 1000);
    expect(problems).toEqual(['the checkpoint worker stopped']);
    await checkpointer.stop();
    await archive.close();
  }, 30_000);
});
