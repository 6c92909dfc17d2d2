import { describe, expect, it } from 'vitest';
import { electronSecrets, type SafeStorageLike } from '../../main/electron/secrets.js';

// A stand-in for Electron's safeStorage: "encrypts" by reversing the bytes behind a marker,
// and records what it was given, so the adapter's own handling shows.
function fakeSafeStorage(options: { available?: boolean; backend?: string } = {}) {
  const given: string[] = [];
  const storage: SafeStorageLike = {
    isEncryptionAvailable: () => options.available ?? true,
    encryptString(text) {
      given.push(text);
      return Buffer.concat([Buffer.from('v10'), Buffer.from(text, 'utf8').reverse()]);
    },
    decryptString(sealed) {
      if (!sealed.subarray(0, 3).equals(Buffer.from('v10'))) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(sealed.subarray(3)).reverse().toString('utf8');
    },
    ...(options.backend ? { getSelectedStorageBackend: () => options.backend! } : {}),
  };
  return { storage, given };
}

describe('the server password in the system keychain', () => {
  it('is sealed to base64 by safeStorage and opened again', () => {
    const { storage, given } = fakeSafeStorage();
    const secrets = electronSecrets(storage, 'win32');
    const sealed = secrets.seal('geheim wachtwoord €');
    expect(sealed).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(sealed).not.toContain('geheim');
    expect(given).toEqual(['geheim wachtwoord €']);
    expect(secrets.open(sealed)).toBe('geheim wachtwoord €');
  });

  it('is not kept where safeStorage has no keychain', () => {
    const secrets = electronSecrets(fakeSafeStorage({ available: false }).storage, 'darwin');
    expect(secrets.available()).toBe(false);
    expect(() => secrets.seal('geheim')).toThrow(/keychain/);
  });

  it('is not kept on Linux where safeStorage would only obscure it (basic_text)', () => {
    expect(electronSecrets(fakeSafeStorage({ backend: 'basic_text' }).storage, 'linux').available()).toBe(false);
    expect(electronSecrets(fakeSafeStorage({ backend: 'gnome_libsecret' }).storage, 'linux').available()).toBe(true);
  });

  it('fails loudly for what another keychain sealed', () => {
    const secrets = electronSecrets(fakeSafeStorage().storage, 'win32');
    expect(() => secrets.open(Buffer.from('something else').toString('base64'))).toThrow(/decrypting/);
  });
});
