// Tenant sign-up: tenant, first ADMIN and first API key in ONE transaction; API key
// rotation; the tenant's settings (GET/PATCH /tenants/current).
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/app-context';
import { randomToken, sha256Hex } from '../../platform/crypto';
import { isUniqueViolation } from '../../platform/db/errors';
import { withTenant } from '../../platform/db/prisma';
import { conflict, notFound } from '../../platform/errors';
import { forgetTenant } from '../../platform/auth/authenticate';
import { hashPassword } from '../../platform/password';
import { tenantWrite } from '../write-path';
import type { CreateTenantInput, TenantSettingsView, TenantView, UpdateTenantInput } from './tenants.schemas';
import { actorOf, type Actor } from '../../platform/auth/types';
import { tenantOrigins } from './tenants.origins';
import {
  findTenantSettings,
  insertApiKey,
  insertTenant,
  insertUser,
  lockTenantSettings,
  revokeActiveApiKeys,
  updateTenantSettings,
} from './tenants.repository';

export const newApiKey = (): string => `sk_${randomToken(32)}`;

export interface SignUpResult {
  tenant: TenantView;
  admin: { id: string; email: string; role: string };
  apiKey: string;
}

export class TenantsService {
  constructor(private readonly ctx: AppContext) {}

  async signUp(input: CreateTenantInput, correlationId: string | null): Promise<SignUpResult> {
    const passwordHash = await hashPassword(input.admin.password);
    const apiKey = newApiKey();
    const tenantId = randomUUID();
    try {
      // The new admin is the actor of the sign-up's audit rows (known once its row exists).
      return await tenantWrite(this.ctx, actorOf(undefined, tenantId, correlationId), async (w) => {
        const { tx } = w;
        const tenant = await insertTenant(tx, {
          id: tenantId,
          name: input.name,
          subdomain: input.subdomain,
          currency: input.currency,
        });
        const admin = await insertUser(tx, { tenantId, email: input.admin.email, passwordHash, role: 'ADMIN' });
        const key = await insertApiKey(tx, { tenantId, keyHash: sha256Hex(apiKey), prefix: apiKey.slice(0, 7) });
        const actor = { tenantId, userId: admin.id, actorType: 'user' as const, correlationId };
        w.audit({ action: 'CREATE', resource: 'tenant', resourceId: tenantId, after: tenant }, actor);
        w.audit(
          {
            action: 'CREATE',
            resource: 'user',
            resourceId: admin.id,
            after: { id: admin.id, email: admin.email, role: admin.role },
          },
          actor,
        );
        w.audit(
          { action: 'CREATE', resource: 'api_key', resourceId: key.id, after: { id: key.id, prefix: key.prefix } },
          actor,
        );
        return { tenant, admin: { id: admin.id, email: admin.email, role: admin.role }, apiKey };
      });
    } catch (e) {
      if (isUniqueViolation(e, 'subdomain')) {
        throw conflict('SUBDOMAIN_TAKEN', `Subdomain "${input.subdomain}" is already taken`, { field: 'subdomain' });
      }
      throw e;
    }
  }

  /**
   * Issues a new secret API key and revokes the old one(s) at once, with audit rows, in one
   * transaction. The key is returned once; only its SHA-256 is stored.
   */
  async rotateApiKey(actor: Actor): Promise<{ id: string; prefix: string; apiKey: string; createdAt: string }> {
    const apiKey = newApiKey();
    return tenantWrite(this.ctx, actor, async (w) => {
      const { tx } = w;
      const revoked = await revokeActiveApiKeys(tx);
      const key = await insertApiKey(tx, {
        tenantId: actor.tenantId,
        keyHash: sha256Hex(apiKey),
        prefix: apiKey.slice(0, 7),
      });
      for (const old of revoked) {
        w.audit({
          action: 'DELETE',
          resource: 'api_key',
          resourceId: old.id,
          before: { id: old.id, prefix: old.prefix },
          after: null,
        });
      }
      w.audit({
        action: 'CREATE',
        resource: 'api_key',
        resourceId: key.id,
        after: { id: key.id, prefix: key.prefix },
      });
      return { id: key.id, prefix: key.prefix, apiKey, createdAt: key.createdAt.toISOString() };
    });
  }

  async settings(tenantId: string): Promise<TenantSettingsView> {
    const t = await withTenant(this.ctx.db, tenantId, (tx) => findTenantSettings(tx, tenantId));
    if (!t) throw notFound('Tenant');
    return t;
  }

  /**
   * Changes the given settings, with one audit row (before/after of the changed fields) when
   * anything changed. This process applies them to requests at once; other API processes
   * when their cached copy of the tenant expires (30 s).
   */
  async updateSettings(actor: Actor, input: UpdateTenantInput): Promise<TenantSettingsView> {
    const result = await tenantWrite(this.ctx, actor, async (w) => {
      const { tx } = w;
      const before = await lockTenantSettings(tx, actor.tenantId);
      if (!before) throw notFound('Tenant');
      const changed = (Object.keys(input) as Array<keyof UpdateTenantInput>).filter(
        (k) => JSON.stringify(input[k]) !== JSON.stringify(before[k]),
      );
      if (changed.length === 0) return { before, after: before };
      const data = Object.fromEntries(changed.map((k) => [k, input[k]]));
      const after = await updateTenantSettings(tx, actor.tenantId, data);
      w.audit({
        action: 'UPDATE',
        resource: 'tenant',
        resourceId: actor.tenantId,
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, after[k]])),
      });
      return { before, after };
    });
    const { before, after } = result;
    if (before !== after) {
      forgetTenant(this.ctx, after);
      tenantOrigins(this.ctx).forget(after.subdomain, [...before.allowedOrigins, ...after.allowedOrigins]);
    }
    return after;
  }
}
