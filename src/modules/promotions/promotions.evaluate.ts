// Which promotions a cart or an order gets, as pricing sees them (contract part 2,
// "Promotions"): the candidates read with the cart (promotions.lookup.ts) are gated on status,
// dates and limits as they stand, then applyPromotions orders, stacks and splits them. Pure
// (the clock is an argument). Lines are evaluated in (product, variant) order whatever order
// the caller holds them in, so a cart and the order it becomes split a fixed amount the same
// way (the remainder goes to the first of equal lines).
import { conflict, type AppError } from '../../platform/errors';
import { fromMinor, minorDigits, toScaled } from '../../platform/money';
import { applyPromotions, type PromotionOutcome, type PromotionRule, type SkipReason } from './promotions.apply';

/** A product's categories (with their ancestors) and collections, by product id. */
export type ProductTags = Map<string, { categoryIds: string[]; collectionIds: string[] }>;

/** A promotion as pricing reads it: its rule plus what gates it. */
export interface PromotionCandidate extends PromotionRule {
  status: 'active' | 'disabled';
  startsAt: string | null;
  endsAt: string | null;
  usageLimit: number | null;
  /** Uses counted against usageLimit (kept only while a limit is set). */
  timesUsed: number;
  perCustomerLimit: number | null;
  /** The buying person's uses (0 where perCustomerLimit is null). */
  personUses: number;
}

/** Why a code on a cart does not apply (409 DISCOUNT_CODE_INVALID details.reason). */
export type CodeReason =
  'not_found' | 'disabled' | 'not_started' | 'expired' | 'exhausted' | 'limit_reached' | SkipReason;

export interface CodeStatus {
  code: string;
  applied: boolean;
  reason: CodeReason | null;
}

export interface EvaluatedLine {
  productId: string;
  variantId: string;
  categoryIds: string[];
  collectionIds: string[];
  /** unit price × quantity, minor units. */
  subtotal: bigint;
}

/** An applied promotion with what the order's write needs. */
export interface AppliedDiscount {
  promotionId: string;
  code: string | null;
  type: PromotionCandidate['type'];
  /** Minor units waived (free shipping: the shipping amount). */
  amount: bigint;
  /** Has a perCustomerLimit: the person's uses are re-read under the person's lock. */
  perPerson: boolean;
}

export interface Evaluation {
  /** Per input line (the caller's order), the line's discount in minor units. */
  lineDiscounts: bigint[];
  shippingDiscount: bigint;
  applied: AppliedDiscount[];
  /** One per code asked for, in that order (canonical spelling when the code exists). */
  codes: CodeStatus[];
}

export interface EvaluationInput {
  currency: string;
  lines: readonly EvaluatedLine[];
  /** Shipping amount in minor units, or null: no shipping line. */
  shipping: bigint | null;
  candidates: readonly PromotionCandidate[];
  /** The codes on the cart (or the order's discountCodes), as given. */
  codes: readonly string[];
  now: Date;
}

const norm = (code: string) => code.trim().toLowerCase();

/** Why a candidate can't apply now, before matching (null: it may). */
function gate(c: PromotionCandidate, now: number): CodeReason | null {
  if (c.status !== 'active') return 'disabled';
  if (c.startsAt !== null && Date.parse(c.startsAt) > now) return 'not_started';
  if (c.endsAt !== null && Date.parse(c.endsAt) <= now) return 'expired';
  if (c.usageLimit !== null && c.timesUsed >= c.usageLimit) return 'exhausted';
  if (c.perCustomerLimit !== null && c.personUses >= c.perCustomerLimit) return 'limit_reached';
  return null;
}

const byProductThenVariant = (a: EvaluatedLine, b: EvaluatedLine): number =>
  a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : a.variantId < b.variantId ? -1 : 1;

