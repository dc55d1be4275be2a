// Helmet's security headers, computed once. helmet() runs ~13 small middlewares per request
// that always set the same values (no per-request nonce is configured), so we run it once
// against a recording response at start-up and then set the recorded headers directly.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

export function securityHeaders(options?: Parameters<typeof helmet>[0]): RequestHandler {
  const recorded: Array<[string, string | number | readonly string[]]> = [];
  const removed: string[] = [];
  const fakeRes = {
    setHeader(name: string, value: string | number | readonly string[]) {
      recorded.push([name, value]);
      return fakeRes;
    },
    removeHeader(name: string) {
      removed.push(name);
    },
    getHeader: () => undefined,
  };
  let called = false;
  helmet(options)(
    { headers: {}, method: 'GET', url: '/' } as IncomingMessage,
    fakeRes as unknown as ServerResponse,
    () => {
      called = true;
    },
  );
  if (!called) throw new Error('helmet did not complete synchronously; cannot precompute its headers');
  return (_req, res, next) => {
    for (const [name, value] of recorded) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name);
    next();
  };
}
