import type { ApiError, CallInput, CallName, CallOutput, Result } from '../../main/api/contract';

// The renderer's one way to main: the preload's bridge in Electron, or the local HTTP
// transport in web mode. Both carry the same result envelope.

interface Bridge {
  call(name: string, input: unknown): Promise<Result<unknown>>;
}

declare global {
  interface Window {
    counterpart?: Bridge;
  }
}

/**
 * Web mode: the server traded the token in the first address for an HttpOnly cookie
 * (main/node/http-transport.ts), so the page never holds it; same-origin fetches carry it.
 */
function httpBridge(): Bridge {
  return {
    async call(name, input) {
      try {
        const response = await fetch(`/api/${name}`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(input ?? {}),
        });
        return (await response.json()) as Result<unknown>;
      } catch {
        return { ok: false, error: { code: 'internal', message: 'network', params: { network: 1 } } };
      }
    },
  };
}

const bridge: Bridge = window.counterpart ?? httpBridge();

export class ApiFailure extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

export async function call<N extends CallName>(name: N, input: CallInput<N>): Promise<Result<CallOutput<N>>> {
  return (await bridge.call(name, input)) as Result<CallOutput<N>>;
}

/** Like call, but throws ApiFailure: for reads where a failure is shown as a whole-page error. */
export async function request<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
  const result = await call(name, input);
  if (!result.ok) throw new ApiFailure(result.error);
  return result.value;
}

/**
 * Web mode: the address an export downloads from (main/node/http-transport.ts); the link
 * sends the token's cookie, so the token is never in it. Null in the desktop app.
 */
export function exportDownloadUrl(name: string): string | null {
  if (window.counterpart) return null;
  return `/exports/${encodeURIComponent(name)}`;
}

export function errorKey(error: ApiError): string {
  return error.params?.network ? 'errors.network' : `errors.${error.code}`;
}
