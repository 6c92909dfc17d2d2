import type { Secrets } from '../api/deps.js';

// The shared server's password for Settings → Archive, sealed by the system's keychain
// through Electron's safeStorage (DPAPI on Windows, the Keychain on macOS, libsecret or
// KWallet on Linux). Only the ciphertext, as base64, goes into the settings file.

/** The part of Electron's safeStorage used here (a fake in the tests). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(text: string): Buffer;
  decryptString(sealed: Buffer): string;
  /** Linux only: which keychain safeStorage uses. */
  getSelectedStorageBackend?(): string;
}

/**
 * On Linux without a keychain, Electron "encrypts" with a key written in its own source
 * ('basic_text'): plain text in all but name. A password is then not kept at all, and the
 * screen says to use COUNTERPART_DATABASE_URL instead.
 */
const PLAIN_TEXT_BACKENDS = new Set(['basic_text', 'unknown']);

export function electronSecrets(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): Secrets {
  const available = () => {
    if (!safeStorage.isEncryptionAvailable()) return false;
    if (platform !== 'linux' || !safeStorage.getSelectedStorageBackend) return true;
    return !PLAIN_TEXT_BACKENDS.has(safeStorage.getSelectedStorageBackend());
  };
  return {
    available,
    seal(text) {
      if (!available()) throw new Error('The system keychain is not available: the password is not kept');
      return safeStorage.encryptString(text).toString('base64');
    },
    open(sealed) {
      if (!available()) throw new Error('The system keychain is not available: the saved password cannot be read');
      return safeStorage.decryptString(Buffer.from(sealed, 'base64'));
    },
  };
}
