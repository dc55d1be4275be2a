// Migration 20261127004000_scrub_delivery_errors: delivery errors written before the fixed
// phrases (socket messages with resolved addresses, receivers' error pages, refusals naming
// the host) become the phrase the delivery stores today, in the API's delivery log too.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { ownerQuery } from '../helpers/db';

const MIGRATION = path.resolve(__dirname, '../../prisma/migrations/20261127004000_scrub_delivery_errors/migration.sql');

let t: TestApp;
let tn: SignedUpTenant;
beforeAll(async () => {
  t = await makeTestApp({ WEBHOOK_ALLOW_PRIVATE_URLS: 'true' });
  tn = await signUpTenant(t.app);
});
afterAll(() => t.close());

/** old last_error (and status code) → what the migration leaves. */
const CASES: Array<[string | null, number | null, string | null]> = [
  ['connect ECONNREFUSED 10.0.0.5:443', null, 'connection failed'],
  ['ECONNRESET: socket hang up', null, 'connection failed'],
  [
    "Hostname/IP does not match certificate's altnames: IP: 10.0.3.7 is not in the cert's list",
    null,
    'connection failed',
  ],
  ['HTTP 503: <html>upstream 10.1.2.3:8080 unavailable</html>', 503, 'status 503'],
  ['HTTP 404', null, 'status 404'],
  ['timed out after 10000 ms', null, 'timeout'],
  ['ETIMEDOUT: connect ETIMEDOUT 172.16.0.9:443', null, 'timeout'],
  [
    'URL refused: host "internal.example" resolves to private address 10.0.0.8',
    null,
    'URL refused: the host must resolve only to public addresses',
  ],
  // Already in the new vocabulary: unchanged.
  ['connection failed', null, 'connection failed'],
  ['status 500', 500, 'status 500'],
  ['timeout', null, 'timeout'],
  ['URL refused: scheme must be https', null, 'URL refused: scheme must be https'],
  ['endpoint disabled', null, 'endpoint disabled'],
  ['event not found', null, 'event not found'],
  [null, 200, null],
];

it('rewrites old delivery errors to the fixed phrases and leaves new ones alone', async () => {
  const ep = await request(t.app)
    .post('/api/v1/webhook-endpoints')
    .set('X-API-Key', tn.apiKey)
    .send({ url: 'http://127.0.0.1:9/hook', events: ['*'] });
  expect(ep.status).toBe(201);
  const endpointId = ep.body.data.id as string;
  for (const [i, [lastError, code]] of CASES.entries()) {
    await ownerQuery(
      `INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id, event_type, status, attempts,
         last_status_code, last_error, updated_at)
       VALUES (gen_random_uuid(), $1, $2, $3, 'order.created', 'FAILED', 1, $4, $5, now())`,
      [tn.tenantId, endpointId, `evt_scrub_${i}`, code, lastError],
    );
  }

  await ownerQuery(readFileSync(MIGRATION, 'utf8'));

  const rows = await ownerQuery<{ event_id: string; last_error: string | null }>(
    'SELECT event_id, last_error FROM webhook_deliveries WHERE endpoint_id = $1',
    [endpointId],
  );
  const after = new Map(rows.map((r) => [r.event_id, r.last_error]));
  expect(CASES.map((_, i) => after.get(`evt_scrub_${i}`))).toEqual(CASES.map((c) => c[2]));

  // What the merchant reads: no address anywhere, and the table is FORCE RLS again.
  const log = await request(t.app)
    .get(`/api/v1/webhook-endpoints/${endpointId}/deliveries?limit=100`)
    .set('X-API-Key', tn.apiKey);
  expect(log.status).toBe(200);
  expect(JSON.stringify(log.body)).not.toMatch(/\d+\.\d+\.\d+\.\d+|html|internal\.example/);
  const [force] = await ownerQuery<{ relforcerowsecurity: boolean }>(
    "SELECT relforcerowsecurity FROM pg_class WHERE relname = 'webhook_deliveries'",
  );
  expect(force!.relforcerowsecurity).toBe(true);
});
