// The promotions module's public surface (docs/architecture.md).
export { promotionsRouter } from './promotions.controller';
export { PromotionsService } from './promotions.service';
export type { PromotionView } from './promotions.schemas';
/** The zod schemas openapi.yaml documents (scripts/generate-openapi.ts). */
export { openApiSchemas } from './promotions.schemas';
