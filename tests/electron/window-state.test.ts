import { describe, expect, it } from 'vitest';
import { captureState, restoreBounds, trackWindowState, WINDOW_DEFAULTS, type TrackedWindow } from '../../main/electron/window-state.js';

const laptop = { workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
// A second monitor to the right, a little higher, as people put them.
const monitor = { workArea: { x: 1920, y: -200, width: 2560, height: 1400 } };
const small = { workArea: { x: 0, y: 25, width: 1280, height: 695 } };

describe('restoreBounds', () => {
  it('restores a window that is on the screen as it was', () => {
    const saved = { x: 100, y: 80, width: 1400, height: 900, maximized: false };
    expect(restoreBounds(saved, [laptop], WINDOW_DEFAULTS)).toEqual({
      bounds: { x: 100, y: 80, width: 1400, height: 900 },
      maximized: false,
    });
  });

  it('restores onto a secondary display', () => {
    const saved = { x: 2200, y: -100, width: 1600, height: 1000, maximized: true };
    expect(restoreBounds(saved, [laptop, monitor], WINDOW_DEFAULTS)).toEqual({
      bounds: { x: 2200, y: -100, width: 1600, height: 1000 },
      maximized: true,
    });
  });

  it('falls back to centred defaults when that display is gone', () => {
    const saved = { x: 2200, y: -100, width: 1600, height: 1000, maximized: false };
    expect(restoreBounds(saved, [laptop], WINDOW_DEFAULTS)).toEqual({
      bounds: { width: 1366, height: 768 },
      maximized: false,
    });
  });

  it('keeps the maximised choice even when the old position is gone', () => {
    const saved = { x: 5000, y: 5000, width: 1600, height: 1000, maximized: true };
    expect(restoreBounds(saved, [laptop], WINDOW_DEFAULTS).maximized).toBe(true);
  });

  it('refuses a window whose title bar is off the top or only a sliver is visible', () => {
    const aboveTheTop = { x: 100, y: -600, width: 1400, height: 900 };
    const sliverOnTheRight = { x: 1850, y: 100, width: 1400, height: 900 };
    const belowTheBottom = { x: 100, y: 1030, width: 1400, height: 900 };
    for (const saved of [aboveTheTop, sliverOnTheRight, belowTheBottom]) {
      expect(restoreBounds(saved, [laptop], WINDOW_DEFAULTS).bounds, JSON.stringify(saved)).toEqual({ width: 1366, height: 768 });
    }
  });

  it('accepts a window pushed slightly past the edge, as Windows reports snapped windows', () => {
    const saved = { x: -7, y: 0, width: 974, height: 1047 };
    expect(restoreBounds(saved, [laptop], WINDOW_DEFAULTS).bounds).toEqual({ x: -7, y: 0, width: 1024, height: 1040 });
  });

  it('shrinks to the display but never below the minimum size', () => {
    const saved = { x: 0, y: 25, width: 3000, height: 2000 };
    expect(restoreBounds(saved, [small], WINDOW_DEFAULTS).bounds).toEqual({ x: 0, y: 25, width: 1280, height: 695 });
    const tiny = { x: 10, y: 30, width: 200, height: 100 };
    expect(restoreBounds(tiny, [laptop], WINDOW_DEFAULTS).bounds).toEqual({ x: 10, y: 30, width: 1024, height: 680 });
  });

  it('fits the defaults to a small primary display', () => {
    expect(restoreBounds(undefined, [small, laptop], WINDOW_DEFAULTS)).toEqual({
      bounds: { width: 1280, height: 695 },
      maximized: false,
    });
  });

  it('uses the defaults when nothing is known about the displays', () => {
    expect(restoreBounds(undefined, [], WINDOW_DEFAULTS)).toEqual({ bounds: { width: 1366, height: 768 }, maximized: false });
  });

  it.each([
    undefined,
    null,
    'big',
    [],
    {},
    { x: '10', y: 10, width: 1400, height: 900 },
    { x: 10, y: 10, width: 0, height: 900 },
    { x: 10, y: 10, width: -1400, height: 900 },
    { x: Number.NaN, y: 10, width: 1400, height: 900 },
    { x: 10, y: Number.POSITIVE_INFINITY, width: 1400, height: 900 },
  ])('ignores an unusable saved value: %j', (saved) => {
    expect(restoreBounds(saved, [laptop], WINDOW_DEFAULTS)).toEqual({ bounds: { width: 1366, height: 768 }, maximized: false });
  });

  it('rounds fractional bounds from scaled displays', () => {
    const saved = { x: 100.4, y: 80.6, width: 1400.5, height: 900.2, maximized: 'yes' };
    expect(restoreBounds(saved, [laptop], WINDOW_DEFAULTS)).toEqual({
      bounds: { x: 100, y: 81, width: 1401, height: 900 },
      maximized: false,
    });
  });
});

describe('trackWindowState', () => {
  function fakeWindow() {
    const listeners = new Map<string, () => void>();
    const state = { bounds: { x: 10, y: 20, width: 1300, height: 800 }, maximized: false, minimized: false };
    const window: TrackedWindow = {
      on: (event, listener) => listeners.set(event, listener),
      getNormalBounds: () => ({ ...state.bounds }),
      isMaximized: () => state.maximized,
      isMinimized: () => state.minimized,
    };
    return { window, state, emit: (event: string) => listeners.get(event)!() };
  }

  function memoryStore() {
    const values = new Map<string, unknown>();
    return { values, get: (key: string) => values.get(key), set: (key: string, value: unknown) => void values.set(key, value) };
  }

  it('saves the normal bounds and the maximised flag on close', () => {
    const { window, state, emit } = fakeWindow();
    const store = memoryStore();
    trackWindowState(window, store);
    state.maximized = true;
    emit('close');
    expect(store.values.get('window')).toEqual({ x: 10, y: 20, width: 1300, height: 800, maximized: true });
  });

  it('saves after a move or resize, but not while minimised', () => {
    const { window, state, emit } = fakeWindow();
    const store = memoryStore();
    trackWindowState(window, store);
    state.minimized = true;
    emit('moved');
    expect(store.values.has('window')).toBe(false);
    state.minimized = false;
    state.bounds = { x: 50, y: 60, width: 1200, height: 700 };
    emit('resized');
    expect(store.values.get('window')).toEqual({ x: 50, y: 60, width: 1200, height: 700, maximized: false });
  });

  it('still lets the window close when the store cannot write', () => {
    const { window, emit } = fakeWindow();
    trackWindowState(window, { get: () => undefined, set: () => { throw new Error('EROFS'); } });
    expect(() => emit('close')).not.toThrow();
  });

  it('round-trips through restoreBounds', () => {
    const { window } = fakeWindow();
    expect(restoreBounds(captureState(window), [laptop], WINDOW_DEFAULTS).bounds).toEqual({ x: 10, y: 20, width: 1300, height: 800 });
  });
});
