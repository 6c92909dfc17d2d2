import type { ServerAddress } from './types.js';

/**
 * The postgres:// address openServices opens, from the parts Settings → Archive keeps. It
 * holds the password: it goes to the pool and nowhere else (never a log, the screen or a file).
 */
export function serverUrl(server: ServerAddress, password: string): string {
  const url = new URL('postgres://placeholder');
  // An IPv6 address needs its brackets in a URL.
  url.hostname = server.host.includes(':') && !server.host.startsWith('[') ? `[${server.host}]` : server.host;
  url.port = String(server.port);
  url.username = encodeURIComponent(server.user);
  url.password = encodeURIComponent(password);
  url.pathname = `/${encodeURIComponent(server.database)}`;
  return url.toString();
}

/** The server's parts in a postgres:// address, without its password. */
export function addressOfUrl(url: string): ServerAddress | null {
  try {
    const parsed = new URL(url);
    return {
      host: parsed.hostname.replace(/^\[(.*)\]$/, '$1') || 'localhost',
      port: Number(parsed.port || 5432),
      database: decodeURIComponent(parsed.pathname.replace(/^\//, '')),
      user: decodeURIComponent(parsed.username),
    };
  } catch {
    return null;
  }
}
