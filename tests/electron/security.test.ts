import { describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL, isAppUrl } from '../../main/electron/app-url.js';
import { installSecurity, mayNavigate, windowOpenDecision, type WebContentsLike } from '../../main/electron/security.js';

describe('isAppUrl', () => {
  it.each([APP_ENTRY_URL, 'app://counterpart', 'app://counterpart/index.html', 'app://counterpart/#/customer/12', 'APP://Counterpart/?q=1'])(
    'accepts %s',
    (url) => expect(isAppUrl(url)).toBe(true),
  );

  it.each([
    'https://counterpart/',
    'http://localhost:5173/',
    'file:///C:/counterpart/index.html',
    'app://counterpart.example/',
    'app://counterpart:8080/',
    'app://user@counterpart/',
    'app://user:pw@counterpart/',
    'app://evil/',
    'app:counterpart',
    'javascript:alert(1)',
    'data:text/html,<p>hi</p>',
    'about:blank',
    '',
    'not a url',
    null,
    42,
  ])('refuses %s', (url) => expect(isAppUrl(url)).toBe(false));
});

function fakeContents() {
  const listeners = new Map<string, (event: { preventDefault(): void; url?: string }, url?: string) => void>();
  let openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
  const contents: WebContentsLike = {
    on(event: string, listener: (event: { preventDefault(): void }, url: string) => void) {
      listeners.set(event, listener as never);
      return contents;
    },
    setWindowOpenHandler(handler) {
      openHandler = handler;
    },
  };
  const fire = (name: string, event: { url?: string } = {}, url?: string) => {
    const preventDefault = vi.fn();
    listeners.get(name)!({ ...event, preventDefault }, url);
    return preventDefault.mock.calls.length > 0;
  };
  return { contents, fire, open: (url: string) => openHandler!({ url }) };
}

describe('installSecurity', () => {
  function installed() {
    let created: ((event: unknown, contents: WebContentsLike) => void) | undefined;
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
    installSecurity({ on: (_name, listener) => (created = listener) }, session);
    const page = fakeContents();
    created!({}, page.contents);
    return { page, session };
  }

  it('lets the app navigate within itself and stops everything else', () => {
    const { page } = installed();
    expect(page.fire('will-navigate', {}, 'app://counterpart/index.html')).toBe(false);
    expect(page.fire('will-navigate', {}, 'https://example.com/')).toBe(true);
    expect(page.fire('will-navigate', { url: 'file:///etc/passwd' }, 'app://counterpart/')).toBe(true);
    expect(page.fire('will-frame-navigate', { url: 'https://example.com/' })).toBe(true);
    expect(page.fire('will-frame-navigate', { url: 'app://counterpart/' })).toBe(false);
    expect(page.fire('will-redirect', { url: 'https://example.com/' })).toBe(true);
  });

  it('never opens windows or attaches webviews', () => {
    const { page } = installed();
    expect(page.open('https://example.com/')).toEqual({ action: 'deny' });
    expect(page.open('app://counterpart/')).toEqual({ action: 'deny' });
    expect(page.fire('will-attach-webview')).toBe(true);
  });

  it('denies every permission request and check', () => {
    const { session } = installed();
    const request = session.setPermissionRequestHandler.mock.calls[0]![0] as (wc: unknown, p: string, cb: (granted: boolean) => void) => void;
    const check = session.setPermissionCheckHandler.mock.calls[0]![0] as (wc: unknown, p: string) => boolean;
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      request({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(check({}, permission)).toBe(false);
    }
  });

  it('exposes its decisions as plain functions', () => {
    expect(mayNavigate('app://counterpart/')).toBe(true);
    expect(mayNavigate('https://counterpart.example/')).toBe(false);
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
  });
});
