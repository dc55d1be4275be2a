// Per-request context carried through async calls (AsyncLocalStorage), so every log
// line of a request carries its correlation id without passing it around.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';

export interface RequestStore {
  correlationId: string;
}

export const requestStore = new AsyncLocalStorage<RequestStore>();

const SANE_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** A sane incoming x-correlation-id (≤ 128 chars of [A-Za-z0-9._-]), else a new UUID. */
export function correlationIdOf(req: Request): string {
  const incoming = req.headers['x-correlation-id'];
  return typeof incoming === 'string' && SANE_ID.test(incoming) ? incoming : randomUUID();
}
