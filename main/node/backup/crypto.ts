import crypto from 'node:crypto';
import fs from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { z } from 'zod';
import { AppError } from '../../api/errors.js';
import { fileError } from './errors.js';
import { CHUNK } from './files.js';

// Encrypted backups, and how automatic ones get their key without the password on disk.
//
// Setting a backup password makes an X25519 key pair. The private key is wrapped with
// AES-256-GCM under a key scrypt derives from the password; the key file in the data folder
// holds the public key and that wrapped private key, never the password nor anything
// that decrypts a backup. Each backup makes a fresh ephemeral key pair; ECDH with the
// shop's public key and HKDF give its data key. So automatic backups encrypt unattended,
// and only someone who knows the password can unwrap the private key and decrypt. Every
// backup carries the wrapped private key in its header, so it can be restored on a new PC
// with the password alone. A new password makes a new key pair: older backups keep
// opening with the password they were made under.
//
// File: header | AES-256-GCM ciphertext of the SQLite file | 16-byte GCM tag. The header
// is the cipher's additional authenticated data, so a changed byte anywhere is found.
//   magic "CPBACKUP" (8) · format 1 (1) · scrypt log2 N, r, p (3) · salt (16) · wrap IV (12)
//   · wrapped private key + its tag (48) · public key (32) · ephemeral public key (32) · IV (12)

const MAGIC = Buffer.from('CPBACKUP', 'ascii');
const FORMAT = 1;
export const HEADER_BYTES = 8 + 1 + 3 + 16 + 12 + 48 + 32 + 32 + 12;
const TAG_BYTES = 16;
const WRAP_INFO = Buffer.from('counterpart backup key v1');
const DATA_INFO = Buffer.from('counterpart backup data v1');

export interface ScryptParams {
  log2N: number;
  r: number;
  p: number;
}

/** 128 MiB and a few hundred milliseconds: a guess costs an attacker the same. */
export const SCRYPT_PARAMS: ScryptParams = { log2N: 17, r: 8, p: 1 };

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);

export const keyFileSchema = z.object({
  version: z.literal(1),
  createdAt: z.number().int(),
  scrypt: z.object({ log2N: z.number().int(), r: z.number().int(), p: z.number().int() }).refine((params) => reasonable(params)),
  salt: base64,
  wrapIv: base64,
  wrapped: base64,
  publicKey: base64,
});

/** What the data folder keeps: enough to encrypt, and to decrypt only with the password. */
export type KeyFile = z.output<typeof keyFileSchema>;

/** At most 512 MiB and a few seconds, whatever a header or key file says. */
const reasonable = ({ log2N, r, p }: ScryptParams) => log2N >= 10 && r >= 1 && p >= 1 && p <= 4 && 128 * 2 ** log2N * r <= 512 * 2 ** 20;

const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, length: number, options: crypto.ScryptOptions) => Promise<Buffer>;

function deriveWrapKey(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.log2N;
  return scrypt(password.normalize('NFC'), salt, 32, { N, r: params.r, p: params.p, maxmem: 128 * N * params.r * 2 });
}

const raw = (text: string) => Buffer.from(text, 'base64');
const publicKeyOf = (x: Buffer) => crypto.createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: x.toString('base64url') }, format: 'jwk' });

function wrapAad(salt: Buffer, publicKey: Buffer): Buffer {
  return Buffer.concat([WRAP_INFO, salt, publicKey]);
}

export async function createKeyFile(password: string, createdAt: number, params: ScryptParams = SCRYPT_PARAMS): Promise<KeyFile> {
  const { privateKey } = crypto.generateKeyPairSync('x25519');
  const jwk = privateKey.export({ format: 'jwk' });
  const secret = Buffer.from(jwk.d!, 'base64url');
  const publicKey = Buffer.from(jwk.x!, 'base64url');
  const salt = crypto.randomBytes(16);
  const wrapIv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', await deriveWrapKey(password, salt, params), wrapIv);
  cipher.setAAD(wrapAad(salt, publicKey));
  const wrapped = Buffer.concat([cipher.update(secret), cipher.final(), cipher.getAuthTag()]);
  secret.fill(0);
  return {
    version: 1,
    createdAt,
    scrypt: params,
    salt: salt.toString('base64'),
    wrapIv: wrapIv.toString('base64'),
    wrapped: wrapped.toString('base64'),
    publicKey: publicKey.toString('base64'),
  };
}

