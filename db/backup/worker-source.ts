// The SQLite side of backups and restores, run in a worker thread (db/backup/run.ts): an
// integrity check of a large archive takes seconds, and better-sqlite3 blocks the thread
// it runs on, so on the main thread it would freeze the counter. CommonJS evaluated in the
// worker, like main/node/checkpointer.ts: nothing to find or bundle in tsx, the bundled
// main and the packaged app alike. better-sqlite3 comes by its resolved path.
//
// `backup`: one read transaction on a connection of its own holds a snapshot of the
// archive while SQLite's online backup API copies it page by page (sqlite3_backup_step
// keeps a read transaction the caller opened). Writers go on meanwhile (WAL), and the copy
// never restarts because of them; the source's row counts are taken in the same snapshot,
// so the copy can be checked against exactly what it copied.
export const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const post = (message) => parentPort.postMessage(message);
const quote = (name) => '"' + name.replace(/"/g, '""') + '"';

const tablesOf = (db) => db
  .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")
  .pluck().all();

const countRows = (db, names, each) => {
  const counts = {};
  for (const name of names) {
    counts[name] = db.prepare('SELECT count(*) FROM ' + quote(name)).pluck().get();
    if (each) each();
  }
  return counts;
};

// PRAGMA integrity_check one table (and its indexes, and an FTS table's own check) at a
// time, so the bar moves with real work, each weighted by its rows; then quick_check for
// what only the whole file shows (every page used once, the freelist). Together they are
// what one integrity_check of the whole file checks.
function check(file) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const applicationId = db.pragma('application_id', { simple: true });
    const userVersion = db.pragma('user_version', { simple: true });
    const all = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
    const counts = countRows(db, tablesOf(db));
    const weight = (name) => 1 + (counts[name] ?? counts[name + '_docsize'] ?? 0);
    const wholeFile = 1 + Object.values(counts).reduce((a, b) => a + b, 0);
    const total = all.reduce((sum, name) => sum + weight(name), 0) + wholeFile;
    let done = 0;
    post({ type: 'progress', phase: 'verifying', done, total });
    const problems = [];
    for (const name of all) {
      for (const line of db.prepare('PRAGMA integrity_check(' + quote(name) + ')').pluck().all()) if (line !== 'ok') problems.push(line);
      done += weight(name);
      post({ type: 'progress', phase: 'verifying', done, total });
    }
    for (const line of db.prepare('PRAGMA quick_check(20)').pluck().all()) if (line !== 'ok') problems.push(line);
    post({ type: 'progress', phase: 'verifying', done: total, total });
    return { problems: problems.length ? problems.slice(0, 20) : ['ok'], counts, applicationId, userVersion };
  } finally {
    db.close();
  }
}

async function backup(source, dest) {
  const src = new Database(source, { readonly: true, fileMustExist: true });
  let pages = 0;
  let pageSize = 0;
  let sourceCounts;
  try {
    src.pragma('busy_timeout = 5000');
    src.exec('BEGIN');
    const names = tablesOf(src);
    pageSize = src.pragma('page_size', { simple: true });
    post({ type: 'progress', phase: 'copying', done: 0, total: src.pragma('page_count', { simple: true }) });
    let rate = 0;
    const finished = await src.backup(dest, {
      progress({ totalPages, remainingPages }) {
        post({ type: 'progress', phase: 'copying', done: totalPages - remainingPages, total: totalPages });
        // About two hundred steps: progress for the bar without a message per page.
        if (!rate) rate = Math.max(256, Math.ceil(totalPages / 200));
        return rate;
      },
    });
    pages = finished.totalPages;
    post({ type: 'progress', phase: 'copying', done: pages, total: pages });
    sourceCounts = countRows(src, names);
    src.exec('COMMIT');
  } finally {
    src.close();
  }
  // The copy carries the archive's WAL mark; a backup is one standalone file.
  const out = new Database(dest, { fileMustExist: true });
  try {
    out.pragma('journal_mode = DELETE');
  } finally {
    out.close();
  }
  return { pages, pageSize, sourceCounts, check: check(dest) };
}

(async () => {
  try {
    const job = workerData.job;
    const result = job.op === 'backup' ? await backup(job.source, job.dest) : check(job.file);
    post({ type: 'done', result });
  } catch (error) {
    post({ type: 'failed', message: String((error && error.message) || error), code: (error && error.code) || '' });
  }
})();
`;
