import { beforeEach, describe, expect, it, vi } from 'vitest';

// Electron cannot run here; a stand-in BrowserWindow records what the app asks of it.
const created = vi.hoisted(() => [] as FakeWindow[]);

interface FakeWindow {
  options: Record<string, unknown>;
  loaded: string[];
  maximized: boolean;
  shown: boolean;
  listeners: Map<string, () => void>;
}

vi.mock('electron', () => ({
  BrowserWindow: class {
    state: FakeWindow;
    constructor(options: Record<string, unknown>) {
      this.state = { options, loaded: [], maximized: false, shown: false, listeners: new Map() };
      created.push(this.state);
    }
    on(event: string, listener: () => void) {
      this.state.listeners.set(event, listener);
      return this;
    }
    once(event: string, listener: () => void) {
      return this.on(event, listener);
    }
    maximize() {
      this.state.maximized = true;
    }
    show() {
      this.state.shown = true;
    }
    isMaximized() {
      return this.state.maximized;
    }
    isMinimized() {
      return false;
    }
    getNormalBounds() {
      return { x: 1, y: 2, width: 1100, height: 700 };
    }
    loadURL(url: string) {
      this.state.loaded.push(url);
      return Promise.resolve();
    }
  },
}));

const { createMainWindow } = await import('../../main/electron/window.js');

const displays = [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }];

function store(saved?: unknown) {
  const values = new Map<string, unknown>(saved === undefined ? [] : [['window', saved]]);
  return { values, get: (key: string) => values.get(key), set: (key: string, value: unknown) => void values.set(key, value) };
}

describe('createMainWindow', () => {
  beforeEach(() => {
    created.length = 0;
  });

  it('locks the renderer down and loads the app origin', () => {
    createMainWindow({ preload: '/app/dist/main/preload.cjs', store: store(), displays });
    const [window] = created;
    expect(window!.options).toMatchObject({
      width: 1366,
      height: 768,
      minWidth: 1024,
      minHeight: 680,
      show: false,
      webPreferences: {
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
        preload: '/app/dist/main/preload.cjs',
      },
    });
    expect(window!.options).not.toHaveProperty('x');
    expect(window!.loaded).toEqual(['app://counterpart/']);
  });

  it('shows the window only once it has painted', () => {
    createMainWindow({ preload: '/p.cjs', store: store(), displays });
    const [window] = created;
    expect(window!.shown).toBe(false);
    window!.listeners.get('ready-to-show')!();
    expect(window!.shown).toBe(true);
  });

  it('reopens where it was, maximised, and saves on close', () => {
    const memory = store({ x: 40, y: 50, width: 1500, height: 900, maximized: true });
    createMainWindow({ preload: '/p.cjs', store: memory, displays });
    const [window] = created;
    expect(window!.options).toMatchObject({ x: 40, y: 50, width: 1500, height: 900 });
    expect(window!.maximized).toBe(true);
    window!.listeners.get('close')!();
    expect(memory.values.get('window')).toEqual({ x: 1, y: 2, width: 1100, height: 700, maximized: true });
  });
});
