// Typed client of the Commerce API: openapi-fetch over the types that openapi-typescript
// generates from openapi.yaml (sdk/schema.ts; `npm run generate`). Every path, body and
// response is checked by the compiler against the published spec.
//
//   const api = createCommerceClient({ baseUrl: 'http://localhost:3000', tenant: 'acme' });
//   const { data, error } = await api.GET('/api/v1/products', { params: { query: { q: 'bag' } } });
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

export type { paths, components, operations } from './schema';

export interface CommerceClientOptions {
  /** Server root, e.g. http://localhost:3000 (paths already start with /api/v1). */
  baseUrl: string;
  /** Store subdomain sent as X-Tenant on public calls (storefronts without a token). */
  tenant?: string;
  /** Secret API key (server side only: never ship it to a browser). */
  apiKey?: string;
  /** Bearer access token, or a function returning the current one (after a refresh). */
  accessToken?: string | (() => string | undefined);
  fetch?: typeof globalThis.fetch;
}

export type CommerceClient = Client<paths>;

export function createCommerceClient(opts: CommerceClientOptions): CommerceClient {
  const client = createClient<paths>({ baseUrl: opts.baseUrl.replace(/\/+$/, ''), fetch: opts.fetch });
  const credentials: Middleware = {
    onRequest({ request }) {
      const token = typeof opts.accessToken === 'function' ? opts.accessToken() : opts.accessToken;
      if (token && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${token}`);
      if (opts.apiKey && !request.headers.has('x-api-key')) request.headers.set('x-api-key', opts.apiKey);
      if (opts.tenant && !request.headers.has('x-tenant')) request.headers.set('x-tenant', opts.tenant);
      return request;
    },
  };
  client.use(credentials);
  return client;
}
