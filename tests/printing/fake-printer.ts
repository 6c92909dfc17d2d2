import net from 'node:net';
import { performance } from 'node:perf_hooks';

// A raw-9100 receipt printer on 127.0.0.1 that records every byte. Modes:
//   normal      reads everything, and closes after the sender's end (as printers do)
//   refuse      nothing listens on the port: connections are refused
//   hang        accepts, then never reads and never answers
//   disconnect  reads `afterBytes` bytes, then drops the connection (RST), like a power cut

export type FakeMode = { kind: 'normal' } | { kind: 'refuse' } | { kind: 'hang' } | { kind: 'disconnect'; afterBytes: number };

export interface ReceivedJob {
  bytes: Buffer;
  /** performance.now() at the first and the last byte read. */
  firstByteAt: number;
  lastByteAt: number;
}

export class FakePrinter {
  readonly host = '127.0.0.1';
  /** Whole jobs: the sender finished and closed its side. */
  readonly jobs: ReceivedJob[] = [];
  /** Bytes of connections that were cut or are hanging. */
  readonly partial: Buffer[] = [];
  connections = 0;
  private mode: FakeMode = { kind: 'normal' };
  private readonly sockets = new Set<net.Socket>();
  private readonly server: net.Server;
  private listening = false;
  private waiters: (() => void)[] = [];

  private constructor(public port: number, server: net.Server) {
    this.server = server;
  }

  static async start(mode: FakeMode = { kind: 'normal' }): Promise<FakePrinter> {
    const server = net.createServer({ allowHalfOpen: true });
    const printer = new FakePrinter(0, server);
    server.on('connection', (socket) => printer.accept(socket));
    await printer.listen(0);
    await printer.setMode(mode);
    return printer;
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, this.host, () => {
        this.server.off('error', reject);
        this.port = (this.server.address() as net.AddressInfo).port;
        this.listening = true;
        resolve();
      });
    });
  }

  async setMode(mode: FakeMode): Promise<void> {
    this.mode = mode;
    if (mode.kind === 'refuse' && this.listening) {
      // Switched off: open connections die with it, and nothing answers on the port.
      this.listening = false;
      for (const socket of this.sockets) socket.destroy();
      await new Promise<void>((resolve) => this.server.close(() => resolve()));
    } else if (mode.kind !== 'refuse' && !this.listening) {
      await this.listen(this.port);
    }
  }

  private accept(socket: net.Socket): void {
    this.connections++;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => {});
    const mode = this.mode;
    if (mode.kind === 'hang') {
      socket.pause();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let firstByteAt = 0;
    let lastByteAt = 0;
    socket.on('data', (chunk: Buffer) => {
      const now = performance.now();
      if (!firstByteAt) firstByteAt = now;
      lastByteAt = now;
      if (mode.kind === 'disconnect') {
        const room = mode.afterBytes - size;
        chunks.push(chunk.subarray(0, Math.max(0, room)));
        size += Math.min(room, chunk.length);
        if (size >= mode.afterBytes) {
          this.partial.push(Buffer.concat(chunks));
          socket.resetAndDestroy();
        }
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    socket.on('end', () => {
      if (size > 0) {
        this.jobs.push({ bytes: Buffer.concat(chunks), firstByteAt, lastByteAt });
        this.waiters.forEach((wake) => wake());
      }
      socket.end();
    });
  }

  /** Resolves once `count` whole jobs have arrived. */
  async waitForJobs(count: number, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.jobs.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} job(s), got ${this.jobs.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      this.waiters = [];
    }
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    if (this.listening) {
      this.listening = false;
      await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }
  }
}
