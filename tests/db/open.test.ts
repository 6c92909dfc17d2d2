import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, openArchive } from '../../db/open.js';
import { tempDir } from '../support/services.js';
import { damage, snapshot } from '../support/damage.js';

// Every way an archive can be unfit to open, each with its own code, and the file left
// exactly as it was found: a shop told "not an archive" about a good file may delete it.

const chattrWorks = (() => {
  try {
    const dir = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'counterpart-chattr-'));
    const probe = path.join(dir, 'x');
    fs.writeFileSync(probe, '');
    execFileSync('chattr', ['+i', probe], { stdio: 'ignore' });
    let refused = false;
    try {
      fs.appendFileSync(probe, 'x');
    } catch {
      refused = true;
    }
    execFileSync('chattr', ['-i', probe], { stdio: 'ignore' });
    fs.rmSync(dir, { recursive: true, force: true });
    return refused;
  } catch {
    return false;
  }
})();

const immutable: string[] = [];
/** chattr +i refuses writes even to root, who runs these tests: an honest read-only file or folder. */
function makeImmutable(target: string): void {
  execFileSync('chattr', ['+i', target]);
  immutable.push(target);
}
afterEach(() => {
  while (immutable.length) execFileSync('chattr', ['-i', immutable.pop()!]);
});

function archiveWithCustomers(dir: string, count = 3000): string {
  const file = path.join(dir, 'counterpart.sqlite');
  const archive = openArchive(file);
  const insert = archive.sqlite.prepare(
    "INSERT INTO customers (given_name, family_name, card_number, created_at, updated_at, last_seen_at, search_key) VALUES (?, ?, ?, 1, 1, 1, ?)",
  );
  archive.sqlite.transaction(() => {
    for (let i = 1; i <= count; i++) insert.run(`Klant ${i} ${"x".repeat(i % 50)}`, `Achternaam ${i}`, `CARD-${i}`, i);
  })();
  archive.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  archive.sqlite.close();
  return file;
}

function refusal(file: string, options: Parameters<typeof openArchive>[1] = {}): { code?: string; problems?: string[] } {
  try {
    openArchive(file, options).sqlite.close();
  } catch (error) {
    return { code: (error as { code?: string }).code, problems: (error as { details?: { problems?: string[] } }).details?.problems };
  }
  return {};
}

describe('opening an archive', () => {
  it('refuses a damaged archive before writing to it, with its own code', () => {
    const dir = tempDir();
    const file = archiveWithCustomers(dir);
    damage(file);
    const before = snapshot(dir);
    const found = refusal(file);
    expect(found.code).toBe('archive_damaged');
    expect(found.problems!.length).toBeGreaterThan(0);
    expect(snapshot(dir)).toEqual(before);
  });

  it('opens a big archive query_only until a later check, so nothing is written meanwhile', () => {
    const dir = tempDir();
    const file = archiveWithCustomers(dir, 10);
    const archive = openArchive(file, { check: 'later' });
    expect(archive.unchecked).toBe(true);
    expect(() => archive.sqlite.prepare('UPDATE customers SET updated_at = 2').run()).toThrow(/readonly/);
    archive.sqlite.close();
  });

  it.skipIf(!chattrWorks)('says a folder it may not write is read-only, not foreign', () => {
    const dir = tempDir();
    const file = archiveWithCustomers(dir, 10);
    const before = snapshot(dir);
    makeImmutable(dir);
    expect(refusal(file).code).toBe('archive_folder_readonly');
    expect(refusal(path.join(dir, 'new.sqlite')).code).toBe('archive_folder_readonly');
    execFileSync('chattr', ['-i', immutable.pop()!]);
    expect(snapshot(dir)).toEqual(before);
  });

  it.skipIf(!chattrWorks)('says a file it may not write is read-only at open, not at the first sale', () => {
    const dir = tempDir();
    const file = archiveWithCustomers(dir, 10);
    const before = snapshot(dir);
    makeImmutable(file);
    expect(refusal(file).code).toBe('archive_readonly');
    execFileSync('chattr', ['-i', immutable.pop()!]);
    expect(snapshot(dir)).toEqual(before);
  });

  it('says a cut-off file is truncated, not foreign', () => {
    const dir = tempDir();
    const file = archiveWithCustomers(dir, 500);
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    const before = snapshot(dir);
    expect(refusal(file).code).toBe('archive_truncated');
    expect(snapshot(dir)).toEqual(before);

    fs.truncateSync(file, 60);
    const header = snapshot(dir);
    expect(refusal(file).code).toBe('archive_truncated');
    expect(snapshot(dir)).toEqual(header);
  });

  it('refuses an empty file instead of making it a new archive', () => {
    const dir = tempDir();
    const file = path.join(dir, 'counterpart.sqlite');
    fs.writeFileSync(file, '');
    const before = snapshot(dir);
    expect(refusal(file).code).toBe('archive_empty');
    expect(snapshot(dir)).toEqual(before);
  });

  it('still calls another program’s file foreign, and a newer one too new', () => {
    const dir = tempDir();
    const foreign = path.join(dir, 'foreign.sqlite');
    const other = new BetterSqlite3(foreign);
    other.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY); INSERT INTO invoices DEFAULT VALUES;');
    other.close();
    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, 'Boodschappenlijst: brood, kaas, melk. '.repeat(200));
    const before = snapshot(dir);
    expect(refusal(foreign).code).toBe('not_an_archive');
    expect(refusal(text).code).toBe('not_an_archive');
    expect(snapshot(dir)).toEqual(before);

    const newer = archiveWithCustomers(tempDir(), 10);
    const db = new BetterSqlite3(newer);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.pragma('journal_mode = DELETE');
    db.close();
    const newerBefore = snapshot(path.dirname(newer));
    expect(refusal(newer).code).toBe('db_too_new');
    expect(snapshot(path.dirname(newer))).toEqual(newerBefore);
  });

  it('keeps acknowledged sales through a power cut: synchronous FULL', () => {
    const archive = openArchive(path.join(tempDir(), 'counterpart.sqlite'));
    // 2 = FULL: every commit's WAL frames are synced before the sale is answered.
    expect(archive.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(archive.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    archive.sqlite.close();
  });
});
