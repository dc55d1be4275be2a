// The one conversion of an order amount to the integer Stripe expects. Stripe counts minor
// units by ITS OWN table, not ISO-4217 nor Intl: Intl says 0 digits for COP, IDR, HUF, ISK,
// PKR, ... while Stripe treats all of them as two-decimal, so deriving the factor from Intl
// charged a 1,000,000 COP order 10,000 COP. Display and storage keep ISO digits
// (platform/money.ts); every amount that crosses to Stripe goes through stripeAmount().
// Source: docs.stripe.com/currencies ("Zero-decimal", "Three-decimal", "Special cases").
import { AppError } from '../../platform/errors';
import { toScaled, type DecimalLike } from '../../platform/money';

/** Stripe's zero-decimal currencies: the amount is in whole units (JPY 1500 → 1500). */
const ZERO_DECIMAL = new Set('BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF'.split(' '));

/** Stripe's three-decimal currencies: ×1000, and Stripe requires the last digit to be 0. */
const THREE_DECIMAL = new Set('BHD JOD KWD OMR TND'.split(' '));

/**
 * The granularity Stripe accepts beyond the factor, in its minor units.
 * - Three-decimal: a multiple of 10 (KWD 1.255 → 1255 is refused by Stripe).
 * - ISK: two-decimal in the API for backward compatibility, but card networks only take
 *   whole krónur since 2023, so Stripe refuses anything not divisible by 100.
 * Deliberately absent (decided from the same page):
 * - HUF and TWD: two-decimal in the API and fractional charges are allowed; only Stripe
 *   payouts are whole units, which this API never creates. Plain ×100.
 * - UGX: on Stripe's zero-decimal list (×1), as the contract's list says.
 */
const STEP = new Map<string, bigint>([['ISK', 100n], ...[...THREE_DECIMAL].map((c): [string, bigint] => [c, 10n])]);

/** Digits Stripe's minor unit has for `currency`: 0, 2 (every currency not listed) or 3. */
export function stripeExponent(currency: string): 0 | 2 | 3 {
  const cur = currency.toUpperCase();
  if (ZERO_DECIMAL.has(cur)) return 0;
  if (THREE_DECIMAL.has(cur)) return 3;
  return 2;
}

const notRepresentable = (amount: string, currency: string, why: string): AppError =>
  new AppError(409, 'AMOUNT_NOT_REPRESENTABLE', `${amount} ${currency} cannot be charged exactly: ${why}`, {
    amount,
    currency,
  });

/**
 * `amount` (a decimal string or Decimal) in Stripe's minor units of `currency`, exactly:
 * USD 259.98 → 25998, JPY 4500 → 4500, COP 1000000 → 100000000, KWD 2.5 → 2500, ISK 5 → 500.
 * Throws 409 AMOUNT_NOT_REPRESENTABLE when Stripe cannot charge exactly that amount
 * (JPY 10.50, KWD 1.255, ISK 5.50, more decimals than Stripe's unit, beyond 2^53).
 */
export function stripeAmount(amount: string | DecimalLike, currency: string): number {
  const cur = currency.toUpperCase();
  // Decimal#toFixed() without digits prints the exact value (no rounding).
  const text = typeof amount === 'string' ? amount.trim() : amount.toFixed();
  const exponent = stripeExponent(cur);
  if (!/^\d+(?:\.\d+)?$/.test(text)) throw notRepresentable(text, cur, 'not a non-negative decimal');
  let minor: bigint;
  try {
    minor = toScaled(text, exponent);
  } catch {
    throw notRepresentable(text, cur, exponent === 0 ? `${cur} has no minor unit` : 'too many decimals');
  }
  const step = STEP.get(cur) ?? 1n;
  if (minor % step !== 0n) {
    throw notRepresentable(text, cur, `Stripe takes ${cur} only in steps of ${step} minor units`);
  }
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) throw notRepresentable(text, cur, 'amount too large');
  return Number(minor);
}
