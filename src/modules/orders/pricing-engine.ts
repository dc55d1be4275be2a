// The one pricing engine (contract part 2, "Shipping and tax"): lines, their discounts, a
// shipping amount, the tax rate of the address and the tenant's pricesIncludeTax → every total
// of a cart or an order. Pure (no I/O, no clock) and exact: integer minor units of the currency
// (bigint), tax rounded half-up PER LINE (3 × 33.33 at 8.875 % is 8.87 on 99.99, not 3 × 2.96),
// shipping tax the same way on the shipping amount, and every total the sum of its rounded parts.
import { minorDigits, toScaled } from '../../platform/money';

/** A tax rate as the merchant sets it: "8.875" = 8.875 % (up to 3 decimals). */
export interface TaxRate {
  name: string;
  rate: string;
  appliesToShipping: boolean;
}

export interface EngineLine {
  /** Unit price, a decimal string with at most the currency's minor digits. */
  unitPrice: string;
  /** A positive whole number of units. */
  quantity: number;
  /** The line's share of the order's discounts (a decimal string; none until promotions). */
  discount?: string;
}

export interface PricingInput {
  currency: string;
  pricesIncludeTax: boolean;
  lines: readonly EngineLine[];
  /** The shipping amount (after freeAbove), or null: no shipping line. */
  shipping: string | null;
  /** The rate for the shipping address (taxRateFor), or null: no tax. */
  tax: TaxRate | null;
}

export interface LineTotals {
  unitPrice: bigint;
  quantity: number;
  subtotal: bigint;
  discountTotal: bigint;
  taxTotal: bigint;
  total: bigint;
}

export interface PricingResult {
  currency: string;
  lines: LineTotals[];
  subtotal: bigint;
  discountTotal: bigint;
  shippingTotal: bigint;
  /** Tax on the shipping amount (part of taxTotal). */
  shippingTaxTotal: bigint;
  taxTotal: bigint;
  total: bigint;
  taxLines: { name: string; rate: string; amount: bigint }[];
}

/** "8.875" → 8875: the rate in thousandths of a percent. */
function rateMilli(rate: string): bigint {
  if (!/^\d{1,3}(\.\d{1,3})?$/.test(rate)) throw new RangeError(`tax rate must be 0–999.999, got ${rate}`);
  return toScaled(rate, 3);
}

/** round(num / den), half up, for num ≥ 0 and den > 0. */
const divHalfUp = (num: bigint, den: bigint): bigint => (2n * num + den) / (2n * den);

/**
 * The tax on `amount` (minor units) at `milli` thousandths of a percent: added on top
 * (exclusive) or the part it already contains (inclusive: amount × rate / (100 + rate)).
 */
function taxOn(amount: bigint, milli: bigint, inclusive: boolean): bigint {
  if (amount <= 0n || milli === 0n) return 0n;
  return inclusive ? divHalfUp(amount * milli, 100_000n + milli) : divHalfUp(amount * milli, 100_000n);
}

function minorOf(amount: string | undefined, digits: number, what: string): bigint {
  if (amount === undefined) return 0n;
  const v = toScaled(amount.trim(), digits);
  if (v < 0n) throw new RangeError(`${what} must not be negative`);
  return v;
}

export function priceCart(input: PricingInput): PricingResult {
  const digits = minorDigits(input.currency);
  const inclusive = input.pricesIncludeTax;
  const milli = input.tax ? rateMilli(input.tax.rate) : 0n;
  const lines = input.lines.map((l): LineTotals => {
    if (!Number.isSafeInteger(l.quantity) || l.quantity <= 0)
      throw new RangeError(`quantity must be a positive integer, got ${l.quantity}`);
    const unitPrice = minorOf(l.unitPrice, digits, 'unitPrice');
    const subtotal = unitPrice * BigInt(l.quantity);
    const discountTotal = minorOf(l.discount, digits, 'discount');
    if (discountTotal > subtotal) throw new RangeError('a line discount cannot exceed the line subtotal');
    const net = subtotal - discountTotal;
    const taxTotal = taxOn(net, milli, inclusive);
    return {
      unitPrice,
      quantity: l.quantity,
      subtotal,
      discountTotal,
      taxTotal,
      total: inclusive ? net : net + taxTotal,
    };
  });
  const shippingTotal = input.shipping === null ? 0n : minorOf(input.shipping, digits, 'shipping');
  const shippingTaxTotal = input.tax?.appliesToShipping ? taxOn(shippingTotal, milli, inclusive) : 0n;
  const sum = (f: (l: LineTotals) => bigint) => lines.reduce((acc, l) => acc + f(l), 0n);
  const subtotal = sum((l) => l.subtotal);
  const discountTotal = sum((l) => l.discountTotal);
  const taxTotal = sum((l) => l.taxTotal) + shippingTaxTotal;
  const total = subtotal - discountTotal + shippingTotal + (inclusive ? 0n : taxTotal);
  return {
    currency: input.currency,
    lines,
    subtotal,
    discountTotal,
    shippingTotal,
    shippingTaxTotal,
    taxTotal,
    total,
    taxLines: input.tax && milli > 0n ? [{ name: input.tax.name, rate: input.tax.rate, amount: taxTotal }] : [],
  };
}

/**
 * The rate for an address (contract): its (country, state) row if present, else its
 * (country, null) row, else none.
 */
export function taxRateFor<R extends { country: string; state: string | null }>(
  rates: readonly R[],
  address: { country: string; state?: string | null },
): R | null {
  const state = address.state ?? null;
  return (
    (state !== null ? rates.find((r) => r.country === address.country && r.state === state) : undefined) ??
    rates.find((r) => r.country === address.country && r.state === null) ??
    null
  );
}
