// GET /audit-logs query and the audit entry view.
import { z } from 'zod';
import type { OpenApiSchemas } from '../../platform/http/schema-registry';
import { pagination } from '../../platform/http/validate';

/** ISO-8601 date-time (with Z or an offset) or a date (midnight UTC). */
const instant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], { message: 'must be an ISO-8601 date or date-time' })
  .transform((s) => new Date(s));

export const listAuditQuery = z
  .object({
    ...pagination,
    resource: z.string().trim().min(1).max(100).optional(),
    resourceId: z.string().trim().min(1).max(200).optional(),
    action: z.enum(['CREATE', 'UPDATE', 'DELETE']).optional(),
    from: instant.optional(),
    to: instant.optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from.getTime() <= q.to.getTime(), {
    message: 'from must not be after to',
    path: ['from'],
  });
export type ListAuditQuery = z.infer<typeof listAuditQuery>;

export const auditLogView = z.object({
  id: z.uuid(),
  action: z.enum(['CREATE', 'UPDATE', 'DELETE']),
  resource: z.string(),
  resourceId: z.string(),
  userId: z.string().nullable().describe("The acting user's id, or the API key's id"),
  changes: z.object({
    before: z.unknown().describe('State before the change (null for CREATE)'),
    after: z.unknown().describe('State after the change'),
  }),
  correlationId: z.string().nullable(),
  timestamp: z.iso.datetime(),
});
export type AuditLogView = z.infer<typeof auditLogView>;

export const openApiSchemas: OpenApiSchemas = { responses: { AuditLog: auditLogView } };
