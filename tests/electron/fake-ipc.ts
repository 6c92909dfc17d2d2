import type { IpcInvokeEvent, IpcMainLike } from '../../main/electron/ipc.js';
import type { IpcRendererLike } from '../../main/electron/bridge.js';

type Listener = (event: IpcInvokeEvent, ...args: unknown[]) => Promise<unknown>;

/**
 * ipcMain and ipcRenderer joined in memory, behaving as Electron does where it
 * matters here: values cross by structured clone, an unregistered channel rejects,
 * a channel registers once, and the sender's frame URL is whatever the test sets.
 */
export function fakeIpc(frameUrl: string | null = 'app://counterpart/') {
  const handlers = new Map<string, Listener>();
  const invoked: string[] = [];
  const state = { frameUrl };
  const ipcMain: IpcMainLike = {
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    },
  };
  const ipcRenderer: IpcRendererLike = {
    async invoke(channel, ...args) {
      invoked.push(channel);
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
      const event: IpcInvokeEvent = { senderFrame: state.frameUrl === null ? null : { url: state.frameUrl } };
      return structuredClone(await handler(event, ...structuredClone(args)));
    },
  };
  return { ipcMain, ipcRenderer, handlers, invoked, state };
}
