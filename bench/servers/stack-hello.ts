// The full platform middleware stack (request prelude: correlation id, security headers,
// request log, metrics, body parsing; per-IP and per-principal rate limits in Redis, tenant
// resolution, the module dispatch, envelope) in front of one hello route. Runs the compiled
// build (dist/, `npm run build`) as production does. Prints "LISTENING <port>".
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Router } from 'express';
import type * as AppModule from '../../src/app';
import type * as Modules from '../../src/modules';
import type * as Bootstrap from '../../src/platform/bootstrap';
import type * as Config from '../../src/platform/config';

const DIST = path.resolve(__dirname, '..', '..', 'dist', 'src');
const load = <T>(p: string): T => require(path.join(DIST, p)) as T;

async function main(): Promise<void> {
  const { createApp } = load<typeof AppModule>('app');
  const { apiRouters } = load<typeof Modules>('modules');
  const { createContext } = load<typeof Bootstrap>('platform/bootstrap');
  const { loadConfig } = load<typeof Config>('platform/config');
  const ctx = await createContext(loadConfig());
  const body = JSON.parse(process.env.BASELINE_BODY ?? '{"success":true,"data":{},"error":null}') as unknown;
  // Mounted like every module's routes: under /api/v1, after rate limiting and authentication.
  apiRouters.push(() =>
    Router().get('/hello', (_req, res) => {
      res.json(body);
    }),
  );
  const app = createApp(ctx);
  const server = app.listen(0, '127.0.0.1', () => {
    console.log(`LISTENING ${(server.address() as AddressInfo).port}`);
  });
  server.keepAliveTimeout = 65_000;
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
