import { sqliteArchive } from '../../db/archive.js';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect } from 'vitest';
import pg from 'pg';
import { testApp } from '../support/services.js';
import { itOnFile, itOnServer } from '../support/engine.js';
import { testDatabaseUrl } from '../support/postgres-each.js';

// What a call answers when the archive file itself cannot take a write: a full disk, or
// another till (another process) holding the write lock. Both are about the SQLite file (its
// page count, its one write lock); on the shared server the lock is a row or table another
// till's transaction keeps, and the same answer is tested there. (A full disk on the server
// is its own; filling one is not cheap, and db/transaction.ts's isDiskFull reads 53100.)

describe('a write the archive file cannot take', () => {
  itOnFile('answers disk_full when the disk is full, not the failed rollback behind it', async () => {
    const app = testApp();
    const { id } = await app.ok('customers.create', { customer: { givenName: 'Vol' } });
    const { sqlite } = sqliteArchive(app.archive);
    // The honest way to fill a disk in a test: the file may not grow by one more page.
    const pages = sqlite.pragma('page_count', { simple: true }) as number;
    sqlite.pragma(`max_page_count = ${pages}`);
    let error;
    for (let i = 0; i < 200 && !error; i++) {
      const result = await app.api.call('notes.add', { customerId: id, kind: 'note', text: `${'Een lange notitie over brood. '.repeat(60)} ${i}` });
      if (!result.ok) error = result.error;
    }
    expect(error?.code).toBe('disk_full');
    // Room again: the archive goes on working.
    sqlite.pragma('max_page_count = 1073741823');
    await app.ok('notes.add', { customerId: id, kind: 'note', text: 'Weer ruimte' });
  });

  itOnFile('answers archive_busy when another till keeps the lock, without freezing the server meanwhile', async () => {
    const app = testApp();
    const { id } = await app.ok('customers.create', { customer: { givenName: 'Bezet' } });
    const other = new BetterSqlite3(path.join(app.dataDir, 'counterpart.sqlite'));
    other.exec('BEGIN IMMEDIATE');
    try {
      // Timer ticks while the call waits: the event loop is free, not blocked in SQLite.
      let longestGap = 0;
      let last = Date.now();
      const ticker = setInterval(() => {
        const now = Date.now();
        longestGap = Math.max(longestGap, now - last);
        last = now;
      }, 5);
      const started = Date.now();
      const result = await app.api.call('loyalty.recordPurchase', { customerId: id, amount: '10,00', locale: 'nl' });
      clearInterval(ticker);
      expect(result).toMatchObject({ ok: false, error: { code: 'archive_busy' } });
      expect(Date.now() - started).toBeLessThan(8000);
      // Before: one 5-second freeze inside SQLite. Now a few milliseconds at a time (1 s: a loaded test machine).
      expect(longestGap).toBeLessThan(1000);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    await app.ok('loyalty.recordPurchase', { customerId: id, amount: '10,00', locale: 'nl' });
  }, 20_000);

  itOnServer('answers archive_busy when another till\'s transaction keeps what a sale writes locked', async () => {
    const app = testApp();
    const { id } = await app.ok('customers.create', { customer: { givenName: 'Bezet' } });
    // Another till whose transaction hangs (a till frozen mid-sale) keeps the visits locked.
    const other = new pg.Client({ connectionString: testDatabaseUrl() });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('LOCK TABLE visits IN EXCLUSIVE MODE');
      const started = Date.now();
      const result = await app.api.call('loyalty.recordPurchase', { customerId: id, amount: '10,00', locale: 'nl' });
      expect(result).toMatchObject({ ok: false, error: { code: 'archive_busy' } });
      expect(Date.now() - started).toBeLessThan(8000);
      await other.query('ROLLBACK');
    } finally {
      await other.end();
    }
    await app.ok('loyalty.recordPurchase', { customerId: id, amount: '10,00', locale: 'nl' });
  }, 20_000);
});
