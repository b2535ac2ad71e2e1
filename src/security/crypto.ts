/**
 * Encryption at rest for sensitive personal information (PIPL art. 28): ID numbers, phones,
 * addresses, the names of petitioners and parties.
 *
 * One master key (32 bytes) from FAZHI_KEY or a key file; HKDF derives separate keys for
 * encryption, authentication and the search hash, so no key serves two purposes. Stored values:
 *
 *   v1:aes-256-gcm:<iv>:<tag>:<ciphertext>        AES-256-GCM (default)
 *   v1:sm4-cbc:<iv>:<hmac-sm3>:<ciphertext>       国密: SM4-CBC then HMAC-SM3 (encrypt-then-MAC;
 *                                                 Node has no SM4-GCM), with FAZHI_CIPHER=sm4
 *
 * (parts base64). Either format decrypts whatever FAZHI_CIPHER says now; the setting only
 * chooses how new values are written. The search hash (HMAC-SHA256, or HMAC-SM3 under sm4) of
 * the normalised value lets a column be matched exactly without being readable.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { dirname } from 'node:path';
import { randomBytesPooled } from '../core/random.js';

export const CIPHERS = ['aes-256-gcm', 'sm4'] as const;
export type CipherName = (typeof CIPHERS)[number];

export const DEFAULT_KEY_FILE = 'data/fazhi.key';
const KEY_BYTES = 32;
const VERSION = 'v1';

/** The stored value cannot be read: a wrong key, a tampered or truncated value, or not ours. */
export class DecryptionError extends Error {
  constructor(reason: string) {
    super(`敏感字段无法解密（${reason}）：密钥不对，或数据已被篡改`);
    this.name = 'DecryptionError';
  }
}

/** FAZHI_KEY, the key file or FAZHI_CIPHER is unusable; the server should not start. */
export class KeyConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyConfigError';
  }
}

export interface FieldCipher {
  readonly algorithm: CipherName;
  /** `context` (e.g. 'ledger_petition.petitioner_phone') is bound to the value: it decrypts only there. */
  encrypt(plain: string, context?: string): string;
  decrypt(stored: string, context?: string): string;
  /** Keyed hash of the normalised value, for exact-match search. */
  hash(plain: string): string;
}

/** One spelling per value: full-width forms folded, spaces removed, letters upper-cased (ID numbers end in X). */
export const normalise = (value: string) => value.normalize('NFKC').replace(/\s+/g, '').toUpperCase();

const SALT = Buffer.from('fazhi field cipher v1');
const derive = (digest: 'sha256' | 'sm3', master: Buffer, purpose: string, length: number) =>
  Buffer.from(hkdfSync(digest, master, SALT, purpose, length));

const b64 = (b: Buffer) => b.toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64');

