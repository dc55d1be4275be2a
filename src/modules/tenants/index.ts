// The tenants module's public surface (docs/architecture.md): what other modules, the workers
// and the composition root may import. Everything else in this folder is private to it.
export { tenantsRouter } from './tenants.controller';
export { TenantsService } from './tenants.service';
/** Tenant look-ups for authentication and CORS, wired in app.ts. */
export { tenantLookups } from './tenants.lookups';
export { tenantOrigins } from './tenants.origins';
/** Field rules shared by every form that takes an email or a password (auth, users). */
export { emailSchema, passwordSchema } from './tenants.schemas';
export type { TenantView } from './tenants.schemas';
/** The zod schemas openapi.yaml documents (scripts/generate-openapi.ts). */
export { openApiSchemas } from './tenants.schemas';
