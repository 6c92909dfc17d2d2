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

const TOKEN_KEY = 'counterpart.token';

/** Web mode opens with ?token=…; keep it for this tab only and take it out of the address bar. */
function webToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function httpBridge(): Bridge {
  const token = webToken();
  return {
    async call(name, input) {
      try {
        const response = await fetch(`/api/${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-counterpart-token': token },
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
 * Web mode: the address an export downloads from (main/node/http-transport.ts). A link cannot
 * send the token header, so the token rides in the query. Null in the desktop app.
 */
export function exportDownloadUrl(name: string): string | null {
  if (window.counterpart) return null;
  return `/exports/${encodeURIComponent(name)}?token=${encodeURIComponent(sessionStorage.getItem(TOKEN_KEY) ?? '')}`;
}

export function errorKey(error: ApiError): string {
  return error.params?.network ? 'errors.network' : `errors.${error.code}`;
}
