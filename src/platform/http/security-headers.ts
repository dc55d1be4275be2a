// Helmet's security headers, computed once. helmet() runs ~13 small middlewares per request
// that always set the same values (no per-request nonce is configured), so we run it once
// against a recording response at start-up; the request prelude sets the recorded headers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

export type HeaderList = ReadonlyArray<readonly [string, string | number | readonly string[]]>;

/** The headers helmet(options) sets on every response (helmet only removes X-Powered-By, which
 * the app never sends: `app.disable('x-powered-by')`). */
export function securityHeaderList(options?: Parameters<typeof helmet>[0]): HeaderList {
  const recorded: Array<[string, string | number | readonly string[]]> = [];
  const removed: string[] = [];
  const fakeRes = {
    setHeader(name: string, value: string | number | readonly string[]) {
      recorded.push([name.toLowerCase(), value]); // lower case: what HTTP/2 sends, and no per-request copy in setHeader
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
  const unexpected = removed.filter((h) => h.toLowerCase() !== 'x-powered-by');
  if (unexpected.length) throw new Error(`helmet removes headers we do not handle: ${unexpected.join(', ')}`);
  return recorded;
}