interface Header {
  bytes: Buffer;
  scrypt: ScryptParams;
  salt: Buffer;
  wrapIv: Buffer;
  wrapped: Buffer;
  publicKey: Buffer;
  ephemeral: Buffer;
  iv: Buffer;
}

function buildHeader(keys: KeyFile, ephemeral: Buffer, iv: Buffer): Buffer {
  const bytes = Buffer.concat([
    MAGIC,
    Buffer.from([FORMAT, keys.scrypt.log2N, keys.scrypt.r, keys.scrypt.p]),
    raw(keys.salt),
    raw(keys.wrapIv),
    raw(keys.wrapped),
    raw(keys.publicKey),
    ephemeral,
    iv,
  ]);
  if (bytes.length !== HEADER_BYTES) throw new Error('the backup key file is damaged');
  return bytes;
}

function parseHeader(bytes: Buffer): Header {
  let at = MAGIC.length + 4;
  const take = (n: number) => bytes.subarray(at, (at += n));
  return {
    bytes,
    scrypt: { log2N: bytes[9]!, r: bytes[10]!, p: bytes[11]! },
    salt: take(16),
    wrapIv: take(12),
    wrapped: take(48),
    publicKey: take(32),
    ephemeral: take(32),
    iv: take(12),
  };
}

function dataKey(shared: Buffer, ephemeral: Buffer, publicKey: Buffer): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', shared, Buffer.concat([ephemeral, publicKey]), DATA_INFO, 32));
}

/** Whether a file starts like one of our encrypted backups (it may still be damaged). */
export async function isEncryptedBackup(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const start = Buffer.alloc(MAGIC.length);
    const { bytesRead } = await handle.read(start, 0, MAGIC.length, 0);
    return bytesRead === MAGIC.length && start.equals(MAGIC);
  } finally {
    await handle.close();
  }
}

/** Counts bytes and hashes them on the way through. */
class Meter extends Transform {
  readonly hash = crypto.createHash('sha256');
  bytes = 0;
  constructor(private readonly onBytes: (bytes: number) => void = () => {}) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.onBytes(this.bytes);
    done(null, chunk);
  }
}

/**
 * Encrypts `plain` into the new file `out` (header, ciphertext, tag). Returns the sha256 of
 * what was written. Leaves nothing behind on failure.
 */
export async function encryptFile(plain: string, out: string, keys: KeyFile, onBytes?: (bytes: number) => void): Promise<{ sha256: string; size: number }> {
  const ephemeral = crypto.generateKeyPairSync('x25519');
  const ephemeralRaw = Buffer.from(ephemeral.publicKey.export({ format: 'jwk' }).x!, 'base64url');
  const publicKey = raw(keys.publicKey);
  const shared = crypto.diffieHellman({ privateKey: ephemeral.privateKey, publicKey: publicKeyOf(publicKey) });
  const iv = crypto.randomBytes(12);
  const header = buildHeader(keys, ephemeralRaw, iv);
  const cipher = crypto.createCipheriv('aes-256-gcm', dataKey(shared, ephemeralRaw, publicKey), iv);
  cipher.setAAD(header);
  const encrypt = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, cipher.update(chunk));
    },
    flush(done) {
      done(null, Buffer.concat([cipher.final(), cipher.getAuthTag()]));
    },
  });
  encrypt.push(header);
  const written = new Meter();
  try {
    await pipeline(fs.createReadStream(plain, { highWaterMark: CHUNK }), new Meter(onBytes), encrypt, written, fs.createWriteStream(out, { flags: 'wx' }));
  } catch (error) {
    await fs.promises.rm(out, { force: true });
    throw fileError(error);
  }
  return { sha256: written.hash.digest('hex'), size: written.bytes };
}

const wrongPassword = () => new AppError('backup_wrong_password', 'The password does not open this backup');
const damaged = () => new AppError('backup_damaged', 'The backup is damaged');

