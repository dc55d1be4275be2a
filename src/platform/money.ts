// Money helpers shared by every module. Amounts travel as decimal strings with two places
// ("129.99"), are stored as Decimal(12,2), and are converted to integer minor units
// (cents; yen for zero-decimal currencies) exactly, with string arithmetic, never floats.
import { z } from 'zod';
import { documentedAs, type OpenApiSchemas } from './http/schema-registry';

/** Largest accepted input amount (fits Decimal(12,2) with room for order totals). */
export const MAX_MONEY = '99999999.99';
const MAX_MONEY_CENTS = 9_999_999_999n;

/** Anything with decimal.js's toFixed (Prisma.Decimal), without importing the runtime. */
export interface DecimalLike {
  toFixed(dp?: number): string;
}

const digitsCache = new Map<string, number>();

/** Minor-unit digits of an ISO-4217 currency: USD 2, JPY 0, KWD 3 (from Intl). */
export function minorDigits(currency: string): number {
  const c = currency.toUpperCase();
  let d = digitsCache.get(c);
  if (d === undefined) {
    d = new Intl.NumberFormat('en', { style: 'currency', currency: c }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(c, d);
  }
  return d;
}

const DEC_RE = /^(\d+)(?:\.(\d+))?$/;

/**
 * "12.3" → 1230n (scaled to `scale` fraction digits); throws RangeError if not exact.
 * Exported for the payment provider's own minor units (payments/stripe-amount.ts).
 */
export function toScaled(amount: string, scale: number): bigint {
  const m = DEC_RE.exec(amount);
  if (!m) throw new RangeError(`invalid amount "${amount}"`);
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > scale) throw new RangeError(`amount "${amount}" has more than ${scale} decimals`);
  return BigInt(m[1]!) * 10n ** BigInt(scale) + BigInt(frac.padEnd(scale, '0') || '0');
}

/**
 * Exact integer minor units of a non-negative amount in `currency`:
 * toMinor("12.34", "USD") → 1234, toMinor("1200.00", "JPY") → 1200.
 * Throws RangeError when the amount has more decimals than the currency allows
 * (toMinor("12.50", "JPY")) or is not a plain non-negative decimal.
 */
export function toMinor(amount: string | DecimalLike, currency: string): number {
  const s = typeof amount === 'string' ? amount.trim() : amount.toFixed(2);
  const n = toScaled(s, minorDigits(currency));
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`amount "${s}" is too large`);
  return Number(n);
}

/** Whether `amount` can be expressed exactly in minor units of `currency`. */
export function isRepresentable(amount: string | DecimalLike, currency: string): boolean {
  try {
    toMinor(amount, currency);
    return true;
  } catch {
    return false;
  }
}

/** Hundredths → the API's two-place decimal string: 1234n → "12.34" (non-negative). */
export const centsToMoney = (cents: bigint): string => `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`;

/**
 * Minor units → the API's two-place decimal string: fromMinor(1234, "USD") → "12.34",
 * fromMinor(1200, "JPY") → "1200.00". Negative values keep their sign ("-0.50").
 */
export function fromMinor(minor: bigint | number, currency: string): string {
  if (typeof minor === 'number' && !Number.isSafeInteger(minor)) throw new RangeError('minor must be a safe integer');
  let n = BigInt(minor);
  const neg = n < 0n;
  if (neg) n = -n;
  const d = minorDigits(currency);
  // Scale minor units (d digits) to hundredths; d > 2 (KWD) must be a multiple of 10^(d-2).
  let cents: bigint;
  if (d <= 2) cents = n * 10n ** BigInt(2 - d);
  else {
    const div = 10n ** BigInt(d - 2);
    if (n % div !== 0n) throw new RangeError(`${minor} ${currency} minor units do not fit two decimals`);
    cents = n / div;
  }
  const s = centsToMoney(cents);
  return neg ? `-${s}` : s;
}

/** Normalises a Decimal column value (or decimal string) to the API's "12.34". */
export function formatMoney(v: string | DecimalLike): string {
  if (typeof v !== 'string') return v.toFixed(2);
  const cents = toScaled(v.trim(), 2);
  return centsToMoney(cents);
}

const MONEY_STRING_RE = /^\d{1,10}(?:\.\d{1,2})?$/;

/**
 * Money input: a decimal string ("12.34", "12.3", "12") or a JSON number with at most two
 * decimals (12.34). Negative, NaN/Infinity, exponent notation, more than two decimals and
 * amounts over 99,999,999.99 are rejected. Output: the normalised two-place string "12.34".
 */
export const moneySchema = z
  .union([z.string(), z.number()], { message: 'must be a decimal string like "12.34" or a number' })
  .transform((v, ctx): string => {
    let s: string;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) {
        ctx.addIssue({ code: 'custom', message: 'must be a finite number' });
        return z.NEVER;
      }
      // String(12.34) === "12.34"; floats that are not two-decimal values print longer.
      s = String(v);
    } else s = v.trim();
    if (s.startsWith('-')) {
      ctx.addIssue({ code: 'custom', message: 'must not be negative' });
      return z.NEVER;
    }
    if (!MONEY_STRING_RE.test(s)) {
      ctx.addIssue({ code: 'custom', message: 'must be a non-negative amount with at most two decimals' });
      return z.NEVER;
    }
    const cents = toScaled(s, 2);
    if (cents > MAX_MONEY_CENTS) {
      ctx.addIssue({ code: 'custom', message: `must be at most ${MAX_MONEY}` });
      return z.NEVER;
    }
    return centsToMoney(cents);
  });

// moneySchema's transform has no JSON Schema: openapi.yaml documents what it accepts
// (MoneyInput) and what the API sends (Money, the normalised string).
documentedAs.set(moneySchema, {
  input: {
    description: 'A decimal string or a JSON number, non-negative, at most two decimals, at most 99999999.99',
    oneOf: [
      { type: 'string', pattern: '^\\d{1,10}(\\.\\d{1,2})?$', examples: ['129.99'] },
      { type: 'number', minimum: 0, maximum: 99999999.99, multipleOf: 0.01 },
    ],
  },
  output: {
    type: 'string',
    pattern: '^\\d{1,8}\\.\\d{2}$',
    description: 'Decimal string with two places, e.g. "129.99"',
    examples: ['129.99'],
  },
});

export const openApiSchemas: OpenApiSchemas = {
  requests: { MoneyInput: moneySchema },
  responses: { Money: moneySchema },
};
