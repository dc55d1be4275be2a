// Who is calling and in which tenant.
/** Every role a user or API key can hold (the `Role` enum of schema.prisma). */
export const ROLES = ['ADMIN', 'MERCHANT', 'CUSTOMER'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  type: 'user' | 'api_key';
  /** User id, or the API key id. */
  id: string;
  tenantId: string;
  role: Role;
  /** Authentication methods of the access token: ["pwd"] or ["pwd","otp"]. */
  amr: string[];
  /** Access-token id and expiry (unix s), for logout's deny-list. */
  jti?: string;
  exp?: number;
}

export interface TenantRef {
  id: string;
  currency: string;
  requireAdminMfa: boolean;
  /** Exact browser origins that get CORS headers for this tenant (http/cors.ts). */
  allowedOrigins: readonly string[];
}

/** Who performed a mutation, for audit rows and outbox events. */
export interface Actor {
  tenantId: string;
  userId: string | null;
  actorType: 'user' | 'api_key' | 'system';
  correlationId: string | null;
}

/** The actor of what the system does on its own: expiring orders, Stripe's webhooks, a
 * password reset requested by email, disabling a failing webhook endpoint. */
export const systemActor = (tenantId: string, correlationId: string | null = null): Actor => ({
  tenantId,
  userId: null,
  actorType: 'system',
  correlationId,
});

export function actorOf(p: Principal | undefined, tenantId: string, correlationId: string | null): Actor {
  if (!p) return systemActor(tenantId, correlationId);
  return { tenantId, userId: p.id, actorType: p.type, correlationId };
}
