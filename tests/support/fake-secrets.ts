import crypto from 'node:crypto';
import type { Secrets } from '../../main/api/deps.js';

/**
 * A keychain for the tests of Settings → Archive: seals for real (AES-256-GCM under a key of
 * its own, as safeStorage does under the system's), so a test can prove the password's text
 * never reaches the settings file. `available: false` is a machine without a keychain.
 */
export function fakeSecrets(options: { available?: boolean } = {}): Secrets & { sealed: string[] } {
  const key = crypto.randomBytes(32);
  const sealed: string[] = [];
  return {
    sealed,
    available: () => options.available ?? true,
    seal(text) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      const out = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
      sealed.push(out);
      return out;
    },
    open(text) {
      const raw = Buffer.from(text, 'base64');
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
