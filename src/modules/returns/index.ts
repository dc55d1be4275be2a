// The returns module's public surface (docs/architecture.md).
export { returnsRouter } from './returns.controller';
export { ReturnsService } from './returns.service';
export type { ReturnView } from './returns.schemas';
/** The zod schemas openapi.yaml documents (scripts/generate-openapi.ts). */
export { openApiSchemas } from './returns.schemas';
