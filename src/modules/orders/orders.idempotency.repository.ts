// Idempotency keys (scoped to tenant + principal): POST /orders and cart completion claim a
// key in their transaction, store the response with the write, and replay it for 24 h.
import { Prisma } from '../../generated/prisma/client';
import type { Db, SqlTx } from '../../platform/db/prisma';

export interface IdempotencyRef {
  tenantId: string;
  principal: string;
  key: string;
}

export const claimSql = (k: IdempotencyRef & { requestHash: string; ttlSeconds: number }): Prisma.Sql => Prisma.sql`
    INSERT INTO idempotency_keys (id, tenant_id, principal, key, request_hash, expires_at)
    VALUES (gen_random_uuid(), ${k.tenantId}::uuid, ${k.principal}, ${k.key}, ${k.requestHash},
            now() + make_interval(secs => ${k.ttlSeconds}::int))
    ON CONFLICT (tenant_id, principal, key) DO UPDATE
      SET request_hash = EXCLUDED.request_hash, response_status = NULL, response_body = NULL,
          created_at = now(), expires_at = EXCLUDED.expires_at
      WHERE idempotency_keys.expires_at <= now()
    RETURNING id`;

export type IdempotencyClaim =
  { kind: 'new' } | { kind: 'existing'; requestHash: string; responseStatus: number | null; responseBody: unknown };

/**
 * Inserts the key row (or takes over an expired one). A concurrent request with the same
 * key blocks on the unique index until this transaction ends, then sees the stored result.
 */
export async function claimIdempotencyKey(
  tx: SqlTx,
  k: { tenantId: string; principal: string; key: string; requestHash: string; ttlSeconds: number },
): Promise<IdempotencyClaim> {
  const claimed = await tx.$queryRaw<{ id: string }[]>(claimSql(k));
  if (claimed.length > 0) return { kind: 'new' };
  return readIdempotencyKey(tx, k);
}

/** The stored state of an existing key (after a refused claim). */
export async function readIdempotencyKey(
  tx: SqlTx,
  k: IdempotencyRef & { requestHash: string },
): Promise<Extract<IdempotencyClaim, { kind: 'existing' }>> {
  const [row] = await tx.$queryRaw<
    { request_hash: string; response_status: number | null; response_body: unknown }[]
  >`SELECT request_hash, response_status, response_body FROM idempotency_keys
    WHERE tenant_id = ${k.tenantId}::uuid AND principal = ${k.principal} AND key = ${k.key}`;
  // Gone between the two statements (expiry clean-up): report it as still in progress.
  if (!row) return { kind: 'existing', requestHash: k.requestHash, responseStatus: null, responseBody: null };
  return {
    kind: 'existing',
    requestHash: row.request_hash,
    responseStatus: row.response_status,
    responseBody: row.response_body,
  };
}

/** Deletes up to `limit` expired keys of every tenant (SECURITY DEFINER); returns how many. */
export async function purgeExpiredIdempotencyKeys(db: Db, limit: number): Promise<number> {
  const rows = await db.$queryRaw<{ n: number }[]>`SELECT app_purge_expired_idempotency_keys(${limit}::int) AS n`;
  return rows[0]?.n ?? 0;
}
