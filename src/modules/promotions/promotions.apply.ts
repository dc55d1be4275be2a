// Promotion allocation (contract part 2, "Promotions"): which of the eligible promotions apply
// to a cart and how much each one takes off every line. Pure (no I/O, no clock) and exact:
// integer minor units (bigint), so the per-line shares always add up to the promotion's amount
// and can be handed to priceCart (pricing-engine.ts) as `discount`, which taxes after them.
//
// The caller has already filtered status, dates and usage limits, and expanded categoryIds to
// their descendants; this module only orders, matches, caps and splits.
import { fromMinor, minorDigits, toScaled } from '../../platform/money';

export type PromotionType = 'percentage' | 'fixed_amount' | 'free_shipping';

export interface PromotionRule {
  id: string;
  code: string | null;
  type: PromotionType;
  /** Percent "0.01".."100" (up to 2 decimals) or an amount in the currency; null for free_shipping. */
  value: string | null;
  /** All empty = the whole order; categoryIds already include descendants. */
  appliesTo: { productIds: string[]; categoryIds: string[]; collectionIds: string[] };
  /** Inclusive, against the subtotal of the lines it applies to, before any discount. */
  minSubtotal: string | null;
  combinable: boolean;
  /** Lower runs first. */
  priority: number;
  /** ISO timestamp: the older runs first among equal priorities. */
  createdAt: string;
}

export interface PromoLine {
  productId: string;
  categoryIds: string[];
  collectionIds: string[];
  /** The line's subtotal (unit price × quantity) in minor units. */
  subtotal: bigint;
}

export interface AppliedPromotion {
  promotionId: string;
  code: string | null;
  /** Amount waived in minor units (free shipping: the shipping amount). */
  amount: bigint;
}

export type SkipReason = 'min_subtotal' | 'not_applicable' | 'not_combinable';

export interface PromotionOutcome {
  /** Per input line (same order), the sum of every promotion's share, in minor units. */
  lineDiscounts: bigint[];
  /** In application order. */
  discounts: AppliedPromotion[];
  freeShipping: boolean;
  /** The shipping amount when free shipping applied, else 0. */
  shippingDiscount: bigint;
  skipped: { promotionId: string; code: string | null; reason: SkipReason }[];
}

export interface ApplyInput {
  currency: string;
  lines: readonly PromoLine[];
  /** Shipping amount in minor units, or null: no shipping line. */
  shipping: bigint | null;
  promotions: readonly PromotionRule[];
}

/** round(num / den), half up, for num ≥ 0 and den > 0 (same rule as the pricing engine). */
const divHalfUp = (num: bigint, den: bigint): bigint => (2n * num + den) / (2n * den);