/** A cipher over the given master key: for tests and for createContext, after loadKey. */
export function fieldCipher(masterKey: Buffer, algorithm: CipherName = 'aes-256-gcm'): FieldCipher {
  if (masterKey.length !== KEY_BYTES) throw new KeyConfigError(`主密钥应为 ${KEY_BYTES} 字节`);
  if (!CIPHERS.includes(algorithm)) throw new KeyConfigError(`FAZHI_CIPHER 应为 ${CIPHERS.join(' 或 ')}`);

  const gcmKey = derive('sha256', masterKey, 'encrypt aes-256-gcm', 32);
  const sm4Key = derive('sm3', masterKey, 'encrypt sm4-cbc', 16);
  const sm4MacKey = derive('sm3', masterKey, 'mac hmac-sm3', 32);
  const searchKey = algorithm === 'sm4' ? derive('sm3', masterKey, 'search hmac-sm3', 32) : derive('sha256', masterKey, 'search hmac-sha256', 32);
  const searchDigest = algorithm === 'sm4' ? 'sm3' : 'sha256';

  const gcmHeader = `${VERSION}:aes-256-gcm`;
  const sm4Header = `${VERSION}:sm4-cbc`;
  // What the tag or MAC covers besides the ciphertext: the format and where the value lives.
  const aad = (header: string, context: string | undefined) => Buffer.from(`${header}|${context ?? ''}`);
  const sm4Mac = (iv: Buffer, ct: Buffer, context: string | undefined) =>
    createHmac('sm3', sm4MacKey).update(aad(sm4Header, context)).update(iv).update(ct).digest();

  function encryptGcm(plain: string, context?: string): string {
    const iv = randomBytesPooled(12);
    const cipher = createCipheriv('aes-256-gcm', gcmKey, iv);
    cipher.setAAD(aad(gcmHeader, context));
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [gcmHeader, b64(iv), b64(cipher.getAuthTag()), b64(ct)].join(':');
  }

  function encryptSm4(plain: string, context?: string): string {
    const iv = randomBytesPooled(16);
    const cipher = createCipheriv('sm4-cbc', sm4Key, iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [sm4Header, b64(iv), b64(sm4Mac(iv, ct, context)), b64(ct)].join(':');
  }

  function decrypt(stored: string, context?: string): string {
    const parts = stored.split(':');
    if (parts.length !== 5 || parts[0] !== VERSION) throw new DecryptionError('不是本系统的密文');
    const [, alg, ivText, tagText, ctText] = parts as [string, string, string, string, string];
    const iv = unb64(ivText);
    const tag = unb64(tagText);
    const ct = unb64(ctText);
    if (alg === 'aes-256-gcm') {
      if (iv.length !== 12 || tag.length !== 16) throw new DecryptionError('密文格式不正确');
      try {
        const decipher = createDecipheriv('aes-256-gcm', gcmKey, iv);
        decipher.setAAD(aad(gcmHeader, context));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
      } catch {
        throw new DecryptionError('校验失败');
      }
    }
    if (alg === 'sm4-cbc') {
      if (iv.length !== 16 || tag.length !== 32) throw new DecryptionError('密文格式不正确');
      // Verify before decrypting: a CBC padding error must never be what tells tampering apart.
      if (!timingSafeEqual(tag, sm4Mac(iv, ct, context))) throw new DecryptionError('校验失败');
      try {
        const decipher = createDecipheriv('sm4-cbc', sm4Key, iv);
        return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
      } catch {
        throw new DecryptionError('密文格式不正确');
      }
    }
    throw new DecryptionError(`未知算法 ${alg}`);
  }

  return {
    algorithm,
    encrypt: algorithm === 'sm4' ? encryptSm4 : encryptGcm,
    decrypt,
    hash: (plain) => createHmac(searchDigest, searchKey).update(normalise(plain), 'utf8').digest('base64'),
  };
}

export type MacDigest = 'sha256' | 'sm3';

/** HMAC keys of the audit log: one keys the hash chain, the other signs the checkpoints kept outside the database. */
export interface AuditMacKeys {
  chain: Record<MacDigest, Buffer>;
  checkpoint: Record<MacDigest, Buffer>;
}

/**
 * Subkeys of the master key, like the field keys: whoever can write the database but has not the
 * key cannot recompute the chain. One per digest, so a database written under either FAZHI_CIPHER
 * still verifies after the setting changes.
 */
export function auditMacKeys(masterKey: Buffer): AuditMacKeys {
  if (masterKey.length !== KEY_BYTES) throw new KeyConfigError(`主密钥应为 ${KEY_BYTES} 字节`);
  const pair = (purpose: string) => ({ sha256: derive('sha256', masterKey, `${purpose} hmac-sha256`, 32), sm3: derive('sm3', masterKey, `${purpose} hmac-sm3`, 32) });
  return { chain: pair('audit chain'), checkpoint: pair('audit checkpoint') };
}

export function cipherNameOf(value: string | undefined): CipherName {
  if (!value) return 'aes-256-gcm';
  const name = value.trim().toLowerCase();
  if (name === 'aes-256-gcm' || name === 'aes') return 'aes-256-gcm';
  if (name === 'sm4' || name === 'sm4-cbc') return 'sm4';
  throw new KeyConfigError(`FAZHI_CIPHER 应为 aes-256-gcm 或 sm4`);
}

/** 64 hex digits, or base64 of 32 bytes; anything else is refused rather than stretched. */
export function parseKey(text: string, source: string): Buffer {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) {
    const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === KEY_BYTES) return bytes;
  }
  throw new KeyConfigError(
    `${source} 格式不正确：应为 64 位十六进制数，或 32 字节的 Base64 编码（可用 openssl rand -hex 32 生成）`,
  );
}

export interface KeySource {
  /** FAZHI_KEY, as given. Takes precedence over the file. */
  key?: string;
  /** Where the key is kept when FAZHI_KEY is not set; created with mode 0600 on first start. */
  keyFile: string;
  /** Told when the key file is readable by others, or was just created. */
  warn?: (message: string) => void;
}

/** The master key from FAZHI_KEY, or from the key file (made on first start). */
export function loadKey(source: KeySource): Buffer {
  const warn = source.warn ?? ((message: string) => console.warn(message));
  if (source.key !== undefined && source.key !== '') return parseKey(source.key, 'FAZHI_KEY');
  const path = source.keyFile;
  if (!existsSync(path)) {
    const created = createKeyFile(path);
    if (created) {
      warn(`已生成数据加密密钥 ${path}（权限 0600）。请把它与数据库备份分开妥善保存：丢失密钥将无法读取已加密的敏感信息。`);
      return created;
    }
  }
  checkKeyFileMode(path, warn);
  return parseKey(readFileSync(path, 'utf8'), `密钥文件 ${path}`);
}

/** Writes a new random key with mode 0600; undefined when another process created the file first. */
function createKeyFile(path: string): Buffer | undefined {
  mkdirSync(dirname(path), { recursive: true });
  const key = randomBytes(KEY_BYTES);
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  }
  try {
    writeSync(fd, `${key.toString('hex')}\n`);
  } finally {
    closeSync(fd);
  }
  if (process.platform !== 'win32') chmodSync(path, 0o600);
  return key;
}

function checkKeyFileMode(path: string, warn: (message: string) => void) {
  if (process.platform === 'win32') return;
  const mode = statSync(path).mode & 0o777;
  if (mode & 0o077) {
    warn(`密钥文件 ${path} 的权限为 ${mode.toString(8).padStart(4, '0')}，其他用户可读，应改为 0600（chmod 600 ${path}）`);
  }
}
