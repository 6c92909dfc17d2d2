// Loads the real bundled main process against the stand-in Electron, drives it a
// little, and prints what happened as JSON for bundle.test.ts.
// usage: node --import ./register.mjs harness.mjs <path to bundled main.js>
import { pathToFileURL } from 'node:url';

await import('electron');
const state = globalThis.__fakeElectron;
const entry = process.argv[2];

// Polls rather than sleeps: under a loaded test run, startup can take a while.
async function until(condition, what, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

await import(pathToFileURL(entry).href);
state.emitReady();
await until(() => state.windows.length > 0 || state.exitCode !== null, 'a window or an exit');

const app = { frameUrl: 'app://counterpart/' };
const invoke = async (name, input, url = app.frameUrl) => {
  const handler = state.ipcHandlers.get(`api:${name}`);
  if (!handler) return { missing: name };
  return structuredClone(await handler({ senderFrame: { url } }, structuredClone(input)));
};

const report = {
  log: state.log,
  schemes: state.schemes,
  errorBoxes: state.errorBoxes,
  messageButtons: state.messageButtons,
  exitCode: state.exitCode,
  channels: [...state.ipcHandlers.keys()],
  webContentsCreated: (state.listeners.get('web-contents-created') ?? []).length,
  permissionDenied: null,
  windows: state.windows.map((w) => ({ options: w.options, loaded: w.loaded })),
};

if (state.protocolHandlers.has('app')) {
  const response = await state.protocolHandlers.get('app')(new Request('app://counterpart/'));
  report.page = { status: response.status, csp: response.headers.get('content-security-policy'), body: await response.text() };
  const escape = await state.protocolHandlers.get('app')(new Request('app://counterpart/..%2f..%2fpackage.json'));
  report.escape = { status: escape.status };
}

if (state.permissionRequest) {
  report.permissionDenied = await new Promise((resolve) => state.permissionRequest({}, 'media', (granted) => resolve(!granted)));
}

if (state.ipcHandlers.size) {
  report.info = await invoke('app.info', {});
  report.created = await invoke('customers.create', { customer: { givenName: 'Bram', familyName: 'Jansen' } });
  report.search = await invoke('customers.search', { query: 'jansen' });
  report.foreign = await invoke('customers.recent', {}, 'https://evil.example/');
  report.settings = await invoke('settings.update', { shopName: 'Bakkerij Jansen' });
  // Closing the window stores its bounds in the same file; settings must not mind.
  state.windows[0]?.emit('close');
  report.settingsAfterWindow = await invoke('settings.get', {});
}

// Quit: main must close the archive before letting the process go.
const willQuit = state.listeners.get('will-quit') ?? [];
let prevented = false;
for (const listener of willQuit) listener({ preventDefault: () => (prevented = true) });
if (prevented) await until(() => state.quits > 0, 'quit after closing the archive');
report.quit = { prevented, quits: state.quits };

process.stdout.write(`${JSON.stringify(report)}\n`);
process.exit(0);