async function readHeader(file: string): Promise<{ header: Header; size: number }> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const size = (await handle.stat()).size;
    const bytes = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await handle.read(bytes, 0, HEADER_BYTES, 0);
    if (bytesRead < HEADER_BYTES || size < HEADER_BYTES + TAG_BYTES) throw damaged();
    if (!bytes.subarray(0, MAGIC.length).equals(MAGIC)) throw new AppError('not_an_archive', 'This file is not a Counterpart backup');
    if (bytes[MAGIC.length] !== FORMAT) throw new AppError('db_too_new', 'The backup was written by a newer Counterpart');
    return { header: parseHeader(bytes), size };
  } finally {
    await handle.close();
  }
}

async function unwrap(header: Header, password: string): Promise<crypto.KeyObject> {
  // A file from elsewhere names its own cost: within reason, or it could ask for gigabytes.
  if (!reasonable(header.scrypt)) throw damaged();
  const decipher = crypto.createDecipheriv('aes-256-gcm', await deriveWrapKey(password, header.salt, header.scrypt), header.wrapIv);
  decipher.setAAD(wrapAad(header.salt, header.publicKey));
  decipher.setAuthTag(header.wrapped.subarray(32));
  let secret: Buffer;
  try {
    secret = Buffer.concat([decipher.update(header.wrapped.subarray(0, 32)), decipher.final()]);
  } catch {
    // The tag covers the wrapped key under the password's key: another password fails here,
    // in a fraction of a second, before a byte of the archive is read.
    throw wrongPassword();
  }
  try {
    return crypto.createPrivateKey({
      key: { kty: 'OKP', crv: 'X25519', d: secret.toString('base64url'), x: header.publicKey.toString('base64url') },
      format: 'jwk',
    });
  } finally {
    secret.fill(0);
  }
}

/** Whether the password opens the key file (to check it before replacing it, say). */
export async function passwordOpens(keys: KeyFile, password: string): Promise<boolean> {
  const header = parseHeader(buildHeader(keys, Buffer.alloc(32), Buffer.alloc(12)));
  return unwrap(header, password).then(() => true, () => false);
}

/**
 * Decrypts an encrypted backup into the new file `out`. The plaintext is only trusted once
 * the tag checks at the end; on any failure `out` is removed. Returns the sha256 of the
 * whole encrypted file, for its manifest.
 */
export async function decryptFile(file: string, out: string, password: string, onBytes?: (bytes: number, total: number) => void): Promise<{ sha256: string }> {
  const { header, size } = await readHeader(file);
  const privateKey = await unwrap(header, password);
  const shared = crypto.diffieHellman({ privateKey, publicKey: publicKeyOf(header.ephemeral) });
  const decipher = crypto.createDecipheriv('aes-256-gcm', dataKey(shared, header.ephemeral, header.publicKey), header.iv);
  decipher.setAAD(header.bytes);
  const tag = Buffer.alloc(TAG_BYTES);
  const handle = await fs.promises.open(file, 'r');
  try {
    await handle.read(tag, 0, TAG_BYTES, size - TAG_BYTES);
  } finally {
    await handle.close();
  }
  decipher.setAuthTag(tag);
  const decrypt = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, decipher.update(chunk));
    },
    flush(done) {
      try {
        done(null, decipher.final());
      } catch {
        done(damaged());
      }
    },
  });
  const body = size - HEADER_BYTES - TAG_BYTES;
  if (body <= 0) throw damaged();
  const meter = new Meter((bytes) => onBytes?.(bytes, body));
  meter.hash.update(header.bytes);
  try {
    await pipeline(
      fs.createReadStream(file, { start: HEADER_BYTES, end: size - TAG_BYTES - 1, highWaterMark: CHUNK }),
      meter,
      decrypt,
      fs.createWriteStream(out, { flags: 'wx' }),
    );
  } catch (error) {
    await fs.promises.rm(out, { force: true });
    throw fileError(error);
  }
  meter.hash.update(tag);
  return { sha256: meter.hash.digest('hex') };
}
