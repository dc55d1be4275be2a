// A Prisma `select` of exactly the fields of a zod object (a view), so the columns a view
// reads are named once, by the view's schema.
import type { z } from 'zod';

export function selectFields<S extends z.ZodObject>(schema: S): { [K in keyof z.infer<S>]: true } {
  return Object.fromEntries(Object.keys(schema.shape).map((k) => [k, true])) as { [K in keyof z.infer<S>]: true };
}
