// A cart snapshot → its live price and its Cart view. Pure (no I/O, no clock), so reads,
// writes and completion price a snapshot the same way: the chosen shipping method counts
// only while it is eligible for the subtotal (after discounts) and the address's zone, and
// the tax rate is the shipping address's (state row, else country row, else none).
import { fromMinor } from '../../platform/money';
import { linesSubtotal, priceCart, taxRateFor, type PricingResult, type TaxRate } from '../orders';
import { eligibleRates, type EffectiveRate } from '../shipping';
import type { CartSnapshot } from './carts.repository';
import type { CartView } from './carts.schemas';

export interface PricedCart {
  view: CartView;
  result: PricingResult;
  /** The chosen method if still eligible, else null. */
  method: EffectiveRate | null;
  /** Some zone covers the shipping address (completion then needs a method). */
  methodRequired: boolean;
  tax: TaxRate | null;
}

/** The zone's rates this cart may choose, with what each costs it ([] without a zone). */
export function eligibleCartRates(s: CartSnapshot): EffectiveRate[] {
  if (!s.zoneRates) return [];
  // The subtotal the rates' bounds compare with (no promotions yet: no discounts).
  return eligibleRates(s.zoneRates, linesSubtotal(s.lines, s.cart.currency), s.cart.currency);
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
  const method = chosen && cart.shippingAddress ? (eligibleCartRates(s).find((r) => r.id === chosen) ?? null) : null;
  const tax = cartTaxRate(s);
  const result = priceCart({
    currency,
    pricesIncludeTax: s.pricesIncludeTax,
    lines: s.lines.map((l) => ({ unitPrice: l.variant.price, quantity: l.quantity })),
    shipping: method ? method.amount : null,
    tax,
  });
  const money = (m: bigint) => fromMinor(m, currency);
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
    // Promotions do not exist yet: no code is ever accepted onto a cart.
    discountCodes: [...cart.discountCodes],
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
  return { view, result, method, methodRequired: s.zoneRates !== null, tax };
}
