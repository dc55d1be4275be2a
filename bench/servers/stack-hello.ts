// The full platform middleware stack (correlation id, security headers, request logging,
// metrics, body parsing, per-IP and per-principal rate limits in Redis, tenant resolution,
// every module router, envelope) in front of one hello route. Prints "LISTENING <port>".
import type { AddressInfo } from 'node:net';
import { Router } from 'express';
import { createApp } from '../../src/app';
import { apiRouters } from '../../src/modules';
import { createContext } from '../../src/platform/bootstrap';
import { loadConfig } from '../../src/platform/config';

async function main(): Promise<void> {
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
