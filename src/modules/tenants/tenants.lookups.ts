// The look-ups authentication needs (platform/auth/authenticate.ts), from this module's
// repository: the platform takes them as a parameter instead of importing a module.
import type { TenantLookups } from '../../platform/auth/authenticate';
import type { Db } from '../../platform/db/prisma';
import { findApiKeyByHash, findTenantById, findTenantBySubdomain } from './tenants.repository';

export function tenantLookups(db: Db): TenantLookups {
  return {
    tenantById: (id) => findTenantById(db, id),
    tenantBySubdomain: (subdomain) => findTenantBySubdomain(db, subdomain),
    apiKeyByHash: (hash) => findApiKeyByHash(db, hash),
  };
}
