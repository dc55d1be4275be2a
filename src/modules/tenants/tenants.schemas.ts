// Tenant sign-up input.
import { z } from 'zod';
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

export const createTenantBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    subdomain: z
      .string()
      .regex(SUBDOMAIN_RE, {
        message: 'must be 3–63 lower-case letters, digits or hyphens, not starting or ending with a hyphen',
      })
      .refine((s) => !RESERVED_SUBDOMAINS.has(s), { message: 'is reserved' }),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, { message: 'must be an upper-case ISO-4217 code' })
      .refine((c) => currencies.has(c), { message: 'is not an ISO-4217 currency' })
      .default('USD'),
    admin: z.object({ email: emailSchema, password: passwordSchema }).strict(),
  })
  .strict();

export type CreateTenantInput = z.infer<typeof createTenantBody>;

export interface TenantView {
  id: string;
  name: string;
  subdomain: string;
  currency: string;
}

/** The tenant's settings, as GET/PATCH /tenants/current return them. */
export interface TenantSettingsView extends TenantView {
  requireAdminMfa: boolean;
  pricesIncludeTax: boolean;
  allowedOrigins: string[];
}

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
    name: z.string().trim().min(1).max(200).optional(),
    requireAdminMfa: z.boolean().optional(),
    pricesIncludeTax: z.boolean().optional(),
    allowedOrigins: z
      .array(originSchema)
      .max(MAX_ALLOWED_ORIGINS, { message: `at most ${MAX_ALLOWED_ORIGINS} origins` })
      .transform((list) => [...new Set(list)])
      .optional(),
  })
  .strict()
  .refine((o) => Object.keys(o).length > 0, { message: 'at least one field is required' });

export type UpdateTenantInput = z.infer<typeof updateTenantBody>;
