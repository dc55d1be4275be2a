// An HTTP server that closes the way a load balancer expects. Node's own server.close() does
// not: it destroys every idle keep-alive connection at once, which resets a request a client
// (or a proxy reusing a pooled connection) was sending on it in that instant, and it never
// closes a connection that was busy, so under steady keep-alive load it never finishes.
//
// Here, close() stops accepting; from then on every response not yet started says
// `Connection: close`, so a busy connection ends right after a response the client has read;
// an idle connection is closed only once it has sat idle for `quietMs`: a client sends its next
// request on a keep-alive connection within milliseconds of a response, and a proxy drops a
// pooled connection it no longer uses after its own idle timeout (ops/nginx/commerce.conf keeps
// it below IDLE_QUIET_MS), so neither is sending on a connection when it is closed.
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

/** The response of the last request read on a connection (it is idle once that one finished). */
const kLast = Symbol('lastResponse');
type Tracked = Socket & { [kLast]?: ServerResponse };

/** How long a connection must have been idle before close() closes it (ms). */
export const IDLE_QUIET_MS = 1500;
const SWEEP_MS = 50;

export interface DrainableServer {
  server: Server;
  /**
   * Stops accepting, then closes each connection: a busy one after its response, an idle one
   * once idle for `quietMs`. Resolves when no connection is left.
   */
  close(quietMs?: number): Promise<void>;
}

const idle = (s: Tracked): boolean => s[kLast] === undefined || s[kLast].writableFinished;

export function drainableServer(handler: RequestListener): DrainableServer {
  let closing = false;
  const sockets = new Set<Tracked>();
  // Per connection, not per request: the idle bookkeeping runs only once closing.
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    (req.socket as Tracked)[kLast] = res;
    if (closing) res.setHeader('Connection', 'close');
    handler(req, res);
  });
  server.on('connection', (s: Tracked) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });

  // When each connection was first seen idle, and after which response.
  const idleSince = new Map<Tracked, { res: ServerResponse | undefined; at: number }>();
  const sweep = (quietMs: number): void => {
    const now = Date.now();
    for (const s of sockets) {
      if (!idle(s)) {
        idleSince.delete(s);
        continue;
      }
      const seen = idleSince.get(s);
      if (!seen || seen.res !== s[kLast]) idleSince.set(s, { res: s[kLast], at: now });
      else if (now - seen.at >= quietMs) s.destroy();
    }
    for (const s of idleSince.keys()) if (!sockets.has(s)) idleSince.delete(s);
  };

  const close = (quietMs = IDLE_QUIET_MS): Promise<void> => {
    closing = true;
    // Requests already read but not yet answered end their connection too.
    for (const s of sockets) {
      const res = s[kLast];
      if (res && !res.headersSent) res.setHeader('Connection', 'close');
    }
    return new Promise<void>((resolve) => {
      // net.Server's close only stops accepting; http.Server's would also destroy every idle
      // connection at once (Node >= 19), the reset this module exists to avoid.
      NetServer.prototype.close.call(server, () => {
        clearInterval(timer);
        resolve();
      });
      const timer = setInterval(() => sweep(quietMs), SWEEP_MS);
      sweep(quietMs);
    });
  };

  return { server, close };
}
