// Which rates of a zone a cart may choose, and what each costs (contract part 2): a rate is
// eligible when the cart's subtotal after discounts is within [minSubtotal, maxSubtotal);
// freeAbove makes it 0 at or above that subtotal. Pure and exact (minor units), so the
// shipping-rates read, the shipping-method write and completion all decide the same way.
import { fromMinor, minorDigits, toScaled } from '../../platform/money';
import type { ShippingRateView } from './shipping.schemas';

export interface EffectiveRate {
  id: string;
  name: string;
  /** What the cart pays for it: the rate's amount, or 0 from freeAbove on. */
  amount: string;
}

/** The eligible rates for `subtotal` (a decimal string in `currency`), in the zone's order. */
export function eligibleRates(rates: readonly ShippingRateView[], subtotal: string, currency: string): EffectiveRate[] {
  const d = minorDigits(currency);
  const minor = (m: string) => toScaled(m, d);
  const s = minor(subtotal);
  return rates
    .filter(
      (r) =>
        (r.minSubtotal === undefined || s >= minor(r.minSubtotal)) &&
        (r.maxSubtotal === undefined || s < minor(r.maxSubtotal)),
    )
    .map((r) => ({
      id: r.id,
      name: r.name,
      amount:
        r.freeAbove !== undefined && s >= minor(r.freeAbove)
          ? fromMinor(0, currency)
          : fromMinor(minor(r.amount), currency),
    }));
}
