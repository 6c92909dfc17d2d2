// A stand-in for the parts of Electron that dist/main/main.js touches, recording every
// call in globalThis.__fakeElectron for the harness to inspect.
const log = [];
const listeners = new Map();
const state = {
  log,
  listeners,
  schemes: [],
  protocolHandlers: new Map(),
  ipcHandlers: new Map(),
  windows: [],
  errorBoxes: [],
  messageButtons: [],
  exitCode: null,
  quits: 0,
  permissionRequest: null,
  permissionCheck: null,
  ready: false,
};
globalThis.__fakeElectron = state;

let resolveReady;
const ready = new Promise((resolve) => (resolveReady = resolve));
// Electron emits ready once the ESM entry point has fully loaded; the harness calls
// this after its import of the bundle resolves.
state.emitReady = () => {
  state.ready = true;
  log.push('ready');
  resolveReady();
};

export const app = {
  requestSingleInstanceLock: () => true,
  on(event, listener) {
    listeners.set(event, [...(listeners.get(event) ?? []), listener]);
    return app;
  },
  whenReady: () => ready,
  getPath: (name) => {
    if (name !== 'userData') throw new Error(`unexpected getPath(${name})`);
    return process.env.FAKE_USER_DATA;
  },
  getLocale: () => process.env.FAKE_LOCALE ?? 'nl-NL',
  getVersion: () => '0.1.0',
  getAppPath: () => process.cwd(),
  isPackaged: false,
  exit(code) {
    state.exitCode = code;
    log.push(`exit ${code}`);
  },
  quit() {
    state.quits += 1;
    log.push('quit');
  },
};

export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    log.push(state.ready ? 'schemes after ready' : 'schemes before ready');
    state.schemes.push(...schemes);
  },
  handle(scheme, handler) {
    state.protocolHandlers.set(scheme, handler);
  },
};

export const ipcMain = {
  handle(channel, listener) {
    if (state.ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
    state.ipcHandlers.set(channel, listener);
  },
  on() {},
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler: (handler) => (state.permissionRequest = handler),
    setPermissionCheckHandler: (handler) => (state.permissionCheck = handler),
  },
};

const primary = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
export const screen = {
  getPrimaryDisplay: () => primary,
  getAllDisplays: () => [primary],
};

export const dialog = {
  showErrorBox(title, body) {
    state.errorBoxes.push({ title, body });
  },
  // A refusal that names a file asks "Show the file" or "Quit": the stand-in shop quits.
  showMessageBoxSync(options) {
    state.errorBoxes.push({ title: options.title, body: options.detail });
    state.messageButtons.push(options.buttons);
    return options.cancelId;
  },
};

export class BrowserWindow {
  constructor(options) {
    this.options = options;
    this.loaded = [];
    this.events = new Map();
    state.windows.push(this);
  }
  on(event, listener) {
    this.events.set(event, [...(this.events.get(event) ?? []), listener]);
    return this;
  }
  once(event, listener) {
    return this.on(event, listener);
  }
  emit(event) {
    for (const listener of this.events.get(event) ?? []) listener();
  }
  loadURL(url) {
    this.loaded.push(url);
    return Promise.resolve();
  }
  maximize() {}
  show() {}
  focus() {}
  restore() {}
  isMaximized() {
    return false;
  }
  isMinimized() {
    return false;
  }
  getNormalBounds() {
    return { x: 30, y: 40, width: 1200, height: 760 };
  }
}

export const shell = { openPath: async () => '', showItemInFolder: () => {} };

// No keychain, as on a Linux machine without one: Settings → Archive keeps no password (main/electron/secrets.ts).
export const safeStorage = {
  isEncryptionAvailable: () => false,
  getSelectedStorageBackend: () => 'basic_text',
  encryptString: () => { throw new Error('Encryption is not available.'); },
  decryptString: () => { throw new Error('Decryption is not available.'); },
};

export default { app, protocol, ipcMain, session, screen, dialog, BrowserWindow, shell, safeStorage };
