// Signing and encryption keys. Configured through JWT_PRIVATE_KEY / JWT_PUBLIC_KEYS /
// ENCRYPTION_KEY (PEM text or a path); in development they are generated once into
// <DATA_DIR>/keys/. NODE_ENV=production refuses to start without real ones.
import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config';

export interface KeyMaterial {
  /** PEM (PKCS#8) of the current RS256 signing key. */
  privateKeyPem: string;
  /** PEM (SPKI) public keys that verify tokens: the current one first, then previous ones. */
  publicKeyPems: string[];
  /** base64 of 32 bytes. */
  encryptionKey: string;
  generated: boolean;
}

const pemOrPath = (v: string): string => (v.includes('-----BEGIN') ? v : readFileSync(v, 'utf8'));

/** Splits a string holding several concatenated PEM blocks. */
export function splitPems(s: string): string[] {
  return s.match(/-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----/g) ?? [];
}

export function loadKeys(config: Config): KeyMaterial {
  const prod = config.NODE_ENV === 'production';
  if (prod && (!config.JWT_PRIVATE_KEY || !config.ENCRYPTION_KEY)) {
    throw new Error('NODE_ENV=production requires JWT_PRIVATE_KEY and ENCRYPTION_KEY to be set');
  }
  let generated = false;
  let privateKeyPem: string;
  let encryptionKey: string;
  const dir = path.resolve(config.DATA_DIR, 'keys');
  if (config.JWT_PRIVATE_KEY) {
    privateKeyPem = pemOrPath(config.JWT_PRIVATE_KEY);
  } else {
    const file = path.join(dir, 'jwt-private.pem');
    if (!existsSync(file)) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, { mode: 0o600 });
      generated = true;
    }
    privateKeyPem = readFileSync(file, 'utf8');
  }
  if (config.ENCRYPTION_KEY) {
    encryptionKey = config.ENCRYPTION_KEY;
  } else {
    const file = path.join(dir, 'encryption.key');
    if (!existsSync(file)) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
      generated = true;
    }
    encryptionKey = readFileSync(file, 'utf8').trim();
  }
  const current = createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }) as string;
  const previous = config.JWT_PUBLIC_KEYS ? splitPems(pemOrPath(config.JWT_PUBLIC_KEYS)) : [];
  const norm = (p: string) => p.replace(/\s+/g, '');
  const publicKeyPems = [current, ...previous.filter((p) => norm(p) !== norm(current))];
  if (Buffer.from(encryptionKey, 'base64').length !== 32) throw new Error('ENCRYPTION_KEY must be 32 bytes, base64');
  return { privateKeyPem, publicKeyPems, encryptionKey, generated };
}
