// Pricing of an order: lines and their unit prices → line totals and the order's totals. A
// pure function (no I/O, no clock), so carts and orders price the same way. Amounts are
// computed in exact integer minor units of the currency (bigint: no float, no overflow)
// and returned in the API's two-place decimal form ("59.97", "1200.00").
import { fromMinor } from '../../platform/money';
import { priceCart } from './pricing-engine';

export interface PriceLine {
  /** The unit price, a decimal string with at most the currency's minor digits ("19.99"). */
  unitPrice: string;
  /** A positive whole number of units. */
  quantity: number;
}

export interface PricedLine {
  unitPrice: string;
  quantity: number;
  lineTotal: string;
}

export interface PricedOrder {
  lines: PricedLine[];
  /** Sum of the line totals. */
  subtotal: string;
  /** What the customer pays: the subtotal (tax, shipping and promotions will add here). */
  total: string;
  /** `total` in the currency's minor units (cents; yen for JPY; fils for KWD). */
  totalMinor: bigint;
}

/**
 * Prices the lines in `currency` through the one engine (pricing-engine.ts: no shipping, no
 * tax, no discounts — part-1 orders). Throws RangeError when a unit price is not a plain
 * non-negative decimal expressible in the currency's minor units, or a quantity is not a
 * positive safe integer (the catalog and the order schema refuse both before this runs).
 */
export function priceOrder(input: { currency: string; lines: readonly PriceLine[] }): PricedOrder {
  const { currency } = input;
  const r = priceCart({ currency, pricesIncludeTax: false, lines: input.lines, shipping: null, tax: null });
  return {
    lines: r.lines.map((l) => ({
      unitPrice: fromMinor(l.unitPrice, currency),
      quantity: l.quantity,
      lineTotal: fromMinor(l.total, currency),
    })),
    subtotal: fromMinor(r.subtotal, currency),
    total: fromMinor(r.total, currency),
    totalMinor: r.total,
  };
}
