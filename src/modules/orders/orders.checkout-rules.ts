// The part-2 rules POST /orders applies besides its lines (contract "Carts and checkout"):
// the named shipping rate must be eligible for the address and subtotal (after discounts), and
// every amount must fit its column (discount codes: ../promotions). Pure: no I/O.
import { badRequest, conflict, type AppError } from '../../platform/errors';
import { minorDigits } from '../../platform/money';
import { eligibleRates } from '../shipping';
import type { BuiltOrder } from './orders.placement';
import type { RateForOrder } from './orders.inputs.repository';

/** 409 SHIPPING_RATE_UNAVAILABLE: unknown, not for the address's country, or outside its subtotal range. */
export const shippingRateUnavailable = (rateId: string, reason: string): AppError =>
  conflict('SHIPPING_RATE_UNAVAILABLE', `Shipping rate ${rateId} is not available for this order`, {
    rateId,
    reason,
  });

/**
 * The shipping line an order buys with the named rate: its effective amount (freeAbove) when
 * the rate's zone covers the address and the subtotal is within [minSubtotal, maxSubtotal).
 */
export function shippingFor(
  rate: RateForOrder | null,
  subtotal: string,
  currency: string,
  rateId?: string,
): { name: string; amount: string } {
  if (!rate) throw shippingRateUnavailable(rateId ?? 'unknown', 'not_found');
  if (!rate.coversCountry) throw shippingRateUnavailable(rate.id, 'country_not_covered');
  const [eligible] = eligibleRates([rate], subtotal, currency);
  if (!eligible) throw shippingRateUnavailable(rate.id, 'subtotal_out_of_range');
  return { name: eligible.name, amount: eligible.amount };
}

/** Largest amount an order stores (DECIMAL(15,3) holds 12 integer digits; line_total's 10 are the bound). */
const MAX_MAJOR_UNITS = 10n ** 10n;

/** 400 when an amount of the order would not fit its column (rather than a failure in SQL). */
export function assertStorable(b: BuiltOrder): void {
  const limit = MAX_MAJOR_UNITS * 10n ** BigInt(minorDigits(b.view.currency));
  const p = b.priced;
  const amounts = [p.total, p.subtotal, ...p.lines.map((l) => l.subtotal), ...p.lines.map((l) => l.total)];
  if (amounts.some((m) => m >= limit))
    throw badRequest('The order total is too large', {
      issues: [{ path: 'items', message: `totals must be below ${MAX_MAJOR_UNITS}`, code: 'too_big' }],
    });
}
