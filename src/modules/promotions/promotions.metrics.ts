// The promotions module's metric: promotion_redemptions_total{type}, a promotion applied to a
// placed order (POST /orders or a cart's completion), counted after the order's commit. The
// label is the promotion's type, three values at most (an unknown type is not counted).
import type { AppContext } from '../../platform/app-context';
import { PROMOTION_TYPES, type PromotionType } from './promotions.schemas';

export function promotionMetrics(ctx: AppContext) {
  return {
    redemptions: ctx.metrics.counter(
      'promotion_redemptions_total',
      'Promotions applied to placed orders, by promotion type',
      ['type'] as const,
    ),
  };
}

const isType = (t: string): t is PromotionType => (PROMOTION_TYPES as readonly string[]).includes(t);

/** Counts the promotions an order applied (call it after the order's commit). */
export function countRedemptions(ctx: AppContext, applied: readonly { type: string }[]): void {
  if (applied.length === 0) return;
  const { redemptions } = promotionMetrics(ctx);
  for (const a of applied) if (isType(a.type)) redemptions.inc({ type: a.type });
}
