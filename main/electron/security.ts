import { isAppUrl } from './app-url.js';

// Everything the app shows is our own bundle, so anything that would leave it
// (navigation, pop-ups, webviews, device permissions) is refused outright.

export { isAppUrl };

interface Preventable {
  preventDefault(): void;
}

export interface WebContentsLike {
  on(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', listener: (event: Preventable & { url?: string }, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: Preventable) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface AppLike {
  on(event: 'web-contents-created', listener: (event: unknown, contents: WebContentsLike) => void): unknown;
}

export interface SessionLike {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
}

/** Reloads and in-app links stay; anything else (a dropped file, a stray link) is stopped. */
export function mayNavigate(url: string): boolean {
  return isAppUrl(url);
}

/**
 * Links never open windows, in the app or outside it: a shop PC should not start a
 * browser because of something typed into a customer note. Revisit with an explicit
 * allowlist (mailto:, tel:) if the renderer ever needs it.
 */
export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}

export function secureWebContents(contents: WebContentsLike): void {
  const guard = (event: Preventable & { url?: string }, url: string) => {
    // Newer Electron passes the URL on the event; the argument is kept for older ones.
    if (!mayNavigate(event.url ?? url)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-frame-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(windowOpenDecision);
}

export function installSecurity(app: AppLike, session: SessionLike): void {
  app.on('web-contents-created', (_event, contents) => secureWebContents(contents));
  // Camera, microphone, notifications, geolocation, clipboard reads: none are needed.
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
