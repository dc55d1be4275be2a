// What every request gets, before Express routes it: a correlation id (echoed or generated)
// carried through async calls, helmet's security headers, and one request log line plus the
// HTTP metrics when the response ends. It wraps the app's request handler rather than being a
// middleware layer, because every layer Express walks costs a path match and a `next` hop per
// request; and it hooks `end` on the app's response prototype (Express's documented extension
// point, `app.response`) rather than adding a 'finish' listener to every response. The JSON
// body is parsed by `bodyStage` under /api/v1, where bodies are read, except on routes that
// parse their own (the Stripe webhook needs the raw bytes its signature covers).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Express, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { correlationIdOf, requestStore } from '../context';
import { recordRequest, type Metrics } from '../metrics';
import type { Stage } from './dispatch';
import { logRequest } from './request-logger';
import type { HeaderList } from './security-headers';

const kStart = Symbol('requestStart');
type Timed = Response & { [kStart]: number };
type Handle = (req: IncomingMessage, res: ServerResponse, done?: (err?: unknown) => void) => void;

export interface PreludeOptions {
  logger: Logger;
  metrics: Metrics;
  headers: HeaderList;
}

/** Installs the prelude in front of the app's router (Express calls `app.handle` per request). */
export function installRequestPrelude(app: Express, { logger, metrics, headers }: PreludeOptions): void {
  // Every way a response ends goes through res.end (res.send/json, stream.pipe(res), redirects);
  // a response cut off by the client never ends and is not counted (nor does it 'finish').
  type End = (this: Timed, chunk?: unknown, encoding?: unknown, cb?: unknown) => unknown;
  const response = app.response as unknown as { end: End };
  const end = response.end;
  // Node's end() treats an undefined argument as absent, so passing three never changes its meaning.
  response.end = function (this: Timed, chunk?: unknown, encoding?: unknown, cb?: unknown) {
    if (!this.writableEnded && this[kStart] !== undefined) {
      const ms = performance.now() - this[kStart];
      recordRequest(metrics, this.req, this, ms / 1000);
      logRequest(logger, this.req, this, ms);
    }
    return end.call(this, chunk, encoding, cb);
  };
  const target = app as unknown as { handle: Handle };
  const handle = target.handle.bind(app) as Handle;
  target.handle = (req, res, done) => {
    (res as Timed)[kStart] = performance.now();
    const id = correlationIdOf(req as Request);
    (req as Request).correlationId = id;
    res.setHeader('x-correlation-id', id);
    for (const [name, value] of headers) res.setHeader(name, value);
    requestStore.run({ correlationId: id }, handle, req, res, done);
  };
}

/** Whether the request has a body (type-is' hasBody). */
const hasBody = (req: Request): boolean =>
  req.headers['transfer-encoding'] !== undefined || !Number.isNaN(Number(req.headers['content-length']));

/** A request path as Express routes it by default: case-insensitive, a trailing slash optional. */
const routedPath = (path: string): string => (path.length > 1 ? path.replace(/\/$/, '') : path).toLowerCase();

/**
 * Runs a body parser (e.g. express.json) as a request stage, only for requests with a body.
 * `except`: paths (as the mount sees them, e.g. '/webhooks/stripe') whose route mounts a
 * parser of its own, such as `express.raw`; a body is read once, so this one must leave them.
 */
export function bodyStage(parser: RequestHandler, opts: { except?: readonly string[] } = {}): Stage {
  const except = new Set((opts.except ?? []).map(routedPath));
  return (req, res) => {
    if (!hasBody(req)) return;
    if (except.size > 0 && except.has(routedPath(req.path))) return;
    return new Promise<void>((resolve, reject) => {
      void parser(req, res, (err?: unknown) => (err ? reject(err) : resolve()));
    });
  };
}
