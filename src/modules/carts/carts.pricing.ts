// A cart snapshot → its live price and its Cart view. Pure (no I/O; the clock only gates
// promotions' dates), so reads, writes and completion price a snapshot the same way:
// promotions first (line discounts), then the chosen shipping method, which counts only while
// it is eligible for the subtotal after discounts and the address's zone (free shipping waives
// it), then tax on the discounted lines at the shipping address's rate (state row, else
// country row, else none).
import { fromMinor, minorDigits, toScaled } from '../../platform/money';
import { evaluatedLine, priceCart, taxRateFor, type PricingResult, type TaxRate } from '../orders';
import {
  discountedSubtotal,
  evaluatePromotions,
  evaluateWithShipping,
  toEvaluatedLines,
  type Evaluation,
  type EvaluationInput,
} from '../promotions';
import { eligibleRates, type EffectiveRate } from '../shipping';
import type { CartSnapshot } from './carts.snapshot.repository';
import type { CartView } from './carts.schemas';

export interface PricedCart {
  view: CartView;
  result: PricingResult;
  /** The chosen method if still eligible, else null. */
  method: EffectiveRate | null;
  /** Some zone covers the shipping address (completion then needs a method). */
  methodRequired: boolean;
  tax: TaxRate | null;
  /** The promotions applied (line discounts in the snapshot's line order). */
  promotions: Evaluation;
}

/** What promotions are evaluated on: the snapshot's lines, candidates and codes, now. */
function promotionInput(s: CartSnapshot): Omit<EvaluationInput, 'shipping'> {
  const currency = s.cart.currency;
  return {
    currency,
    lines: toEvaluatedLines(
      s.lines.map((l) => evaluatedLine({ variant: l.variant, quantity: l.quantity })),
      s.tags,
      currency,
    ),
    candidates: s.promotions,
    codes: s.cart.discountCodes,
    now: new Date(),
  };
}

/** The subtotal after line discounts, which shipping rates' bounds compare with. */
function subtotalAfterDiscounts(s: CartSnapshot): string {
  const input = promotionInput(s);
  return fromMinor(discountedSubtotal(input.lines, evaluatePromotions({ ...input, shipping: null })), s.cart.currency);
}

/** The zone's rates this cart may choose, with what each costs it ([] without a zone). */
export function eligibleCartRates(s: CartSnapshot): EffectiveRate[] {
  if (!s.zoneRates) return [];
  return eligibleRates(s.zoneRates, subtotalAfterDiscounts(s), s.cart.currency);
}

/** The tax rate of the snapshot's shipping address (null without one, or none set for it). */
export function cartTaxRate(s: CartSnapshot): TaxRate | null {
  const address = s.cart.shippingAddress;
  const row = address ? taxRateFor(s.taxRates, address) : null;
  return row ? { name: row.name, rate: row.rate, appliesToShipping: row.appliesToShipping } : null;
}

export function priceSnapshot(s: CartSnapshot): PricedCart {
  const { cart } = s;
  const currency = cart.currency;
  const chosen = cart.shippingRateId;
  const { ev, shipping: method } = evaluateWithShipping(promotionInput(s), (subtotal) =>
    chosen && cart.shippingAddress && s.zoneRates
      ? (eligibleRates(s.zoneRates, subtotal, currency).find((r) => r.id === chosen) ?? null)
      : null,
  );
  const tax = cartTaxRate(s);
  const money = (m: bigint) => fromMinor(m, currency);
  const result = priceCart({
    currency,
    pricesIncludeTax: s.pricesIncludeTax,
    lines: s.lines.map((l, i) => ({
      unitPrice: l.variant.price,
      quantity: l.quantity,
      discount: money(ev.lineDiscounts[i]!),
    })),
    // Free shipping waives the method's amount; the method stays chosen (shown at its rate).
    shipping: method ? money(toScaled(method.amount, minorDigits(currency)) - ev.shippingDiscount) : null,
    tax,
  });
  const view: CartView = {
    id: cart.id,
    customerId: cart.customerId,
    email: cart.email,
    currency,
    items: s.lines.map((l, i) => {
      const t = result.lines[i]!;
      return {
        id: l.id,
        productId: l.variant.productId,
        variantId: l.variant.id,
        sku: l.variant.sku,
        name: l.variant.productName,
        variantTitle: l.variant.title,
        quantity: l.quantity,
        unitPrice: money(t.unitPrice),
        subtotal: money(t.subtotal),
        discountTotal: money(t.discountTotal),
        taxTotal: money(t.taxTotal),
        total: money(t.total),
      };
    }),
    shippingAddress: cart.shippingAddress,
    billingAddress: cart.billingAddress,
    shippingMethod: method ? { rateId: method.id, name: method.name, amount: method.amount } : null,
    discountCodes: [...cart.discountCodes],
    discounts: ev.applied.map((a) => ({ code: a.code, promotionId: a.promotionId, amount: money(a.amount) })),
    discountCodeDetails: ev.codes,
    subtotal: money(result.subtotal),
    discountTotal: money(result.discountTotal),
    shippingTotal: money(result.shippingTotal),
    taxTotal: money(result.taxTotal),
    total: money(result.total),
    status: cart.status,
    orderId: cart.orderId,
    expiresAt: cart.expiresAt,
    createdAt: cart.createdAt,
    updatedAt: cart.updatedAt,
  };
  return { view, result, method, methodRequired: s.zoneRates !== null, tax, promotions: ev };
}
