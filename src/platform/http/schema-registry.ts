// The named zod schemas each module documents: scripts/generate-openapi.ts turns them into
// openapi.yaml's components.schemas. Requests are documented as the JSON they accept (zod's
// input side, before transforms and defaults); responses as the JSON they produce (output).
import type { z } from 'zod';

export interface OpenApiSchemas {
  requests?: Record<string, z.ZodType>;
  responses?: Record<string, z.ZodType>;
}

/** What a schema with a transform is documented as, since a transform has no JSON Schema. */
export const documentedAs = new Map<z.ZodType, { input?: object; output?: object }>();
