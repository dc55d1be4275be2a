// A baseline server answering every request with the scenario's JSON body:
//   BASELINE_KIND=express → a bare Express 5 app with one route (express.json() for bodies);
//   BASELINE_KIND=raw     → node:http, reading the request body and JSON-parsing it.
// Both JSON.stringify the body per request, as the API does. Prints "LISTENING <port>".
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

const kind = process.env.BASELINE_KIND ?? 'express';
const body: unknown = JSON.parse(process.env.BASELINE_BODY ?? '{"success":true,"data":{},"error":null}');
const status = Number(process.env.BASELINE_STATUS ?? 200);
const method = (process.env.BASELINE_METHOD ?? 'GET').toLowerCase();
const route = process.env.BASELINE_ROUTE ?? '/api/v1/x';

let server: http.Server;
if (kind === 'express') {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const handler: express.RequestHandler = (_req, res) => {
    res.status(status).json(body);
  };
  if (method === 'post') app.post(route, express.json(), handler);
  else app.get(route, handler);
  server = http.createServer(app);
} else {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (chunks.length > 0) JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const s = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(s),
      });
      res.end(s);
    });
  });
}
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  console.log(`LISTENING ${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
