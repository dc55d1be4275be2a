// The audit module's public surface (docs/architecture.md): what other modules, the workers
// and the composition root may import. Everything else in this folder is private to it.
export { auditRouter } from './audit.controller';
export { AuditService } from './audit.service';
export { auditInsert, type AuditAction, type AuditEntry } from './audit.repository';
export type { AuditLogView } from './audit.schemas';
/** The zod schemas openapi.yaml documents (scripts/generate-openapi.ts). */
export { openApiSchemas } from './audit.schemas';