export function evaluatePromotions(input: EvaluationInput): Evaluation {
  const now = input.now.getTime();
  const wanted = new Set(input.codes.map(norm));
  const gated = new Map<string, CodeReason>();
  const eligible: PromotionCandidate[] = [];
  for (const c of input.candidates) {
    // Only automatic promotions and the codes asked for; a code promotion read for another
    // code's sake never applies on its own.
    if (c.code !== null && !wanted.has(norm(c.code))) continue;
    const why = gate(c, now);
    if (why === null) eligible.push(c);
    else if (c.code !== null) gated.set(norm(c.code), why);
  }
  const order = input.lines.map((_, i) => i).sort((a, b) => byProductThenVariant(input.lines[a]!, input.lines[b]!));
  const outcome: PromotionOutcome = applyPromotions({
    currency: input.currency,
    lines: order.map((i) => input.lines[i]!),
    shipping: input.shipping,
    promotions: eligible,
  });
  const lineDiscounts = input.lines.map(() => 0n);
  order.forEach((i, k) => (lineDiscounts[i] = outcome.lineDiscounts[k]!));

  const byId = new Map(eligible.map((c) => [c.id, c]));
  const applied = outcome.discounts.map((d): AppliedDiscount => {
    const c = byId.get(d.promotionId)!;
    return { ...d, type: c.type, perPerson: c.perCustomerLimit !== null };
  });
  const appliedCodes = new Set(applied.flatMap((a) => (a.code === null ? [] : [norm(a.code)])));
  const skipped = new Map(outcome.skipped.flatMap((s) => (s.code === null ? [] : [[norm(s.code), s.reason]])));
  const spelled = new Map(input.candidates.flatMap((c) => (c.code === null ? [] : [[norm(c.code), c.code]])));
  const seen = new Set<string>();
  const codes: CodeStatus[] = [];
  for (const given of input.codes) {
    const k = norm(given);
    if (seen.has(k)) continue;
    seen.add(k);
    const code = spelled.get(k) ?? given.trim();
    if (appliedCodes.has(k)) codes.push({ code, applied: true, reason: null });
    else codes.push({ code, applied: false, reason: gated.get(k) ?? skipped.get(k) ?? 'not_found' });
  }
  return { lineDiscounts, shippingDiscount: outcome.shippingDiscount, applied, codes };
}

/** Priced lines (unit price as a decimal string) → the lines promotions are evaluated on. */
export function toEvaluatedLines(
  lines: readonly { productId: string; variantId: string; unitPrice: string; quantity: number }[],
  tags: ProductTags,
  currency: string,
): EvaluatedLine[] {
  const digits = minorDigits(currency);
  return lines.map((l) => ({
    productId: l.productId,
    variantId: l.variantId,
    categoryIds: tags.get(l.productId)?.categoryIds ?? [],
    collectionIds: tags.get(l.productId)?.collectionIds ?? [],
    subtotal: toScaled(l.unitPrice, digits) * BigInt(l.quantity),
  }));
}

/** The lines' subtotal after their discounts (what shipping rates' bounds compare with). */
export function discountedSubtotal(lines: readonly EvaluatedLine[], ev: Evaluation): bigint {
  return lines.reduce((acc, l, i) => acc + l.subtotal - ev.lineDiscounts[i]!, 0n);
}

/**
 * Evaluates twice: first without shipping, so the subtotal after line discounts can pick the
 * shipping (rates' bounds and freeAbove compare with it), then with the picked amount, which
 * free shipping waives. Line discounts never depend on shipping, so both passes agree on them.
 */
export function evaluateWithShipping<S extends { amount: string }>(
  input: Omit<EvaluationInput, 'shipping'>,
  pickShipping: (subtotalAfterDiscounts: string) => S | null,
): { ev: Evaluation; shipping: S | null } {
  const first = evaluatePromotions({ ...input, shipping: null });
  const shipping = pickShipping(fromMinor(discountedSubtotal(input.lines, first), input.currency));
  if (!shipping) return { ev: first, shipping };
  const amount = toScaled(shipping.amount, minorDigits(input.currency));
  return { ev: evaluatePromotions({ ...input, shipping: amount }), shipping };
}

/** 409 DISCOUNT_CODE_INVALID for a code that does not apply, with why. */
export const discountCodeInvalid = (s: CodeStatus): AppError =>
  conflict('DISCOUNT_CODE_INVALID', `Discount code ${s.code} is not valid (${s.reason ?? 'not_found'})`, {
    code: s.code,
    reason: s.reason ?? 'not_found',
  });
