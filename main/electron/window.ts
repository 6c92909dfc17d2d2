import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import { APP_ENTRY_URL } from './app-url.js';
import { restoreBounds, trackWindowState, WINDOW_DEFAULTS, WINDOW_STATE_KEY, type Rect, type StateStore } from './window-state.js';

export interface MainWindowOptions {
  preload: string;
  store: StateStore;
  /** Work areas, primary display first. */
  displays: readonly { workArea: Rect }[];
  log?: (message: string, error: unknown) => void;
}

export function mainWindowOptions(preload: string, bounds: BrowserWindowConstructorOptions): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: WINDOW_DEFAULTS.minWidth,
    minHeight: WINDOW_DEFAULTS.minHeight,
    title: 'Counterpart',
    // Shown once painted, so the counter never sees a white flash or a half layout.
    show: false,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      preload,
    },
  };
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const placement = restoreBounds(options.store.get(WINDOW_STATE_KEY), options.displays, WINDOW_DEFAULTS);
  const window = new BrowserWindow(mainWindowOptions(options.preload, placement.bounds));
  if (placement.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  trackWindowState(window, options.store);
  const log = options.log ?? ((message, error) => console.error(message, error));
  window.loadURL(APP_ENTRY_URL).catch((error: unknown) => log('could not load the app page', error));
  return window;
}
