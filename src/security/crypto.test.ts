import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DecryptionError, KeyConfigError, cipherNameOf, fieldCipher, loadKey, normalise, parseKey, type CipherName } from './crypto.js';

const ID_NUMBER = '150102198001011234';
const key = randomBytes(32);

describe.each<CipherName>(['aes-256-gcm', 'sm4'])('field cipher, %s', (algorithm) => {
  const cipher = fieldCipher(key, algorithm);
  const prefix = algorithm === 'sm4' ? 'v1:sm4-cbc:' : 'v1:aes-256-gcm:';

  it('round-trips text, including Chinese and the empty string', () => {
    for (const plain of [ID_NUMBER, '内蒙古自治区巴彦淖尔市杭锦后旗双庙镇', '', '+86 138-0013-8000']) {
      const stored = cipher.encrypt(plain);
      expect(stored.startsWith(prefix)).toBe(true);
      expect(stored.split(':')).toHaveLength(5);
      expect(stored).not.toContain(plain || '\u0000');
      expect(cipher.decrypt(stored)).toBe(plain);
    }
  });

  it('writes a fresh IV each time, so equal values do not look equal', () => {
    expect(cipher.encrypt(ID_NUMBER)).not.toBe(cipher.encrypt(ID_NUMBER));
  });

  it('refuses a tampered value with a clear error, not garbage', () => {
    const stored = cipher.encrypt(ID_NUMBER);
    const [v, alg, iv, tag, ct] = stored.split(':') as [string, string, string, string, string];
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      return bytes.toString('base64');
    };
    for (const bad of [
      [v, alg, iv, tag, flip(ct)],
      [v, alg, flip(iv), tag, ct],
      [v, alg, iv, flip(tag), ct],
      [v, alg, iv, tag, ct.slice(0, -4)],
    ]) {
      expect(() => cipher.decrypt(bad.join(':'))).toThrow(DecryptionError);
    }
    expect(() => cipher.decrypt(ID_NUMBER)).toThrow(/无法解密/);
    expect(() => cipher.decrypt('v2:aes-256-gcm:a:b:c')).toThrow(DecryptionError);
    expect(() => cipher.decrypt('v1:rot13:a:b:c')).toThrow(DecryptionError);
  });

  it('refuses a value under another key, or moved to another column', () => {
    const stored = cipher.encrypt(ID_NUMBER, 'ledger_petition.petitioner_id_number');
    expect(cipher.decrypt(stored, 'ledger_petition.petitioner_id_number')).toBe(ID_NUMBER);
    expect(() => fieldCipher(randomBytes(32), algorithm).decrypt(stored, 'ledger_petition.petitioner_id_number')).toThrow(DecryptionError);
    expect(() => cipher.decrypt(stored, 'ledger_petition.petitioner')).toThrow(DecryptionError);
    expect(() => cipher.decrypt(stored)).toThrow(DecryptionError);
  });

  it('hashes the normalised value with a key of its own', () => {
    const h = cipher.hash(ID_NUMBER);
    expect(cipher.hash(` ${ID_NUMBER} `)).toBe(h);
    expect(cipher.hash('15010219800101123x')).toBe(cipher.hash('15010219800101123X'));
    expect(cipher.hash('１５０１０２１９８００１０１１２３４')).toBe(h); // full-width digits
    expect(cipher.hash('150102198001011235')).not.toBe(h);
    expect(fieldCipher(randomBytes(32), algorithm).hash(ID_NUMBER)).not.toBe(h);
    expect(h).not.toContain(ID_NUMBER);
  });
});

