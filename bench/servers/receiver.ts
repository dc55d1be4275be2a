// Fast local webhook receiver: answers 204 at once, counts deliveries (distinct webhook-id per
// path) and records the first and last receipt times. GET /stats → counts; POST /reset clears.
// Prints "LISTENING <port>".
import http from 'node:http';
import type { AddressInfo } from 'node:net';

let count = 0;
let first = 0;
let last = 0;
const seen = new Set<string>();

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ count, distinct: seen.size, first, last }));
    return;
  }
  if (req.method === 'POST' && req.url === '/reset') {
    count = 0;
    first = 0;
    last = 0;
    seen.clear();
    res.writeHead(204).end();
    return;
  }
  req.on('data', () => undefined);
  req.on('end', () => {
    const now = Date.now();
    count += 1;
    if (first === 0) first = now;
    last = now;
    const id = req.headers['webhook-id'];
    if (typeof id === 'string' && req.headers['webhook-signature']) seen.add(`${req.url} ${id}`);
    res.writeHead(204).end();
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  console.log(`LISTENING ${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
