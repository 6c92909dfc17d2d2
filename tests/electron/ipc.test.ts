import { describe, expect, it, vi } from 'vitest';
import { CALL_NAMES } from '../../main/api/calls.js';
import type { Api } from '../../main/api/dispatch.js';
import type { Customer, SearchResult } from '../../main/api/contract.js';
import { createBridge } from '../../main/electron/bridge.js';
import { isAppSender, registerApi } from '../../main/electron/ipc.js';
import { testApp } from '../support/services.js';
import { fakeIpc } from './fake-ipc.js';

function wired(frameUrl: string | null = 'app://counterpart/') {
  const app = testApp();
  const ipc = fakeIpc(frameUrl);
  registerApi(ipc.ipcMain, app.api);
  return { app, ipc, bridge: createBridge(ipc.ipcRenderer) };
}

describe('bridge → ipc → real api', () => {
  it('creates a customer and finds it again', async () => {
    const { bridge } = wired();
    const created = await bridge.call('customers.create', {
      customer: { givenName: 'Anouk', familyName: 'de Vries', phones: ['06 1234 5678'] },
    });
    expect(created.ok).toBe(true);
    const customer = (created as { value: Customer }).value;
    expect(customer.displayName).toBe('Anouk de Vries');

    const found = await bridge.call('customers.search', { query: 'vries' });
    expect(found).toEqual({ ok: true, value: expect.objectContaining({}) });
    const hits = (found as { value: SearchResult }).value.hits;
    expect(hits.map((hit) => hit.id)).toEqual([customer.id]);
  });

  it('returns validation failures as data, with field codes', async () => {
    const { bridge } = wired();
    const result = await bridge.call('customers.create', { customer: { givenName: '', email: 'not-an-email' } });
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'validation',
        fields: expect.objectContaining({
          'customer.givenName': { code: 'required' },
          'customer.email': { code: 'invalid_email' },
        }),
      }),
    });
  });

  it('passes a missing input on as an empty one', async () => {
    const { bridge } = wired();
    const result = await bridge.call('app.info');
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ mode: 'web', schemaVersion: expect.any(Number) }) });
  });

  it.each([
    'https://evil.example/',
    'http://localhost:5173/',
    'file:///home/shop/index.html',
    'app://counterpart.evil.example/',
    'app://evil/',
    'about:blank',
    'devtools://devtools/bundled/inspector.html',
  ])('refuses a call from a foreign frame: %s', async (url) => {
    const { bridge, app } = wired(url);
    const result = await bridge.call('customers.create', { customer: { givenName: 'Mallory' } });
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'unauthorized' }) });
    expect((await app.ok('customers.recent', {})).length).toBe(0);
  });

  it('refuses a call whose frame is gone', async () => {
    const { bridge } = wired(null);
    expect(await bridge.call('app.info', {})).toEqual({ ok: false, error: expect.objectContaining({ code: 'unauthorized' }) });
  });

  it('treats a sender check that throws as untrusted', async () => {
    const app = testApp();
    const ipc = fakeIpc();
    registerApi(ipc.ipcMain, app.api, () => {
      throw new Error('Object has been destroyed');
    });
    const result = await createBridge(ipc.ipcRenderer).call('app.info', {});
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'unauthorized' }) });
  });

  it.each(['customers.drop', 'api:customers.search', '', '__proto__', 'constructor', 42, null, undefined, { name: 'app.info' }])(
    'never sends a name outside the contract to main: %s',
    async (name) => {
      const { bridge, ipc } = wired();
      const result = await bridge.call(name, {});
      expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'unknown_call' }) });
      expect(ipc.invoked).toEqual([]);
    },
  );

  it('registers exactly one channel per call name', () => {
    const { ipc } = wired();
    expect([...ipc.handlers.keys()].sort()).toEqual(CALL_NAMES.map((name) => `api:${name}`).sort());
  });

  it('turns a failed invoke into an internal result instead of a rejection', async () => {
    const bridge = createBridge({ invoke: () => Promise.reject(new Error("No handler registered for 'api:app.info'")) });
    const result = await bridge.call('app.info', {});
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: expect.any(String) } });
    expect(JSON.stringify(result)).not.toContain('handler');
  });

  it('hands the api only the name and the first argument', async () => {
    const ipc = fakeIpc();
    const call = vi.fn<Api['call']>(async () => ({ ok: true, value: 1 }));
    registerApi(ipc.ipcMain, { call });
    await ipc.ipcRenderer.invoke('api:customers.get', { id: 3 }, 'extra');
    expect(call).toHaveBeenCalledWith('customers.get', { id: 3 });
  });

  it('the bridge object cannot be altered by the page', () => {
    const bridge = createBridge(fakeIpc().ipcRenderer);
    expect(Object.isFrozen(bridge)).toBe(true);
  });
});

describe('isAppSender', () => {
  it('trusts only frames on the app origin', () => {
    expect(isAppSender({ senderFrame: { url: 'app://counterpart/' } })).toBe(true);
    expect(isAppSender({ senderFrame: { url: 'app://counterpart/index.html#/customer/12' } })).toBe(true);
    expect(isAppSender({ senderFrame: { url: 'https://counterpart/' } })).toBe(false);
    expect(isAppSender({ senderFrame: null })).toBe(false);
  });
});
