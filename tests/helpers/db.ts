// Direct database access for assertions: as the owner (postgres) or as commerce_app.
import { Client } from 'pg';
import { testDbUrl } from './app';
import { deriveAppUrl } from '../../src/platform/config';

export async function ownerQuery<T extends Record<string, unknown> = Record<string, unknown>>(
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const c = new Client({ connectionString: testDbUrl() });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/** A raw commerce_app connection (the API's role), for RLS assertions. */
export async function appClient(): Promise<Client> {
  const c = new Client({ connectionString: deriveAppUrl(testDbUrl(), 'commerce_app') });
  await c.connect();
  return c;
}
