import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { confSettings } from '../../main/node/conf-settings.js';
import { tempDir, testApp } from '../support/services.js';

describe('settings', () => {
  it('default the language to the system locale', () => {
    expect(confSettings(tempDir(), 'nl-BE').get()).toMatchObject({ shopName: '', language: 'nl', printer: { enabled: false } });
    expect(confSettings(tempDir(), 'de-DE').get()).toMatchObject({ shopName: '', language: 'en' });
  });

  it('are kept in the data folder and survive a restart', async () => {
    const dir = tempDir();
    const app = testApp({ dataDir: dir, locale: 'en-GB' });
    expect(await app.ok('settings.update', { shopName: '  Slagerij Ünal ' })).toMatchObject({ shopName: 'Slagerij Ünal', language: 'en' });
    await app.ok('settings.update', { language: 'nl' });
    expect(fs.existsSync(path.join(dir, 'settings.json'))).toBe(true);
    expect(confSettings(dir, 'en-GB').get()).toMatchObject({ shopName: 'Slagerij Ünal', language: 'nl' });
  });

  it('refuse a bad value at the field and keep what was stored', async () => {
    const app = testApp();
    await app.ok('settings.update', { shopName: 'Bakkerij' });
    expect((await app.fail('settings.update', { language: 'fr' })).fields?.language?.code).toBe('invalid');
    expect((await app.fail('settings.update', { shopName: 'x'.repeat(81) })).fields?.shopName).toEqual({ code: 'too_long', params: { max: 80 } });
    expect((await app.fail('settings.update', { printer: 'hack' })).code).toBe('validation');
    expect(await app.ok('settings.get', {})).toMatchObject({ shopName: 'Bakkerij' });
  });

  it('fall back per field when the file was edited by hand', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ shopName: 'Fietsenmaker', language: 'klingon' }));
    expect(confSettings(dir, 'nl-NL').get()).toMatchObject({ shopName: 'Fietsenmaker', language: 'nl', printer: { columns: 48 } });
  });
});
