import fs from 'node:fs';
import path from 'node:path';

/**
 * Now, by the clock that stamps a folder's files: on a network share or some USB sticks that
 * is not this PC's clock (nor the app's). A file's age is only ever measured against it.
 */
export function folderClock(dir: string): number {
  const probe = path.join(dir, `.counterpart-clock-${process.pid}`);
  try {
    fs.writeFileSync(probe, '');
    return fs.statSync(probe).mtimeMs;
  } catch {
    return Date.now();
  } finally {
    fs.rmSync(probe, { force: true });
  }
}
