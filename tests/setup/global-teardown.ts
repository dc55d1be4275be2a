// Drops the run's database and deletes its Redis keys (only what this run created).
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { ADMIN_URL } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (url && process.env.KEEP_TEST_DB !== 'true') {
    const name = new URL(url).pathname.slice(1);
    const c = new Client({ connectionString: ADMIN_URL });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.end();
  }
  const prefix = process.env.TEST_REDIS_PREFIX;
  if (prefix) {
    const r = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await r.del(...keys);
    } while (cursor !== '0');
    await r.quit();
  }
}
