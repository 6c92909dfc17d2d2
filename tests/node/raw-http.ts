import net from 'node:net';

// A request written byte for byte to a plain socket, so that no client tidies the target,
// the method or the headers before the server sees them.

export interface RawAnswer {
  /** The status line's code, or null when the connection closed without one. */
  status: number | null;
  /** The answer's head and body as received. */
  text: string;
  /** No answer and no close within the time. */
  timedOut: boolean;
}

/**
 * Sends `request` on a fresh loopback connection, closes our half (as a client with
 * nothing more to say does) and collects what comes back until the server closes.
 */
export function rawRequest(port: number, request: string | Buffer, timeoutMs = 5_000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let done = false;
    const socket = net.connect({ host: '127.0.0.1', port });
    const finish = (timedOut: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      // The final answer's code: a `100 Continue` may come first.
      const codes = [...text.matchAll(/^HTTP\/1\.[01] (\d{3})/gm)].map((m) => Number(m[1]));
      const status = codes.find((code) => code >= 200) ?? null;
      resolve({ status, text, timedOut });
    };
    const timer = setTimeout(() => finish(true), timeoutMs);
    socket.on('connect', () => socket.end(request));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A reset after the answer arrived still leaves the answer to read.
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(false));
  });
}
