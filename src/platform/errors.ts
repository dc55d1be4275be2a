// One error type for the whole API, mapped to the contract's error envelope.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { currentLogger } from './logger';

export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details?: Record<string, unknown>,
    public readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, details?: Record<string, unknown>) =>
  new AppError(400, 'VALIDATION_ERROR', message, details);
export const unauthorized = (message = 'Authentication required') => new AppError(401, 'UNAUTHORIZED', message);
export const forbidden = (message = 'You do not have permission to do this') => new AppError(403, 'FORBIDDEN', message);
export const notFound = (what = 'Resource') => new AppError(404, 'NOT_FOUND', `${what} not found`);
export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(409, code, message, details);
export const unavailable = (message = 'Service temporarily unavailable') =>
  new AppError(503, 'SERVICE_UNAVAILABLE', message);

/** Zod issues → `details.issues: [{path, message, code}]` (path as "a.b.0.c"). */
export function zodDetails(err: ZodError): Record<string, unknown> {
  return {
    issues: err.issues.map((i) => ({
      path: i.path.map(String).join('.'),
      message: i.message,
      code: i.code,
    })),
  };
}

export function errorBody(code: string, message: string, details?: Record<string, unknown>) {
  return {
    success: false as const,
    data: null,
    error: details === undefined ? { code, message } : { code, message, details },
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError(404, 'NOT_FOUND', `No route for ${req.method} ${req.path}`));
};

function isInfraDown(err: unknown): boolean {
  const e = err as { code?: string; message?: string; name?: string };
  const code = e?.code ?? '';
  if (['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', '57P01', '57P03', '53300'].includes(code)) return true;
  const msg = e?.message ?? '';
  return /Connection is closed|Stream isn't writeable|Command timed out|ECONNREFUSED|connect ECONNREFUSED|Can't reach database|terminating connection|Connection terminated/.test(
    msg,
  );
}

export const errorHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) return next(err);
  let status = 500;
  let code = 'INTERNAL_ERROR';
  let message = 'An unexpected error occurred';
  let details: Record<string, unknown> | undefined;
  const e = err as { type?: string; status?: number; code?: string };
  if (err instanceof AppError) {
    ({ status, code, message, details } = err);
    if (err.headers) for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
  } else if (err instanceof ZodError) {
    status = 400;
    code = 'VALIDATION_ERROR';
    message = 'Request validation failed';
    details = zodDetails(err);
  } else if (e?.type === 'entity.parse.failed') {
    status = 400;
    code = 'VALIDATION_ERROR';
    message = 'Malformed JSON body';
  } else if (e?.type === 'entity.too.large') {
    status = 413;
    code = 'PAYLOAD_TOO_LARGE';
    message = 'Request body exceeds 1 MiB';
  } else if (e?.type === 'charset.unsupported' || e?.type === 'encoding.unsupported') {
    status = 415;
    code = 'UNSUPPORTED_MEDIA_TYPE';
    message = 'Unsupported body encoding';
  } else if (isInfraDown(err)) {
    status = 503;
    code = 'SERVICE_UNAVAILABLE';
    message = 'A backing service is unavailable; try again shortly';
  }
  const log = currentLogger();
  if (status >= 500) log.error({ err }, 'request failed');
  res.status(status).json(errorBody(code, message, details));
  void req;
};
