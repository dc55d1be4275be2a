// A lean keep-alive HTTP/1.1 client for the paced load generator: one request in flight per
// socket, requests written as prebuilt text, responses read as far as their status line and
// length (Content-Length, or chunked up to the last chunk). Node's http client cost ~300 µs of
// CPU per request on this VM (15% of a core at 500 requests/s, taken from the machine under
// test); this one ~130 µs. Every outcome settles: response, socket error, close, timeout.
import net from 'node:net';

export interface RawResponse {
  status: number;
  /** The body (chunked transfer decoded), only for requests with keepBody. */
  body?: Buffer;
}

export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Resolve with the response body too (the checkout flow reads ids from JSON answers). */
  keepBody?: boolean;
}

interface Conn {
  sock: net.Socket;
  buf: Buffer;
  pending: {
    resolve: (r: RawResponse) => void;
    reject: (e: Error) => void;
    timer: NodeJS.Timeout;
    keepBody: boolean;
  } | null;
  closed: boolean;
}

const HEAD_END = Buffer.from('\r\n\r\n');
const LAST_CHUNK = Buffer.from('\r\n0\r\n\r\n');

/** Length (head + body), status and Connection: close of the first response in buf; null until it is all there. */
export function completeResponseLength(buf: Buffer): { length: number; status: number; close: boolean } | null {
  const end = buf.indexOf(HEAD_END);
  if (end < 0) return null;
  const head = buf.toString('latin1', 0, end);
  const status = Number(head.slice(9, 12));
  const close = /\r\nconnection:\s*close/i.test(head);
  const cl = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  const bodyStart = end + HEAD_END.length;
  if (cl) {
    const total = bodyStart + Number(cl[1]);
    return buf.length >= total ? { length: total, status, close } : null;
  }
  if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
    // From the head's last CRLF, so an empty body ("0\r\n\r\n" right away) matches too.
    const last = buf.indexOf(LAST_CHUNK, bodyStart - 2);
    return last < 0 ? null : { length: last + LAST_CHUNK.length, status, close };
  }
  return { length: bodyStart, status, close }; // no body (204, 304) or none announced
}

/** The body of a complete response `buf` (head included): chunked transfer decoded. */
export function responseBody(buf: Buffer): Buffer {
  const end = buf.indexOf(HEAD_END);
  const body = buf.subarray(end + HEAD_END.length);
  if (!/\r\ntransfer-encoding:\s*chunked/i.test(buf.toString('latin1', 0, end))) return Buffer.from(body);
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', at);
    const size = eol < 0 ? 0 : parseInt(body.toString('latin1', at, eol), 16);
    if (!size) break;
    parts.push(body.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** At most maxSockets connections; requests beyond them wait (in order) for a free one. */
export class RawHttpPool {
  private readonly idle: Conn[] = [];
  private readonly all = new Set<Conn>();
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly maxSockets = 64,
    private readonly timeoutMs = 10_000,
  ) {}

  async request(r: RawRequest): Promise<RawResponse> {
    const lines = [`${r.method} ${r.path} HTTP/1.1`, `host: ${this.host}:${this.port}`];
    for (const [k, v] of Object.entries(r.headers)) lines.push(`${k}: ${v}`);
    lines.push(`content-length: ${r.body ? Buffer.byteLength(r.body) : 0}`);
    const text = `${lines.join('\r\n')}\r\n\r\n${r.body ?? ''}`;
    const conn = await this.acquire();
    return new Promise<RawResponse>((resolve, reject) => {
      const timer = setTimeout(
        () => this.fail(conn, Object.assign(new Error('timeout'), { code: 'TIMEOUT' })),
        this.timeoutMs,
      );
      conn.pending = { resolve, reject, timer, keepBody: r.keepBody === true };
      conn.sock.write(text);
    });
  }

  private async acquire(): Promise<Conn> {
    for (;;) {
      const c = this.idle.pop();
      if (c && !c.closed) return c;
      if (!c && this.all.size < this.maxSockets) return this.open();
      if (!c) await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  /** A connection became free (idle) or went away: let the oldest waiting request try again. */
  private release(): void {
    this.waiting.shift()?.();
  }

  close(): void {
    for (const c of [...this.all]) this.drop(c);
    this.idle.length = 0;
  }

  private open(): Conn {
    const c: Conn = { sock: net.connect(this.port, this.host), buf: Buffer.alloc(0), pending: null, closed: false };
    this.all.add(c);
    c.sock.setNoDelay(true);
    c.sock.on('data', (d: Buffer) => {
      c.buf = c.buf.length ? Buffer.concat([c.buf, d]) : d;
      const done = completeResponseLength(c.buf);
      if (!done) return;
      const body = c.pending?.keepBody ? responseBody(c.buf.subarray(0, done.length)) : undefined;
      c.buf = c.buf.subarray(done.length);
      const p = c.pending;
      c.pending = null;
      if (p) clearTimeout(p.timer);
      if (done.close)
        this.drop(c); // drop() lets a waiting request open a new connection
      else {
        this.idle.push(c);
        this.release();
      }
      p?.resolve(body ? { status: done.status, body } : { status: done.status });
    });
    c.sock.on('error', (e: NodeJS.ErrnoException) => this.fail(c, e));
    c.sock.on('close', () => this.fail(c, Object.assign(new Error('socket closed'), { code: 'ECONNRESET' })));
    return c;
  }

  private drop(c: Conn): void {
    if (c.closed) return;
    c.closed = true;
    this.all.delete(c);
    c.sock.destroy();
    this.release();
  }

  private fail(c: Conn, e: Error): void {
    this.drop(c);
    const p = c.pending;
    c.pending = null;
    if (p) {
      clearTimeout(p.timer);
      p.reject(e);
    }
  }
}
