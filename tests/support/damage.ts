import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Garbage over four pages well into the file, as a failing disk or a bad copy leaves
 * it (integrity_check then says e.g. "free space corrupt"). Seeded, so every run is alike.
 */
export function damage(file: string): void {
  const pageSize = 4096;
  // Three quarters in: past the schema, among the rows.
  const middle = Math.floor((fs.statSync(file).size / pageSize) * 0.75);
  let block = crypto.createHash('sha256').update('counterpart damage').digest();
  const garbage = Buffer.alloc(4 * pageSize);
  for (let at = 0; at < garbage.length; at += block.length) {
    block.copy(garbage, at);
    block = crypto.createHash('sha256').update(block).digest();
  }
  const fd = fs.openSync(file, 'r+');
  try {
    fs.writeSync(fd, garbage, 0, garbage.length, Math.max(1, middle - 2) * pageSize);
  } finally {
    fs.closeSync(fd);
  }
}

/** Bytes and mtime of every file in the folder (not in its subfolders). */
export function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name).sort().map((name) => {
      const file = path.join(dir, name);
      const hash = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
      return [name, `${hash} ${fs.statSync(file).mtimeMs}`];
    }),
  );
}
