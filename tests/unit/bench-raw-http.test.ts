// The bench's lean HTTP client (bench/lib/raw-http.ts) against a real node:http server: every
// request settles with the right status (sized, chunked and empty bodies), sockets are reused
// and bounded, and a dropped or silent connection is an error, never a hang.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { completeResponseLength, RawHttpPool } from '../../bench/lib/raw-http';

let server: http.Server;
let port: number;
const sockets = new Set<Socket>();
let inFlight = 0;
let maxInFlight = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('finish', () => inFlight--);
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://x');
      const delay = Number(url.searchParams.get('delay') ?? 0);
      setTimeout(() => {
        if (url.pathname === '/sized')
          res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ body }));
        else if (url.pathname === '/chunked') {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.write('part one, ');
          res.end('part two');
        } else if (url.pathname === '/empty') res.writeHead(204).end();
        else if (url.pathname === '/close') res.writeHead(200, { connection: 'close' }).end('bye');
        else if (url.pathname === '/drop') req.socket.destroy();
        else if (url.pathname === '/silent') return;
        else res.writeHead(404).end('no');
      }, delay);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => server.close(r));
});

const req = (path: string, body?: string) => ({
  method: body ? 'POST' : 'GET',
  path,
  headers: { 'content-type': 'application/json' },
  body,
});

it('reads sized, chunked and empty responses, one after another on one reused socket', async () => {
  const pool = new RawHttpPool('127.0.0.1', port, 4, 2000);
  try {
    for (let i = 0; i < 3; i++) {
      expect(await pool.request(req('/sized', `{"i":${i}}`))).toEqual({ status: 201 });
      expect(await pool.request(req('/chunked'))).toEqual({ status: 200 });
      expect(await pool.request(req('/empty'))).toEqual({ status: 204 });
      expect(await pool.request(req('/nope'))).toEqual({ status: 404 });
    }
    expect(sockets.size).toBe(1);
  } finally {
    pool.close();
  }
});

it('holds at most maxSockets connections; the other requests wait for one', async () => {
  const pool = new RawHttpPool('127.0.0.1', port, 2, 5000);
  maxInFlight = 0;
  try {
    const all = await Promise.all(Array.from({ length: 6 }, () => pool.request(req('/sized?delay=50', '{}'))));
    expect(all.every((r) => r.status === 201)).toBe(true);
    expect(maxInFlight).toBe(2);
  } finally {
    pool.close();
  }
});

it('a response with Connection: close, a dropped socket and a silent server settle', async () => {
  const pool = new RawHttpPool('127.0.0.1', port, 4, 300);
  try {
    expect(await pool.request(req('/close'))).toEqual({ status: 200 });
    expect(await pool.request(req('/sized', '{}'))).toEqual({ status: 201 }); // on a new socket
    await expect(pool.request(req('/drop'))).rejects.toMatchObject({ code: 'ECONNRESET' });
    await expect(pool.request(req('/silent'))).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(await pool.request(req('/sized', '{}'))).toEqual({ status: 201 });
  } finally {
    pool.close();
  }
});

it('keepBody resolves with the body bytes (the checkout flow reads ids from them), only when asked', async () => {
  const pool = new RawHttpPool('127.0.0.1', port, 2, 2000);
  try {
    const r = await pool.request({ ...req('/sized', '{"id":"c1"}'), keepBody: true });
    expect(r.status).toBe(201);
    expect(JSON.parse(r.body!.toString())).toEqual({ body: '{"id":"c1"}' });
    const chunked = await pool.request({ ...req('/chunked'), keepBody: true });
    expect(chunked.body!.toString()).toBe('part one, part two');
    expect((await pool.request({ ...req('/empty'), keepBody: true })).body).toEqual(Buffer.alloc(0));
    expect(await pool.request(req('/sized', '{}'))).toEqual({ status: 201 });
  } finally {
    pool.close();
  }
});

it('completeResponseLength waits for the whole body', () => {
  const head = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n';
  expect(completeResponseLength(Buffer.from(`${head}abc`))).toBeNull();
  expect(completeResponseLength(Buffer.from(`${head}abcdeHTTP/1.1`))).toEqual({
    length: head.length + 5,
    status: 200,
    close: false,
  });
  const empty = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n';
  expect(completeResponseLength(Buffer.from(empty))).toBeNull();
  expect(completeResponseLength(Buffer.from(`${empty}0\r\n\r\n`))).toEqual({
    length: empty.length + 5,
    status: 200,
    close: false,
  });
  const chunked = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n';
  expect(completeResponseLength(Buffer.from(chunked))).toBeNull();
  expect(completeResponseLength(Buffer.from(`${chunked}0\r\n\r\n`))).toEqual({
    length: chunked.length + 5,
    status: 200,
    close: false,
  });
});
