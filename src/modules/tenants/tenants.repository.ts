// Tenant persistence and the narrow cross-tenant look-ups (SECURITY DEFINER functions).
import type { Db, Tx } from '../../platform/db/prisma';
import type { Role, TenantRef } from '../../platform/auth/types';
import { selectFields } from '../../platform/db/select-fields';
import { tenantSettingsView, type TenantSettingsView } from './tenants.schemas';

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
    role: Role;
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

interface TenantRow {
  id: string;
  currency: string;
  require_admin_mfa: boolean;
  allowed_origins: string[];
}

const tenantRef = (r: TenantRow | undefined): TenantRef | null =>
  r
    ? { id: r.id, currency: r.currency, requireAdminMfa: r.require_admin_mfa, allowedOrigins: r.allowed_origins }
    : null;

export async function findTenantBySubdomain(db: Db, subdomain: string): Promise<TenantRef | null> {
  const rows = await db.$queryRaw<TenantRow[]>`
    SELECT id, currency, require_admin_mfa, allowed_origins FROM app_tenant_by_subdomain(${subdomain})`;
  return tenantRef(rows[0]);
}

export async function findTenantById(db: Db, id: string): Promise<TenantRef | null> {
  const rows = await db.$queryRaw<TenantRow[]>`
    SELECT id, currency, require_admin_mfa, allowed_origins FROM app_tenant_by_id(${id}::uuid)`;
  return tenantRef(rows[0]);
}

/** Whether any tenant lists this exact origin in allowedOrigins (a yes/no across tenants). */
export async function anyTenantAllowsOrigin(db: Db, origin: string): Promise<boolean> {
  const rows = await db.$queryRaw<{ allowed: boolean }[]>`
    SELECT app_origin_allowed_by_any_tenant(${origin}) AS allowed`;
  return rows[0]?.allowed === true;
}

export async function findApiKeyByHash(db: Db, hash: string): Promise<{ id: string; tenantId: string } | null> {
  const rows = await db.$queryRaw<{ id: string; tenant_id: string }[]>`
    SELECT id, tenant_id FROM app_api_key_by_hash(${hash})`;
  const r = rows[0];
  return r ? { id: r.id, tenantId: r.tenant_id } : null;
}

// The settings row is the settings view: its columns are the view's fields (tenants.schemas).
const settingsSelect = selectFields(tenantSettingsView);
export type TenantSettingsRow = TenantSettingsView;

/** The current tenant's settings (RLS: only the tenant of the transaction is visible). */
export async function findTenantSettings(tx: Tx, id: string): Promise<TenantSettingsRow | null> {
  return tx.tenant.findUnique({ where: { id }, select: settingsSelect });
}

/** Same, row-locked until the transaction ends, so that concurrent changes audit in order. */
export async function lockTenantSettings(tx: Tx, id: string): Promise<TenantSettingsRow | null> {
  const rows = await tx.$queryRaw<TenantSettingsRow[]>`
    SELECT id, name, subdomain, currency, require_admin_mfa AS "requireAdminMfa",
      prices_include_tax AS "pricesIncludeTax", allowed_origins AS "allowedOrigins"
    FROM tenants WHERE id = ${id}::uuid FOR UPDATE`;
  return rows[0] ?? null;
}

export async function updateTenantSettings(
  tx: Tx,
  id: string,
  data: Partial<Pick<TenantSettingsRow, 'name' | 'requireAdminMfa' | 'pricesIncludeTax' | 'allowedOrigins'>>,
): Promise<TenantSettingsRow> {
  return tx.tenant.update({ where: { id }, data, select: settingsSelect });
}
