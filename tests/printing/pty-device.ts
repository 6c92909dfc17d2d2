import { spawn, spawnSync } from 'node:child_process';

// A real character device that records what is written to it, for device-printer tests:
// a pseudo-terminal held by util-linux `script`, in raw mode so bytes pass unchanged, whose
// output (what was written to the terminal) comes back on script's stdout.

export interface PtyDevice {
  path: string;
  /** Everything written to the device so far. */
  written(): Buffer;
  close(): void;
}

export const ptyAvailable = process.platform === 'linux' && spawnSync('script', ['--version']).status === 0;

export async function openPtyDevice(): Promise<PtyDevice> {
  const child = spawn('script', ['-q', '-e', '-c', 'stty raw -echo; tty; exec sleep 60', '/dev/null'], { stdio: ['pipe', 'pipe', 'ignore'] });
  let out = Buffer.alloc(0);
  child.stdout.on('data', (chunk: Buffer) => (out = Buffer.concat([out, chunk])));
  const started = Date.now();
  let found: RegExpExecArray | null = null;
  while (!(found = /(\/dev\/pts\/\d+)\r?\n/.exec(out.toString('latin1')))) {
    if (Date.now() - started > 5_000) {
      child.kill();
      throw new Error('no pseudo-terminal from script');
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const from = found.index + found[0].length;
  return { path: found[1]!, written: () => out.subarray(from), close: () => void child.kill() };
}
