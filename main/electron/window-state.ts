// Where the window reopens. Pure apart from trackWindowState, which only needs a
// window-shaped object, so both are tested without Electron.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SavedWindowState extends Rect {
  maximized: boolean;
}

export interface WindowDefaults {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
}

export interface Placement {
  /** Without x/y Electron centres the window on the primary display. */
  bounds: { x?: number; y?: number; width: number; height: number };
  maximized: boolean;
}

export const WINDOW_STATE_KEY = 'window';

export const WINDOW_DEFAULTS: WindowDefaults = { width: 1366, height: 768, minWidth: 1024, minHeight: 680 };

// The window counts as visible when enough of its top strip (where the title bar is)
// lies on a display for the user to grab it and drag it back.
const TITLE_STRIP = 40;
const MIN_GRAB_WIDTH = 120;
const MIN_GRAB_HEIGHT = 20;

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** The saved value comes from a JSON file a user may have edited: trust nothing. */
export function parseSavedState(saved: unknown): SavedWindowState | null {
  if (typeof saved !== 'object' || saved === null) return null;
  const { x, y, width, height, maximized } = saved as Record<string, unknown>;
  if (!isNumber(x) || !isNumber(y) || !isNumber(width) || !isNumber(height)) return null;
  if (width <= 0 || height <= 0) return null;
  return {
    x: Math.round(x),
    y: Math.round(y),
    width: Math.round(width),
    height: Math.round(height),
    maximized: maximized === true,
  };
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

function fit(size: number, min: number, available: number | undefined): number {
  // The minimum wins over a display smaller than it: the layout needs that much.
  return Math.max(min, available === undefined ? size : Math.min(size, available));
}

/**
 * Saved bounds if they are still on a connected display (monitors get unplugged,
 * resolutions change), otherwise the defaults fitted to the primary display.
 * `displays` lists work areas with the primary display first.
 */
export function restoreBounds(saved: unknown, displays: readonly { workArea: Rect }[], defaults: WindowDefaults): Placement {
  const state = parseSavedState(saved);
  if (state) {
    const strip: Rect = { x: state.x, y: state.y, width: state.width, height: TITLE_STRIP };
    const home = displays.find((display) => {
      const seen = overlap(strip, display.workArea);
      return seen.width >= MIN_GRAB_WIDTH && seen.height >= MIN_GRAB_HEIGHT;
    });
    if (home) {
      return {
        bounds: {
          x: state.x,
          y: state.y,
          width: fit(state.width, defaults.minWidth, home.workArea.width),
          height: fit(state.height, defaults.minHeight, home.workArea.height),
        },
        maximized: state.maximized,
      };
    }
  }
  const primary = displays[0]?.workArea;
  return {
    bounds: {
      width: fit(defaults.width, defaults.minWidth, primary?.width),
      height: fit(defaults.height, defaults.minHeight, primary?.height),
    },
    // Maximised on whichever display: still what the user chose last time.
    maximized: state?.maximized ?? false,
  };
}

export interface StateStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export interface TrackedWindow {
  on(event: 'close' | 'resized' | 'moved' | 'maximize' | 'unmaximize', listener: () => void): unknown;
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isMinimized(): boolean;
}

export function captureState(window: TrackedWindow): SavedWindowState {
  // Normal bounds, not current ones: a maximised window reopens maximised, and
  // un-maximising it returns to the size the user gave it.
  const { x, y, width, height } = window.getNormalBounds();
  return { x, y, width, height, maximized: window.isMaximized() };
}

/** Saves on close, and after each finished move or resize so a crash loses little. */
export function trackWindowState(window: TrackedWindow, store: StateStore): void {
  const save = () => {
    try {
      store.set(WINDOW_STATE_KEY, captureState(window));
    } catch {
      // A read-only settings file must not stop the window from closing.
    }
  };
  for (const event of ['resized', 'moved', 'maximize', 'unmaximize'] as const) {
    window.on(event, () => {
      if (!window.isMinimized()) save();
    });
  }
  window.on('close', save);
}
