// The global JSON body stage leaves alone the routes that parse their own body (the Stripe
// webhook reads the raw bytes its signature covers through express.raw on its route).
import type { AddressInfo } from 'node:net';
import express from 'express';
import { stages } from '../../src/platform/http/dispatch';
import { bodyStage } from '../../src/platform/http/prelude';
import { ownBodyPaths } from '../../src/modules';

function server(except: readonly string[]) {
  const app = express();
  const r = express.Router();
  r.post('/raw', express.raw({ type: 'application/json' }), (req, res) => {
    res.json({ raw: Buffer.isBuffer(req.body) ? (req.body as Buffer).toString('utf8') : null });
  });
  r.post('/json', (req, res) => {
    res.json({ parsed: req.body as unknown });
  });
  app.use('/api', stages([bodyStage(express.json(), { except })], r));
  return new Promise<{ url: string; close: () => void }>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/api`, close: () => s.close() }),
    );
  });
}

// Bytes a JSON parse and re-serialisation would not give back: spacing, key order, a duplicate key.
const payload = '{ "b": 1,\n  "a": "x", "a": "y" }';
const post = (url: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload }).then(async (r) => ({
    status: r.status,
    body: (await r.json()) as unknown,
  }));

describe('bodyStage except', () => {
  it('hands the exact bytes to a route with its own parser, however the path is spelled', async () => {
    const s = await server(['/raw']);
    try {
      expect(await post(`${s.url}/raw`)).toEqual({ status: 200, body: { raw: payload } });
      expect(await post(`${s.url}/RAW/`)).toEqual({ status: 200, body: { raw: payload } });
      expect(await post(`${s.url}/json`)).toEqual({ status: 200, body: { parsed: { b: 1, a: 'y' } } });
    } finally {
      s.close();
    }
  });

  it('without the exception the JSON stage consumes the body first', async () => {
    const s = await server([]);
    try {
      expect(await post(`${s.url}/raw`)).toEqual({ status: 200, body: { raw: null } });
    } finally {
      s.close();
    }
  });

  it('the app skips the Stripe webhook', () => {
    expect(ownBodyPaths).toContain('/webhooks/stripe');
  });
});
