// A Redis that requires a password (docker-compose.yml gives it one) works through
// REDIS_URL=redis://:password@host:port on every connection the app makes: the shared client
// behind /ready, the BullMQ connections of the workers, and the embedded-services decision.
import { spawn, type ChildProcess } from 'node:child_process';
import pino from 'pino';
import request from 'supertest';
import { canConnect, ensureServices, freePort } from '../../src/platform/embedded';
import { closeRedis, connectRedis, createBullConnection, createRedis } from '../../src/platform/redis';
import { makeTestApp, testConfig } from '../helpers/app';

const PASSWORD = 'dev-pass:with/odd@chars';
let server: ChildProcess;
let port: number;
let url: string;

beforeAll(async () => {
  port = await freePort();
  server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--requirepass', PASSWORD],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 50 && !(await canConnect('127.0.0.1', port, 200)); i++)
    await new Promise((r) => setTimeout(r, 100));
  url = `redis://:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}`;
});

afterAll(async () => {
  if (server.exitCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM'); // by pid: only the server this file started
    await exited;
  }
});

it('serves /ready with redis ok through a REDIS_URL carrying the password', async () => {
  const t = await makeTestApp({ REDIS_URL: url });
  try {
    const res = await request(t.app).get('/ready');
    expect(res.body).toEqual({ status: 'ready', db: 'ok', redis: 'ok' });
  } finally {
    await t.close();
  }
});

it('opens BullMQ connections with it, and is refused without it', async () => {
  const bull = createBullConnection(url);
  try {
    expect(await bull.ping()).toBe('PONG');
  } finally {
    bull.disconnect();
  }
  for (const wrong of [`redis://127.0.0.1:${port}`, `redis://:not-it@127.0.0.1:${port}`]) {
    const client = createRedis(wrong, { retryStrategy: () => null });
    client.on('error', () => undefined);
    // One line that says what to do, not ioredis' bare "Connection is closed."
    await expect(connectRedis(client)).rejects.toThrow(
      new RegExp(`^Redis at 127\\.0\\.0\\.1:${port} refused the credentials .*put its password in REDIS_URL`),
    );
    await closeRedis(client);
  }
});

it('uses a configured REDIS_URL with a password as it is, starting no redis-server', async () => {
  const s = await ensureServices(testConfig({ REDIS_URL: url, EMBEDDED_POSTGRES: 'never' }), pino({ level: 'silent' }));
  try {
    expect(s.config.REDIS_URL).toBe(url);
  } finally {
    await s.stop();
  }
});
