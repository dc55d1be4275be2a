// zod parsing for controllers: body, query and params. A failure throws a ZodError, which
// the error handler turns into 400 VALIDATION_ERROR with every issue's path.
import type { Request } from 'express';
import { z } from 'zod';

export function parseBody<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  return schema.parse(req.body ?? {});
}

export function parseQuery<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  return schema.parse({ ...(req.query as Record<string, unknown>) });
}

export function parseParams<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  return schema.parse(req.params);
}

export const uuidParam = z.string().uuid({ message: 'must be a UUID' });
export const idParams = z.object({ id: uuidParam }).strict();

/** `?page=1&limit=20`, limit 1–100. */
export const pagination = {
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
};
export const paginationQuery = z.object(pagination).strict();
export type Pagination = { page: number; limit: number };
export const skipTake = (p: Pagination) => ({ skip: (p.page - 1) * p.limit, take: p.limit });

/** Query-string booleans: "true" / "false". */
export const queryBool = z.enum(['true', 'false']).transform((v) => v === 'true');

/**
 * A zod superRefine for an array of lines: a line naming what an earlier line named is an
 * issue at its own index (`key` gives the field, the id compared case-insensitively and the
 * noun of the message; null skips the line).
 */
export function distinctLines<T>(key: (item: T) => { field: string; id: string; noun: string } | null) {
  return (items: T[], c: z.RefinementCtx): void => {
    const seen = new Set<string>();
    items.forEach((it, i) => {
      const k = key(it);
      if (!k) return;
      const id = k.id.toLowerCase();
      if (seen.has(id))
        c.addIssue({ code: 'custom', path: [i, k.field], message: `duplicate ${k.noun}: lines must be distinct` });
      seen.add(id);
    });
  };
}
