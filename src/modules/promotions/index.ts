// The promotions module's public surface (docs/architecture.md).
export { promotionsRouter } from './promotions.controller';
export { PromotionsService } from './promotions.service';
export type { PromotionView } from './promotions.schemas';
/** The zod schemas openapi.yaml documents (scripts/generate-openapi.ts). */
export { openApiSchemas } from './promotions.schemas';
/** Pricing with promotions (carts, completion, POST /orders). */
export {
  discountCodeInvalid,
  discountedSubtotal,
  evaluatePromotions,
  evaluateWithShipping,
  toEvaluatedLines,
  type AppliedDiscount,
  type CodeStatus,
  type EvaluatedLine,
  type Evaluation,
  type EvaluationInput,
  type ProductTags,
  type PromotionCandidate,
} from './promotions.evaluate';
export {
  currentPersonUses,
  promotionsRead,
  type PromotionColumns,
  type PromotionsRead,
  lineTagsSql,
  parseProductTags,
} from './promotions.lookup';
/** A cancelled or expired order's uses back, in the cancelling transaction (orders.transitions). */
export { releasePromotionUses } from './promotions.repository';
/** promotion_redemptions_total{type}: call after a placed order's commit. */
export { countRedemptions, promotionMetrics } from './promotions.metrics';
