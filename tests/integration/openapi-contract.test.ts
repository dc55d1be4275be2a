// openapi.yaml must say the same as the code: every route the app serves is documented with
// its method, and every documented operation exists.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import express, { type Router } from 'express';
import request from 'supertest';
import { apiRouters, rootRouters } from '../../src/modules';
import { loadOpenApi } from '../../src/platform/openapi';
import { makeTestApp, signUpTenant, type TestApp } from '../helpers/app';
import { OpenApiResponseValidator } from '../helpers/openapi-validator';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(async () => t.close());

function routesOf(router: Router, prefix: string): string[] {
  const out: string[] = [];
  for (const layer of (router as unknown as { stack: Layer[] }).stack) {
    if (!layer.route) continue;
    const path = `${prefix}${layer.route.path}`.replace(/:([A-Za-z]+)/g, '{$1}');
    for (const m of Object.keys(layer.route.methods)) if (m !== '_all') out.push(`${m.toUpperCase()} ${path}`);
  }
  return out;
}

it('documents every route the modules serve, and nothing that does not exist', () => {
  const served = new Set([
    ...apiRouters.flatMap((mk) => routesOf(mk(t.ctx), '/api/v1')),
    ...rootRouters.flatMap((mk) => routesOf(mk(t.ctx), '')),
  ]);
  expect(served.size).toBeGreaterThanOrEqual(38);
  const spec = loadOpenApi() as { paths: Record<string, Record<string, unknown>> };
  const documented = new Set<string>();
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const m of ['get', 'post', 'put', 'patch', 'delete'])
      if (item[m]) documented.add(`${m.toUpperCase()} ${path}`);
  }
  const platform = ['GET /health', 'GET /ready', 'GET /metrics', 'GET /openapi.json', 'GET /docs'];
  expect([...served].filter((r) => !documented.has(r))).toEqual([]);
  expect([...documented].filter((r) => !served.has(r) && !platform.includes(r))).toEqual([]);
});

it('every operation declares its error envelope responses', () => {
  const spec = loadOpenApi() as { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };
  const missing: string[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    if (!path.startsWith('/api/v1')) continue;
    for (const [m, op] of Object.entries(item)) {
      if (!['get', 'post', 'patch', 'delete', 'put'].includes(m)) continue;
      const codes = Object.keys(op.responses ?? {});
      if (!codes.some((c) => c.startsWith('4'))) missing.push(`${m.toUpperCase()} ${path}`);
    }
  }
  expect(missing).toEqual([]);
});

it('the committed openapi.yaml is what openapi.src.yaml and the zod schemas generate', () => {
  // A child process, like npm run lint: the generator formats with prettier's ES module build.
  const check = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/generate-openapi.ts', '--check'], {
    cwd: path.resolve(__dirname, '../..'),
    encoding: 'utf8',
  });
  expect(check.stderr).toBe('');
  expect(check.status).toBe(0);
});

describe('response validation against the spec (tests/setup/validate-responses.ts)', () => {
  const v = OpenApiResponseValidator.fromFile();
  const product = async () => {
    const s = await signUpTenant(t.app);
    const res = await request(t.app)
      .post('/api/v1/products')
      .set('X-API-Key', s.apiKey)
      .send({ name: 'Lamp', sku: 'L-1', price: '12.5' })
      .expect(201);
    return res.body as { data: Record<string, unknown> };
  };

  it('accepts what the app sends, and names what drifts: a missing field, a wrong type, an extra field', async () => {
    const body = await product();
    const ok = { method: 'POST', url: '/api/v1/products', status: 201, contentType: 'application/json', body };
    expect(v.check(ok)).toBeNull();
    const { inventory: _dropped, ...withoutInventory } = body.data;
    expect(v.check({ ...ok, body: { ...body, data: withoutInventory } })).toMatch(
      /must have required property 'inventory'/,
    );
    expect(v.check({ ...ok, body: { ...body, data: { ...body.data, price: 12.5 } } })).toMatch(
      /\/data\/price must be string/,
    );
    expect(v.check({ ...ok, body: { ...body, data: { ...body.data, cost: '1.00' } } })).toMatch(
      /additional properties/,
    );
  });

  it('refuses a status the operation does not document, and checks error envelopes', () => {
    const error = { success: false, data: null, error: { code: 'NOT_FOUND', message: 'No product' } };
    const res = {
      method: 'GET',
      url: '/api/v1/products/3f1c5e4e-1111-4222-8333-444455556666',
      contentType: 'application/json',
    };
    expect(v.check({ ...res, status: 404, body: error })).toBeNull();
    expect(v.check({ ...res, status: 418, body: error })).toMatch(/status 418 is not documented/);
    expect(v.check({ ...res, status: 404, body: { error: 'x' } })).toMatch(/must have required property/);
    // A route the spec does not have is not compared.
    expect(v.check({ ...res, url: '/api/v1/nothing', status: 404, body: { oops: true } })).toBeNull();
  });

  it('runs on every supertest response: an undocumented answer fails the request', async () => {
    // A stand-in app that answers what the spec does not say.
    const drifted = express();
    drifted.get('/api/v1/products', (_req, res) => {
      res
        .status(200)
        .json({ success: true, data: [{ id: 'p1' }], meta: { page: 1, limit: 20, total: 1 }, error: null });
    });
    drifted.get('/api/v1/products/:id', (_req, res) => {
      res.status(418).json({ success: false, data: null, error: { code: 'TEAPOT', message: 'no' } });
    });
    await expect(request(drifted).get('/api/v1/products')).rejects.toThrow(/data\/0 must have required property/);
    await expect(request(drifted).get('/api/v1/products/x')).rejects.toThrow(/status 418 is not documented/);
    // The real app's answer to the same call passes.
    const s = await signUpTenant(t.app);
    await request(t.app).get('/api/v1/products').set('X-API-Key', s.apiKey).expect(200);
  });
});
