import { isCallName } from '../api/calls.js';
import { apiChannel } from './channels.js';
import type { Result } from '../api/errors.js';

// What the sandboxed preload hands the renderer as window.counterpart. Bundled into
// the preload, so it may import only the call names (and types, which vanish).

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
}

export interface CounterpartBridge {
  call(name: unknown, input?: unknown): Promise<Result<unknown>>;
}

export function createBridge(ipcRenderer: IpcRendererLike): CounterpartBridge {
  return Object.freeze({
    async call(name: unknown, input?: unknown): Promise<Result<unknown>> {
      // Refused here so an arbitrary string never becomes an IPC channel name.
      if (!isCallName(name)) {
        const shown = typeof name === 'string' ? name : typeof name;
        return { ok: false, error: { code: 'unknown_call', message: `Unknown call ${shown}` } };
      }
      try {
        return (await ipcRenderer.invoke(apiChannel(name), input)) as Result<unknown>;
      } catch {
        // Electron's rejection text names internals; the renderer only needs a code.
        return { ok: false, error: { code: 'internal', message: 'The app did not answer; nothing was changed' } };
      }
    },
  });
}
