// Two helpers that keep Express's per-request walk short. Every layer Express visits costs a
// path match and a `next` hop, and a router that matches nothing hands the request on through
// setImmediate; under load these were among the largest costs of the middleware stack.
import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';

/** A request step: returns nothing when done synchronously, a promise when it had to wait;
 * throws (or rejects with) an error to end the request with it. */
export type Stage = (req: Request, res: Response) => void | Promise<void>;

/** Runs stages in order as one middleware, without a promise unless a stage needs one; then
 * hands the request to `then` (if given) as the same layer, else to the next layer. */
export function stages(list: Stage[], then?: RequestHandler): RequestHandler {
  const run = (from: number, req: Request, res: Response, next: NextFunction): void => {
    for (let i = from; i < list.length; i++) {
      let pending: void | Promise<void>;
      try {
        pending = list[i]!(req, res);
      } catch (err) {
        next(err);
        return;
      }
      if (pending) {
        pending.then(() => run(i + 1, req, res, next), next);
        return;
      }
    }
    if (then) void then(req, res, next);
    else next();
  };
  return (req, res, next) => run(0, req, res, next);
}

/** The first path segments a router's routes can match, or undefined if it can't tell. */
function firstSegments(router: Router): Set<string> | undefined {
  const layers = (router as unknown as { stack: Array<{ route?: { path: unknown } }> }).stack;
  if (layers.some((l) => !l.route || typeof l.route.path !== 'string')) return undefined;
  const first = new Set(layers.map((l) => (l.route!.path as string).split('/')[1]!));
  if (first.has('') || [...first].some((f) => f.startsWith(':') || /[*?(){}]/.test(f))) return undefined;
  return first;
}

/**
 * One middleware in front of several routers: by the request path's first segment it runs only
 * the routers that can match it, in their original order. A router whose routes it cannot
 * analyse runs for every path; `segments` overrides the analysis for one router.
 */
export function dispatch(routers: Array<Router | { router: Router; segments: string[] }>): RequestHandler {
  const entries = routers.map((r) =>
    'segments' in r ? { router: r.router, first: new Set(r.segments) } : { router: r, first: firstSegments(r) },
  );
  const all = new Set(entries.flatMap((e) => [...(e.first ?? [])]));
  const bySegment = new Map<string, Router[]>();
  for (const seg of all)
    bySegment.set(
      seg,
      entries.filter((e) => !e.first || e.first.has(seg)).map((e) => e.router),
    );
  const everywhere = entries.filter((e) => !e.first).map((e) => e.router);

  const chain = (list: Router[], i: number, req: Request, res: Response, next: NextFunction): void => {
    if (i === list.length - 1) {
      list[i]!(req, res, next); // the last one needs no hop of ours
      return;
    }
    list[i]!(req, res, (err?: unknown) => {
      if (err !== undefined && err !== null) next(err);
      else chain(list, i + 1, req, res, next);
    });
  };
  return (req, res, next) => {
    const path = req.path;
    const end = path.indexOf('/', 1);
    const list = bySegment.get(end === -1 ? path.slice(1) : path.slice(1, end)) ?? everywhere;
    if (list.length === 0) return next();
    chain(list, 0, req, res, next);
  };
}
