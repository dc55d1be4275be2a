// Per-request context carried through async calls (AsyncLocalStorage), so every log
// line of a request carries its correlation id without passing it around.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

export interface RequestStore {
  correlationId: string;
}

export const requestStore = new AsyncLocalStorage<RequestStore>();

const SANE_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Echo a sane x-correlation-id, else generate one; run the rest of the request inside it. */
export const correlationMiddleware: RequestHandler = (req, res, next) => {
  const incoming = req.headers['x-correlation-id'];
  const id = typeof incoming === 'string' && SANE_ID.test(incoming) ? incoming : randomUUID();
  req.correlationId = id;
  res.setHeader('x-correlation-id', id);
  requestStore.run({ correlationId: id }, () => next());
};
