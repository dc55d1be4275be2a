// The application's database access: a Prisma client connected as commerce_app
// (non-owner, no BYPASSRLS), and withTenant(), the only way to run tenant queries.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../generated/prisma/client';

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export function createDb(appUrl: string, poolMax: number): Db {
  const adapter = new PrismaPg({ connectionString: appUrl, max: poolMax });
  return new PrismaClient({ adapter });
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TxOptions {
  isolationLevel?: 'ReadCommitted' | 'RepeatableRead' | 'Serializable';
  timeoutMs?: number;
}

/**
 * Opens a transaction, sets app.current_tenant_id for that transaction only
 * (set_config(..., true)), and runs fn in it. RLS policies key on that setting, so a
 * query inside fn can only ever see or write rows of this tenant.
 */
export async function withTenant<T>(
  db: Db,
  tenantId: string,
  fn: (tx: Tx) => Promise<T>,
  opts: TxOptions = {},
): Promise<T> {
  if (!UUID_RE.test(tenantId)) throw new Error('withTenant: tenantId must be a UUID');
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT set_config('app.current_tenant_id', ${tenantId}, true)`;
      return fn(tx);
    },
    { isolationLevel: opts.isolationLevel, timeout: opts.timeoutMs ?? 15_000, maxWait: 10_000 },
  );
}
