import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CALL_NAMES } from '../../main/api/calls.js';
import { contract } from '../../main/api/contract.js';
import { handlers } from '../../main/api/handlers.js';
import { createApi } from '../../main/api/dispatch.js';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations/index.js';
import { testApp } from '../support/services.js';

describe('the API contract', () => {
  it('has a schema and a handler for every call, and nothing besides', () => {
    expect(Object.keys(contract).sort()).toEqual([...CALL_NAMES].sort());
    expect(Object.keys(handlers).sort()).toEqual([...CALL_NAMES].sort());
    for (const name of CALL_NAMES) {
      expect(contract[name].input, name).toBeInstanceOf(z.ZodType);
      expect(typeof handlers[name], name).toBe('function');
    }
  });

  it('answers an unknown call and a malformed input with coded results, not exceptions', async () => {
    const app = testApp();
    expect(await app.api.call('customers.drop', {})).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    expect(await app.api.call('customers.get', { id: 'seven' })).toMatchObject({ ok: false, error: { code: 'validation', fields: { id: { code: 'invalid' } } } });
    expect(await app.api.call('customers.get', null)).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('turns a failing handler into an internal error without its stack or message', async () => {
    const app = testApp();
    const logged: unknown[] = [];
    const api = createApi(app.deps, {
      handlers: { ...handlers, 'app.info': async () => { throw new Error('disk on fire at /secret/path'); } },
      log: (_, error) => logged.push(error),
    });
    const result = await api.call('app.info', {});
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: 'Something went wrong; nothing was changed' } });
    expect(JSON.stringify(result)).not.toContain('/secret/path');
    expect(logged).toHaveLength(1);
  });

  it('reports the app and schema version', async () => {
    const app = testApp();
    expect(await app.ok('app.info', {})).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+\.\d+/), schemaVersion: LATEST_SCHEMA_VERSION, mode: 'web', dataDir: app.dataDir });
  });
});
