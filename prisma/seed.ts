// `npm run db:seed`: a demo tenant with products, a customer, a merchant and a webhook
// endpoint, created through the public API (so every rule, audit row and event applies).
// Prints the credentials. Idempotent: if the demo subdomain exists it says so and stops.
import type { AddressInfo } from 'node:net';
import { Secret, TOTP } from 'otpauth';
import { createApp } from '../src/app';
import { closeContext, createContext } from '../src/platform/bootstrap';
import { loadConfig } from '../src/platform/config';
import { ensureDatabase, migrate } from '../src/platform/db/migrate';
import { ensureServices } from '../src/platform/embedded';
import { createLogger } from '../src/platform/logger';

const SUBDOMAIN = process.env.SEED_SUBDOMAIN ?? 'demo';
const ADMIN = { email: 'admin@demo.test', password: 'demo-admin-password' };
const MERCHANT = { email: 'merchant@demo.test', password: 'demo-merchant-password' };
const CUSTOMER = { email: 'customer@demo.test', password: 'demo-customer-password' };

const PRODUCTS = [
  { name: 'Trail Backpack 30L', sku: 'BP-30L', price: '129.99', category: 'bags', initialQuantity: 40 },
  { name: 'Merino T-Shirt', sku: 'TS-MERINO-M', price: '59.00', category: 'apparel', initialQuantity: 120 },
  { name: 'Titanium Mug', sku: 'MUG-TI-450', price: '34.50', category: 'kitchen', initialQuantity: 8 },
  { name: 'Headlamp 400lm', sku: 'HL-400', price: '44.95', category: 'lighting', initialQuantity: 65 },
  { name: 'Trekking Poles', sku: 'TP-CARBON', price: '149.00', category: 'gear', initialQuantity: 5 },
];

async function main(): Promise<void> {
  const base = loadConfig({
    ...process.env,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
  });
  const services = await ensureServices(base, createLogger(base.LOG_LEVEL));
  const config = services.config;
  await ensureDatabase(config.DATABASE_URL);
  await migrate(config.DATABASE_URL, { appPassword: config.DATABASE_APP_PASSWORD });
  const ctx = await createContext(config);
  const server = createApp(ctx).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${api}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json().catch(() => ({}))) as { data?: Record<string, unknown>; error?: unknown };
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json.error)}`);
    return json.data as Record<string, never>;
  };
  try {
    const exists = await fetch(`${api}/products?limit=1`, { headers: { 'X-Tenant': SUBDOMAIN } });
    if (exists.status !== 404) {
      console.log(`seed: tenant "${SUBDOMAIN}" already exists; nothing to do (set SEED_SUBDOMAIN for another one).`);
      return;
    }
    const signup = await call('POST', '/tenants', { name: 'Demo Outfitters', subdomain: SUBDOMAIN, admin: ADMIN });
    const apiKey = signup.apiKey as string;
    const merchant = { 'X-API-Key': apiKey };
    for (const p of PRODUCTS) await call('POST', '/products', p, merchant);

    const tenant = { 'X-Tenant': SUBDOMAIN };
    await call('POST', '/auth/register', { ...CUSTOMER, name: 'Demo Customer' }, tenant);

    // The admin enrols TOTP (required for admin writes), then creates a merchant user.
    const adminLogin = await call('POST', '/auth/login', ADMIN, tenant);
    const bearer = { Authorization: `Bearer ${adminLogin.accessToken as string}` };
    const setup = await call('POST', '/auth/mfa/setup', {}, bearer);
    const totp = new TOTP({ secret: Secret.fromBase32(setup.secret as string) });
    const enabled = await call('POST', '/auth/mfa/enable', { code: totp.generate() }, bearer);
    const challenge = await call('POST', '/auth/login', ADMIN, tenant);
    const nextStep = totp.generate({ timestamp: Date.now() + 30_000 });
    const verified = await call('POST', '/auth/mfa/verify', { mfaToken: challenge.mfaToken, code: nextStep });
    await call(
      'POST',
      '/users',
      { ...MERCHANT, role: 'MERCHANT' },
      { Authorization: `Bearer ${verified.accessToken as string}` },
    );

    const endpoint = await call(
      'POST',
      '/webhook-endpoints',
      { url: 'http://localhost:4000/webhooks', events: ['*'], description: 'Demo receiver (disabled)' },
      merchant,
    );
    await call('PATCH', `/webhook-endpoints/${endpoint.id as string}`, { disabled: true }, merchant);

    console.log(`seed: created tenant "${SUBDOMAIN}" with ${PRODUCTS.length} products, 3 users and a webhook endpoint.
  storefront header   X-Tenant: ${SUBDOMAIN}
  API key (merchant)  ${apiKey}
  admin               ${ADMIN.email} / ${ADMIN.password}
    TOTP secret       ${setup.secret as string}   (add to an authenticator app)
    otpauth URL       ${setup.otpauthUrl as string}
    recovery codes    ${(enabled.recoveryCodes as string[]).join(' ')}
  merchant            ${MERCHANT.email} / ${MERCHANT.password}
  customer            ${CUSTOMER.email} / ${CUSTOMER.password}
  webhook endpoint    ${endpoint.id as string} → http://localhost:4000/webhooks (disabled; enable with PATCH {"disabled": false})
  webhook secret      ${endpoint.secret as string}`);
  } finally {
    server.close();
    await closeContext(ctx);
    await services.stop();
  }
}

main().catch((e: unknown) => {
  console.error(`seed failed: ${(e as Error).message}`);
  process.exit(1);
});