/** Priority, then oldest first, then id: a total order, so the outcome never depends on input order. */
function byApplicationOrder(a: PromotionRule, b: PromotionRule): number {
  if (a.priority !== b.priority) return a.priority - b.priority;
  const ta = Date.parse(a.createdAt);
  const tb = Date.parse(b.createdAt);
  if (ta !== tb && !Number.isNaN(ta) && !Number.isNaN(tb)) return ta - tb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Union of the three lists; all empty = every line. */
function matches(line: PromoLine, to: PromotionRule['appliesTo']): boolean {
  if (to.productIds.length === 0 && to.categoryIds.length === 0 && to.collectionIds.length === 0) return true;
  return (
    to.productIds.includes(line.productId) ||
    line.categoryIds.some((c) => to.categoryIds.includes(c)) ||
    line.collectionIds.some((c) => to.collectionIds.includes(c))
  );
}

/** "12.5" → 1250n hundredths of a percent; RangeError outside 0.01..100 or beyond 2 decimals. */
function percentHundredths(rule: PromotionRule): bigint {
  const p = rule.value === null ? -1n : toScaled(rule.value.trim(), 2);
  if (p < 1n || p > 10_000n) throw new RangeError(`promotion ${rule.id}: percentage must be 0.01..100`);
  return p;
}

function amountOf(rule: PromotionRule, digits: number): bigint {
  if (rule.value === null) throw new RangeError(`promotion ${rule.id}: fixed_amount needs a value`);
  return toScaled(rule.value.trim(), digits);
}

/**
 * Splits `amount` (≤ the sum of `remaining` over `idx`) across the lines `idx`: each gets
 * floor(amount × remaining ÷ sum), the remainder goes to the largest line (first of equals).
 * The remainder is under one minor unit per line, but a tiny largest line could still be
 * pushed past its own remaining amount (0.02 over three 0.01 lines: floors 0, 0, 0): what it
 * cannot take spills to the next largest, so no line discount ever exceeds its line.
 */
function splitFixed(amount: bigint, idx: readonly number[], remaining: readonly bigint[]): Map<number, bigint> {
  const shares = new Map<number, bigint>();
  const sum = idx.reduce((acc, i) => acc + remaining[i]!, 0n);
  if (sum === 0n) return shares;
  let left = amount;
  for (const i of idx) {
    const s = (amount * remaining[i]!) / sum;
    shares.set(i, s);
    left -= s;
  }
  // Stable sort: equal remaining amounts keep input order, so the first of equals comes first.
  const largestFirst = [...idx].sort((a, b) =>
    remaining[b]! > remaining[a]! ? 1 : remaining[b]! < remaining[a]! ? -1 : 0,
  );
  for (const i of largestFirst) {
    if (left === 0n) break;
    const room = remaining[i]! - shares.get(i)!;
    const take = left < room ? left : room;
    shares.set(i, shares.get(i)! + take);
    left -= take;
  }
  return shares;
}

/**
 * Applies the eligible promotions in order, each on the amounts left by the ones before it.
 * A promotion that passes matching and minSubtotal counts as applied even when it takes 0
 * (e.g. free shipping without a shipping line), so a non-combinable one after it is skipped.
 */
export function applyPromotions(input: ApplyInput): PromotionOutcome {
  const digits = minorDigits(input.currency);
  for (const l of input.lines) if (l.subtotal < 0n) throw new RangeError('a line subtotal must not be negative');
  if (input.shipping !== null && input.shipping < 0n) throw new RangeError('shipping must not be negative');

  const remaining = input.lines.map((l) => l.subtotal);
  const lineDiscounts = input.lines.map(() => 0n);
  let shippingLeft = input.shipping ?? 0n;
  const outcome: PromotionOutcome = {
    lineDiscounts,
    discounts: [],
    freeShipping: false,
    shippingDiscount: 0n,
    skipped: [],
  };
  // Set once a non-combinable promotion applied: everything after it is skipped.
  let stopped = false;

  for (const rule of [...input.promotions].sort(byApplicationOrder)) {
    const skip = (reason: SkipReason) => outcome.skipped.push({ promotionId: rule.id, code: rule.code, reason });
    if (stopped) {
      skip('not_combinable');
      continue;
    }
    const idx = input.lines.flatMap((l, i) => (matches(l, rule.appliesTo) ? [i] : []));
    if (idx.length === 0) {
      skip('not_applicable');
      continue;
    }
    if (rule.minSubtotal !== null) {
      const base = idx.reduce((acc, i) => acc + input.lines[i]!.subtotal, 0n);
      if (base < toScaled(rule.minSubtotal.trim(), digits)) {
        skip('min_subtotal');
        continue;
      }
    }
    // Applicability first, so a promotion that could never apply reports why, not "not_combinable".
    if (!rule.combinable && outcome.discounts.length > 0) {
      skip('not_combinable');
      continue;
    }

    let amount = 0n;
    if (rule.type === 'free_shipping') {
      amount = shippingLeft;
      shippingLeft = 0n;
      outcome.freeShipping = true;
      outcome.shippingDiscount += amount;
    } else {
      const shares =
        rule.type === 'percentage'
          ? new Map(idx.map((i) => [i, divHalfUp(remaining[i]! * percentHundredths(rule), 10_000n)]))
          : (() => {
              const left = idx.reduce((acc, i) => acc + remaining[i]!, 0n);
              const wanted = amountOf(rule, digits);
              return splitFixed(wanted < left ? wanted : left, idx, remaining);
            })();
      for (const [i, s] of shares) {
        remaining[i]! -= s;
        lineDiscounts[i]! += s;
        amount += s;
      }
    }
    outcome.discounts.push({ promotionId: rule.id, code: rule.code, amount });
    if (!rule.combinable) stopped = true;
  }
  return outcome;
}

/**
 * The outcome's line discounts as decimal strings for priceCart's `discount` (same order as
 * the lines given to applyPromotions). Shipping is not a line: the caller passes priceCart
 * `shipping = fromMinor(shipping − outcome.shippingDiscount)` (0 when free shipping applied,
 * still a shipping line; null stays null), and lists outcome.discounts as the order's
 * `discounts[]`; `discountTotal` is priceCart's, i.e. line discounts only (contract).
 */
export function toEngineDiscounts(outcome: PromotionOutcome, currency: string): string[] {
  return outcome.lineDiscounts.map((d) => fromMinor(d, currency));
}
