// The renderer is served from our own privileged scheme rather than file://, so it
// gets a real origin (for CSP 'self', fetch and storage) that no web page can share.
export const APP_SCHEME = 'app';
export const APP_HOST = 'counterpart';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/`;

/** True only for URLs on the app's own origin: the one place trusted to call the API. */
export function isAppUrl(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // Compare scheme and host, not .origin: Node treats app: as an opaque scheme (origin
  // "null", host case kept) where Chromium, told it is standard, does not.
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host.toLowerCase() === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
