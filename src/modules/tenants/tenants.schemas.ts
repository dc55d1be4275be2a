// Tenants: the tenant's fields, the sign-up and settings inputs, and the views built from them.
import { z } from 'zod';
import type { OpenApiSchemas } from '../../platform/http/schema-registry';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../platform/password';

export const SUBDOMAIN_RE = /^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/;

export const RESERVED_SUBDOMAINS = new Set([
  'www',
  'api',
  'admin',
  'app',
  'mail',
  'smtp',
  'imap',
  'pop',
  'ftp',
  'ns1',
  'ns2',
  'dns',
  'cdn',
  'static',
  'assets',
  'auth',
  'login',
  'account',
  'accounts',
  'billing',
  'dashboard',
  'docs',
  'status',
  'support',
  'help',
  'blog',
  'dev',
  'staging',
  'test',
  'internal',
  'root',
  'system',
  'webhooks',
  'webhook',
  'metrics',
  'health',
  'ready',
  'secure',
  'shop',
  'store',
  'checkout',
]);

const currencies = new Set(Intl.supportedValuesOf('currency'));

export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .email({ message: 'must be a valid e-mail address' })
  .transform((s) => s.toLowerCase());

export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN, { message: `must be at least ${PASSWORD_MIN} characters` })
  .max(PASSWORD_MAX, { message: `must be at most ${PASSWORD_MAX} characters` });

const currencyCode = z.string().regex(/^[A-Z]{3}$/);

/** A tenant's fields, once: sign-up takes some, the views show them. */
export const tenantFields = {
  id: z.uuid(),
  name: z.string().trim().min(1).max(200),
  subdomain: z.string(),
  currency: currencyCode,
  requireAdminMfa: z.boolean().describe('ADMIN user tokens need MFA (amr otp) for writes outside /auth (default true)'),
  pricesIncludeTax: z
    .boolean()
    .describe('Stored for checkout (whether product prices include tax); not applied yet (default false)'),
  allowedOrigins: z.array(z.string()).describe('Browser origins that get CORS headers (default empty)'),
};

export const createTenantBody = z
  .object({
    name: tenantFields.name,
    subdomain: z
      .string()
      .regex(SUBDOMAIN_RE, {
        message: 'must be 3–63 lower-case letters, digits or hyphens, not starting or ending with a hyphen',
      })
      .refine((s) => !RESERVED_SUBDOMAINS.has(s), { message: 'is reserved' })
      .describe('Reserved words (www, api, admin, app, mail, …) are refused'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, { message: 'must be an upper-case ISO-4217 code' })
      .refine((c) => currencies.has(c), { message: 'is not an ISO-4217 currency' })
      .default('USD'),
    admin: z.object({ email: emailSchema, password: passwordSchema }).strict(),
  })
  .strict();

export type CreateTenantInput = z.infer<typeof createTenantBody>;

export const tenantView = z.object(tenantFields).pick({ id: true, name: true, subdomain: true, currency: true });
export type TenantView = z.infer<typeof tenantView>;

/** The tenant's settings, as GET/PATCH /tenants/current return them. */
export const tenantSettingsView = z.object(tenantFields);
export type TenantSettingsView = z.infer<typeof tenantSettingsView>;

/** POST /tenants: the tenant, its first ADMIN and the API key (shown once). */
/** POST /tenants/current/api-keys/rotate: the new key, shown once. */
export const apiKeyRotation = z.object({
  id: z.uuid(),
  prefix: z.string(),
  apiKey: z.string().describe('sk_…, shown once; stored only as a hash'),
  createdAt: z.iso.datetime(),
});
export type ApiKeyRotation = z.infer<typeof apiKeyRotation>;

export const signUpResult = z.object({
  tenant: tenantView,
  admin: z.object({ id: z.uuid(), email: z.email(), role: z.enum(['ADMIN']) }),
  apiKey: z.string().describe('Secret API key, shown once; stored only as a hash'),
});

export const MAX_ALLOWED_ORIGINS = 20;

/**
 * An origin exactly as a browser sends it in `Origin` (CORS compares strings): http(s), host,
 * optional non-default port; no user info, path, query, fragment or trailing slash. Upper-case
 * letters are lower-cased; anything else a browser would serialize differently (a default
 * port, an internationalized name not in punycode) is refused rather than silently rewritten.
 */
const originSchema = z
  .string()
  .max(255)
  .meta({ pattern: '^https?://[^/?#@]+$' })
  .transform((s) => s.toLowerCase())
  .superRefine((s, ctx) => {
    let serialized: string | undefined;
    try {
      const u = new URL(s);
      const labelsOk = u.hostname.startsWith('[') || u.hostname.split('.').every((l) => l !== '');
      if ((u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' && labelsOk) serialized = u.origin;
    } catch {
      // not a URL: refused below
    }
    if (serialized !== s) {
      ctx.addIssue({
        code: 'custom',
        message:
          serialized === undefined || !/^https?:\/\/[^/?#@]+$/.test(s)
            ? 'must be an origin: http(s)://host[:port] with a valid host, and no path, query, fragment or trailing slash'
            : `must be written as a browser sends it: ${serialized}`,
      });
    }
  });

export const updateTenantBody = z
  .object({
    name: tenantFields.name.optional(),
    requireAdminMfa: z.boolean().optional(),
    pricesIncludeTax: z.boolean().optional(),
    allowedOrigins: z
      .array(originSchema)
      .max(MAX_ALLOWED_ORIGINS, { message: `at most ${MAX_ALLOWED_ORIGINS} origins` })
      .describe(
        'Replaces the list. Each an origin exactly as a browser sends it: `http` or `https`, host, optional ' +
          'non-default port; no user info, path, query, fragment or trailing slash; an internationalized host ' +
          'in punycode. Upper case is lower-cased; duplicates are dropped.',
      )
      .transform((list) => [...new Set(list)])
      .optional(),
  })
  .strict()
  .refine((o) => Object.keys(o).length > 0, { message: 'at least one field is required' })
  .meta({ minProperties: 1 });

export type UpdateTenantInput = z.infer<typeof updateTenantBody>;

export const openApiSchemas: OpenApiSchemas = {
  requests: { CreateTenantRequest: createTenantBody, UpdateTenantSettingsRequest: updateTenantBody },
  responses: {
    Tenant: tenantView,
    TenantSettings: tenantSettingsView,
    SignUpResult: signUpResult,
    ApiKeyRotation: apiKeyRotation,
  },
};
