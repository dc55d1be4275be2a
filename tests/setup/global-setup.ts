// Creates this run's own database (migrated from zero) and Redis key prefix. Test files
// read them from process.env; global-teardown drops the database and deletes the keys.
import { randomBytes } from 'node:crypto';
import { ensureDatabase, migrate } from '../../src/platform/db/migrate';

export const ADMIN_URL = process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export default async function globalSetup(): Promise<void> {
  const id = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const u = new URL(ADMIN_URL);
  u.pathname = `/commerce_test_${id}`;
  const url = u.toString();
  await ensureDatabase(url);
  await migrate(url, { appPassword: 'commerce_app' });
  process.env.TEST_DATABASE_URL = url;
  process.env.TEST_REDIS_PREFIX = `test:${id}`;
  process.env.TEST_RUN_ID = id;
}
