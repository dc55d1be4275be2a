// Database errors that services turn into API errors.

/**
 * A Prisma unique-constraint violation (P2002) on `field`, e.g. the (tenant_id, sku) index.
 * Through the pg driver adapter the column names sit in `meta.target` or in the adapter's
 * `meta.driverAdapterError.cause.constraint`, so the whole of `meta` is searched.
 */
export function isUniqueViolation(e: unknown, field: string): boolean {
  const err = e as { code?: string; meta?: unknown } | null | undefined;
  if (err?.code !== 'P2002') return false;
  return JSON.stringify(err.meta ?? {}).includes(field);
}
