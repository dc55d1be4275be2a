// openapi.yaml must say the same as the code: every route the app serves is documented with
// its method, and every documented operation exists.
import type { Router } from 'express';
import { apiRouters, rootRouters } from '../../src/modules';
import { loadOpenApi } from '../../src/platform/openapi';
import { makeTestApp, type TestApp } from '../helpers/app';

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
