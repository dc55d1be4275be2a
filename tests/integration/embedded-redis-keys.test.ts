// Zero-setup Redis and development keys.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pino from 'pino';
import { loadConfig } from '../../src/platform/config';
import { canConnect, ensureServices } from '../../src/platform/embedded';
import { loadKeys } from '../../src/platform/keys';

const silent = pino({ level: 'silent' });

describe('embedded Redis', () => {
  it('starts redis-server from PATH as a child on a free port, and stops it', async () => {
    const cfg = loadConfig({ EMBEDDED_REDIS: 'always', DATABASE_URL: process.env.TEST_DATABASE_URL });
    const s = await ensureServices(cfg, silent);
    try {
      const url = new URL(s.config.REDIS_URL);
      expect(url.port).not.toBe('6379');
      const r = new Redis(s.config.REDIS_URL);
      expect(await r.ping()).toBe('PONG');
      r.disconnect();
      await s.stop();
      expect(await canConnect('127.0.0.1', Number(url.port), 300)).toBe(false);
    } finally {
      await s.stop();
    }
  });

  it('without redis-server on PATH, fails with a message naming the three ways out', async () => {
    const cfg = loadConfig({ EMBEDDED_REDIS: 'always', DATABASE_URL: process.env.TEST_DATABASE_URL });
    const oldPath = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const started = ensureServices(cfg, silent);
      await expect(started).rejects.toThrow(/REDIS_URL.*install Redis.*docker compose up -d redis/s);
      await started.then((s) => s.stop()).catch(() => undefined);
    } finally {
      process.env.PATH = oldPath;
    }
  });
});

describe('keys', () => {
  it('generates development keys once into DATA_DIR/keys and reuses them', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'commerce-keys-'));
    try {
      const cfg = loadConfig({ DATA_DIR: dir });
      const first = loadKeys(cfg);
      expect(first.generated).toBe(true);
      expect(existsSync(path.join(dir, 'keys', 'jwt-private.pem'))).toBe(true);
      expect(Buffer.from(readFileSync(path.join(dir, 'keys', 'encryption.key'), 'utf8'), 'base64')).toHaveLength(32);
      const second = loadKeys(cfg);
      expect(second.generated).toBe(false);
      expect(second.privateKeyPem).toBe(first.privateKeyPem);
      expect(second.encryptionKey).toBe(first.encryptionKey);
      expect(first.publicKeyPems[0]).toContain('BEGIN PUBLIC KEY');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('NODE_ENV=production refuses to start without real keys', () => {
    // The production-safe database password and metrics token, so only the keys are missing.
    const prod = { NODE_ENV: 'production', DATABASE_APP_PASSWORD: 's3cret', METRICS_TOKEN: 'm' };
    expect(() => loadKeys(loadConfig(prod))).toThrow(/JWT_PRIVATE_KEY and ENCRYPTION_KEY/);
    expect(() => loadKeys(loadConfig({ ...prod, JWT_PRIVATE_KEY: 'x' }))).toThrow(/ENCRYPTION_KEY/);
  });

  it('publishes previous public keys for rotation, current first', () => {
    const dirA = mkdtempSync(path.join(tmpdir(), 'commerce-keys-'));
    const dirB = mkdtempSync(path.join(tmpdir(), 'commerce-keys-'));
    try {
      const oldKeys = loadKeys(loadConfig({ DATA_DIR: dirA }));
      const rotated = loadKeys(loadConfig({ DATA_DIR: dirB, JWT_PUBLIC_KEYS: oldKeys.publicKeyPems[0]! }));
      expect(rotated.publicKeyPems).toHaveLength(2);
      expect(rotated.publicKeyPems[1]!.trim()).toBe(oldKeys.publicKeyPems[0]!.trim());
    } finally {
      rmSync(dirA, { recursive: true, force: true });
      rmSync(dirB, { recursive: true, force: true });
    }
  });
});
