// Tenant persistence and the narrow cross-tenant look-ups (SECURITY DEFINER functions).
import type { Db, Tx } from '../../platform/db/prisma';
import type { TenantRef } from '../../platform/auth/types';

export async function insertTenant(
  tx: Tx,
  t: { id: string; name: string; subdomain: string; currency: string },
): Promise<{ id: string; name: string; subdomain: string; currency: string }> {
  return tx.tenant.create({ data: t, select: { id: true, name: true, subdomain: true, currency: true } });
}

export async function insertUser(
  tx: Tx,
  u: {
    tenantId: string;
    email: string;
    passwordHash: string;
    role: 'ADMIN' | 'MERCHANT' | 'CUSTOMER';
    name?: string | null;
  },
) {
  return tx.user.create({ data: u, select: { id: true, email: true, role: true, name: true, createdAt: true } });
}

export async function insertApiKey(tx: Tx, k: { tenantId: string; keyHash: string; prefix: string }) {
  return tx.apiKey.create({ data: k, select: { id: true, prefix: true, createdAt: true } });
}

/** Revokes every active key of the tenant; returns what was revoked (id, prefix). */
export async function revokeActiveApiKeys(tx: Tx): Promise<{ id: string; prefix: string }[]> {
  const active = await tx.apiKey.findMany({ where: { revokedAt: null }, select: { id: true, prefix: true } });
  if (active.length > 0) {
    await tx.apiKey.updateMany({ where: { id: { in: active.map((k) => k.id) } }, data: { revokedAt: new Date() } });
  }
  return active;
}

export async function findTenantBySubdomain(db: Db, subdomain: string): Promise<TenantRef | null> {
  const rows = await db.$queryRaw<{ id: string; currency: string; require_admin_mfa: boolean }[]>`
    SELECT id, currency, require_admin_mfa FROM app_tenant_by_subdomain(${subdomain})`;
  const r = rows[0];
  return r ? { id: r.id, currency: r.currency, requireAdminMfa: r.require_admin_mfa } : null;
}

export async function findTenantById(db: Db, id: string): Promise<TenantRef | null> {
  const rows = await db.$queryRaw<{ id: string; currency: string; require_admin_mfa: boolean }[]>`
    SELECT id, currency, require_admin_mfa FROM app_tenant_by_id(${id}::uuid)`;
  const r = rows[0];
  return r ? { id: r.id, currency: r.currency, requireAdminMfa: r.require_admin_mfa } : null;
}

export async function findApiKeyByHash(db: Db, hash: string): Promise<{ id: string; tenantId: string } | null> {
  const rows = await db.$queryRaw<{ id: string; tenant_id: string }[]>`
    SELECT id, tenant_id FROM app_api_key_by_hash(${hash})`;
  const r = rows[0];
  return r ? { id: r.id, tenantId: r.tenant_id } : null;
}
