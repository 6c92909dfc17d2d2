import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';

/** Large reads: encrypting the 90 MB bench archive in the default 64 KiB pieces took 1.7× as long. */
export const CHUNK = 1 << 20;

/** Flushes a file's bytes (or a folder's entries) to the disk before anyone relies on them. */
export async function fsyncPath(file: string): Promise<void> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(file, 'r');
    await handle.sync();
  } catch (error) {
    // Windows cannot open a folder to sync it; its renames are durable without it.
    const code = (error as { code?: string }).code;
    if (!(code === 'EISDIR' || code === 'EPERM' || code === 'EACCES')) throw error;
  } finally {
    await handle?.close();
  }
}

/** Writes a small file through a temporary name: readers see the old one or the whole new one. */
export async function writeFileDurably(file: string, text: string): Promise<void> {
  const temp = `${file}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.promises.writeFile(temp, text, { flag: 'wx' });
    await fsyncPath(temp);
    await fs.promises.rename(temp, file);
  } catch (error) {
    await fs.promises.rm(temp, { force: true });
    throw error;
  }
  await fsyncPath(path.dirname(file));
}

/** The sha256 of a file, read as a stream; `onBytes` follows along for a progress bar. */
export async function sha256File(file: string, onBytes?: (bytes: number) => void): Promise<string> {
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  await pipeline(
    fs.createReadStream(file, { highWaterMark: CHUNK }),
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        bytes += chunk.length;
        onBytes?.(bytes);
        done();
      },
    }),
  );
  return hash.digest('hex');
}

/** Copies a file into a new one, hashing what was read: what is checked is what was copied. */
export async function copyHashed(from: string, to: string, onBytes?: (bytes: number) => void): Promise<string> {
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  const out = fs.createWriteStream(to, { flags: 'wx' });
  try {
    await pipeline(
      fs.createReadStream(from, { highWaterMark: CHUNK }),
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          hash.update(chunk);
          bytes += chunk.length;
          onBytes?.(bytes);
          yield chunk;
        }
      },
      out,
    );
  } catch (error) {
    await fs.promises.rm(to, { force: true });
    throw error;
  }
  return hash.digest('hex');
}
