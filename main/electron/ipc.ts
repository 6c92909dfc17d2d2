import { CALL_NAMES } from '../api/calls.js';
import type { Api } from '../api/dispatch.js';
import type { Result } from '../api/errors.js';
import { isAppUrl } from './app-url.js';
import { apiChannel } from './channels.js';

// The smallest slice of ipcMain this needs, so tests can hand in a fake.
export interface IpcInvokeEvent {
  readonly senderFrame: { readonly url: string } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
}

export type SenderCheck = (event: IpcInvokeEvent) => boolean;

/** Only our own page may call: not a navigated-away frame, not a stray web page. */
export const isAppSender: SenderCheck = (event) => event.senderFrame !== null && isAppUrl(event.senderFrame.url);

const UNAUTHORIZED: Result<never> = {
  ok: false,
  error: { code: 'unauthorized', message: 'This page may not use the archive' },
};

/** One channel per call name, so the contract is the complete list of what IPC accepts. */
export function registerApi(ipcMain: IpcMainLike, api: Api, isTrustedSender: SenderCheck = isAppSender): void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(apiChannel(name), async (event, input) => {
      let trusted = false;
      try {
        trusted = isTrustedSender(event);
      } catch {
        // A destroyed frame can throw on access: treat it as a stranger.
      }
      if (!trusted) return structuredClone(UNAUTHORIZED);
      return api.call(name, input);
    });
  }
}