describe('choosing and checking', () => {
  it('reads either format whichever algorithm writes new values', () => {
    const aes = fieldCipher(key, 'aes-256-gcm');
    const sm4 = fieldCipher(key, 'sm4');
    expect(sm4.decrypt(aes.encrypt(ID_NUMBER))).toBe(ID_NUMBER);
    expect(aes.decrypt(sm4.encrypt(ID_NUMBER))).toBe(ID_NUMBER);
  });

  it('takes FAZHI_CIPHER as aes-256-gcm (default) or sm4', () => {
    expect(cipherNameOf(undefined)).toBe('aes-256-gcm');
    expect(cipherNameOf('SM4')).toBe('sm4');
    expect(() => cipherNameOf('des')).toThrow(KeyConfigError);
  });

  it('normalises by folding width, dropping spaces and upper-casing', () => {
    expect(normalise(' 1501 0219 8001 01123x ')).toBe('15010219800101123X');
  });
});

describe('the master key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fazhi-key-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const quiet = () => {
    const messages: string[] = [];
    return { messages, warn: (m: string) => messages.push(m) };
  };

  it('accepts FAZHI_KEY as 64 hex digits or base64 of 32 bytes, before any file', () => {
    const keyFile = join(dir, 'unused.key');
    expect(loadKey({ key: key.toString('hex'), keyFile }).equals(key)).toBe(true);
    expect(loadKey({ key: key.toString('base64'), keyFile }).equals(key)).toBe(true);
    expect(loadKey({ key: key.toString('base64url'), keyFile }).equals(key)).toBe(true);
    expect(() => statSync(keyFile)).toThrow();
  });

  it('refuses any other FAZHI_KEY with a Chinese message that does not echo it', () => {
    for (const bad of ['secret', key.toString('hex').slice(0, 62), randomBytes(16).toString('base64'), randomBytes(48).toString('base64'), `${key.toString('hex')}zz`]) {
      let error: unknown;
      try {
        loadKey({ key: bad, keyFile: join(dir, 'unused.key') });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(KeyConfigError);
      const message = (error as Error).message;
      expect(message).toContain('FAZHI_KEY 格式不正确');
      expect(message).toContain('64 位十六进制数');
      expect(message).not.toMatch(/invalid|expected|must be/); // Chinese only, no English sentence beside it
      expect(message).not.toContain(bad);
    }
  });

  it('creates the key file on first start with mode 0600, and reuses it', () => {
    const keyFile = join(dir, 'data', 'fazhi.key');
    const first = quiet();
    const created = loadKey({ keyFile, warn: first.warn });
    expect(created).toHaveLength(32);
    expect(first.messages.join()).toContain('备份');
    expect(first.messages.join()).not.toMatch(/Created|back it up/);
    if (process.platform !== 'win32') expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(created.toString('hex'));

    const again = quiet();
    expect(loadKey({ keyFile, warn: again.warn }).equals(created)).toBe(true);
    expect(again.messages).toEqual([]);
    // Data written with the first start's key reads after the second start.
    expect(fieldCipher(loadKey({ keyFile, warn: again.warn })).decrypt(fieldCipher(created).encrypt(ID_NUMBER))).toBe(ID_NUMBER);
  });

  it.skipIf(process.platform === 'win32')('warns when the key file is readable by others', () => {
    const keyFile = join(dir, 'wide.key');
    writeFileSync(keyFile, key.toString('hex'));
    chmodSync(keyFile, 0o644);
    const log = quiet();
    expect(loadKey({ keyFile, warn: log.warn }).equals(key)).toBe(true);
    expect(log.messages.join()).toMatch(/0644.*0600/);
  });

  it('refuses a key file that does not hold a key', () => {
    const keyFile = join(dir, 'broken.key');
    writeFileSync(keyFile, 'not a key', { mode: 0o600 });
    expect(() => loadKey({ keyFile })).toThrow(/密钥文件.*格式不正确/);
  });

  it('parses what it writes, and refuses a key of the wrong length', () => {
    expect(parseKey(`${key.toString('hex')}\n`, 'x').equals(key)).toBe(true);
    expect(() => fieldCipher(randomBytes(16))).toThrow(KeyConfigError);
  });
});
