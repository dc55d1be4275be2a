// pino JSON logs: secrets redacted, e-mails masked, the request's correlation id on every line.
import pino, { type Logger } from 'pino';
import { requestStore } from './context';

const SECRET_KEYS = [
  'password',
  'newPassword',
  'passwordHash',
  'token',
  'accessToken',
  'refreshToken',
  'mfaToken',
  'apiKey',
  'secret',
  'recoveryCodes',
  'clientSecret',
  'authorization',
  'cookie',
  'x-api-key',
];

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["stripe-signature"]',
  'res.headers["set-cookie"]',
  ...SECRET_KEYS.flatMap((k) => [`${k}`, `*.${k}`, `*.*.${k}`]).filter((p) => !p.includes('-')),
  '*["x-api-key"]',
];

const EMAIL_RE = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
const EMAIL_TEST = /[A-Za-z0-9._%+-]@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
export const maskEmails = (s: string): string => s.replace(EMAIL_RE, '$1***@$2');

/** Cheap scan: does any string inside contain an e-mail? (Avoids copying every log object.) */
function hasEmail(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return v.includes('@') && EMAIL_TEST.test(v);
  if (depth > 6 || v === null || typeof v !== 'object' || v instanceof Error) return false;
  if (Array.isArray(v)) return v.some((x) => hasEmail(x, depth + 1));
  for (const k in v as Record<string, unknown>) if (hasEmail((v as Record<string, unknown>)[k], depth + 1)) return true;
  return false;
}

function maskDeep(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') return v.includes('@') ? maskEmails(v) : v;
  if (depth > 6 || v === null || typeof v !== 'object') return v;
  if (v instanceof Error) return v;
  if (Array.isArray(v)) return v.map((x) => maskDeep(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = maskDeep(x, depth + 1);
  return out;
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      mixin() {
        const s = requestStore.getStore();
        return s ? { correlationId: s.correlationId } : {};
      },
      formatters: {
        level: (label) => ({ level: label }),
        log: (obj) => (hasEmail(obj) ? (maskDeep(obj) as Record<string, unknown>) : obj),
      },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === 'string' && a.includes('@') ? maskEmails(a) : a));
          return method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

let rootLogger: Logger = createLogger(process.env.LOG_LEVEL ?? 'info');

export function setRootLogger(l: Logger): void {
  rootLogger = l;
}

export const currentLogger = (): Logger => rootLogger;
