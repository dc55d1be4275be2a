// Money helpers shared by every module. Amounts travel as decimal strings with the
// currency's ISO-4217 minor digits ("129.99" USD, "1500" JPY, "1.250" KWD), are stored as
// Decimal(15,3) (three places: the most any currency has), and are converted to integer minor
// units exactly, with string arithmetic, never floats.
import { z } from 'zod';
import { badRequest } from './errors';
import { documentedAs, type OpenApiSchemas } from './http/schema-registry';

/** Largest accepted input amount (Decimal(15,3) keeps room for order totals). */
export const MAX_MONEY = '99999999.999';
const MAX_MONEY_MILLI = 99_999_999_999n;

/** The most minor digits any currency has (KWD, BHD, ...): the scale of the money columns. */
export const MAX_MINOR_DIGITS = 3;

/** Anything with decimal.js's toFixed (Prisma.Decimal), without importing the runtime. */
export interface DecimalLike {
  toFixed(dp?: number): string;
}

/**
 * ISO-4217's minor digits where they are not 2 (the list's "minor unit" column). Not Intl's:
 * CLDR prints COP, IDR, HUF, PKR, IQD... with 0 digits, ISO gives them 2 (IQD 3), and the
 * contract says ISO. CLF and UYW have 4 in ISO: capped to the money columns' 3 (Intl does not
 * list them, so no tenant has them).
 */
const ISO_MINOR_DIGITS: ReadonlyMap<string, number> = new Map([
  ...'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF'
    .split(' ')
    .map((c): [string, number] => [c, 0]),
  ...'BHD IQD JOD KWD LYD OMR TND CLF UYW'.split(' ').map((c): [string, number] => [c, 3]),
]);

/** Minor-unit digits of an ISO-4217 currency: USD 2, JPY 0, KWD 3, COP 2 (ISO-4217's table). */
export function minorDigits(currency: string): number {
  return ISO_MINOR_DIGITS.get(currency.toUpperCase()) ?? 2;
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
  const s = typeof amount === 'string' ? amount.trim() : amount.toFixed(MAX_MINOR_DIGITS);
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

/**
 * An integer scaled by 10^scale → the API's string in `currency`'s digits:
 * fromScaled(1250n, 3, "KWD") → "1.250", fromScaled(150000n, 3, "JPY") → "150",
 * fromScaled(5n, 2, "USD") → "0.05". Negative values keep their sign ("-0.50"). Throws
 * RangeError when the value has a significant digit beyond the currency's
 * (fromScaled(1255n, 3, "USD")).
 */
export function fromScaled(n: bigint, scale: number, currency: string): string {
  const neg = n < 0n;
  let v = neg ? -n : n;
  const d = minorDigits(currency);
  if (scale > d) {
    const div = 10n ** BigInt(scale - d);
    if (v % div !== 0n) throw new RangeError(`${n} (scale ${scale}) does not fit ${d} ${currency} decimals`);
    v /= div;
  } else v *= 10n ** BigInt(d - scale);
  const unit = 10n ** BigInt(d);
  const s = d === 0 ? `${v}` : `${v / unit}.${(v % unit).toString().padStart(d, '0')}`;
  return neg ? `-${s}` : s;
}

/**
 * Minor units → the API's decimal string in the currency's ISO digits:
 * fromMinor(1234, "USD") → "12.34", fromMinor(1500, "JPY") → "1500",
 * fromMinor(1255, "KWD") → "1.255". Negative values keep their sign ("-0.50").
 */
export function fromMinor(minor: bigint | number, currency: string): string {
  if (typeof minor === 'number' && !Number.isSafeInteger(minor)) throw new RangeError('minor must be a safe integer');
  return fromScaled(BigInt(minor), minorDigits(currency), currency);
}

/**
 * A Decimal column value (or decimal string) → the API's string in `currency`'s digits:
 * formatMoney("1500.000", "JPY") → "1500", formatMoney("7.5", "USD") → "7.50". Throws
 * RangeError when the value has a significant digit the currency cannot express (a stored
 * amount always fits: services check input with moneyFor).
 */
export function formatMoney(v: string | DecimalLike, currency: string): string {
  // Decimal(15,3) values have at most three places: toFixed(3) prints them exactly.
  const s = typeof v === 'string' ? v.trim() : v.toFixed(MAX_MINOR_DIGITS);
  const neg = s.startsWith('-');
  const d = minorDigits(currency);
  const n = toScaled(neg ? s.slice(1) : s, d);
  return fromScaled(neg ? -n : n, d, currency);
}

/**
 * A parsed money input (moneySchema's output) in the tenant's `currency`, normalised to its
 * digits: moneyFor("1500.00", "JPY", "price") → "1500", moneyFor("12.5", "USD", …) → "12.50".
 * 400 VALIDATION_ERROR with an issue at `path` when a significant digit goes beyond the
 * currency's ("12.5" JPY, "12.345" USD): the contract's rule for every amount sent.
 */
export function moneyFor(amount: string, currency: string, path: string): string {
  try {
    return formatMoney(amount, currency);
  } catch {
    const d = minorDigits(currency);
    const message = d === 0 ? `${currency} amounts have no decimals` : `${currency} amounts have at most ${d} decimals`;
    throw badRequest('Request validation failed', { issues: [{ path, message, code: 'custom' }] });
  }
}

const MONEY_STRING_RE = /^\d{1,10}(?:\.\d{1,3})?$/;

/**
 * Money input: a decimal string ("12.34", "12.3", "12", "1.250") or a JSON number (12.34)
 * with at most three decimals, the most any currency has; whether the tenant's currency
 * takes them is the service's check (moneyFor). Negative, NaN/Infinity, exponent notation,
 * more than three decimals and amounts over 99,999,999.999 are rejected. Output: the amount
 * without leading zeros or trailing fraction zeros ("0012.50" → "12.5", "1500.00" → "1500").
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
      // String(12.34) === "12.34"; floats that are not short decimals print longer.
      s = String(v);
    } else s = v.trim();
    if (s.startsWith('-')) {
      ctx.addIssue({ code: 'custom', message: 'must not be negative' });
      return z.NEVER;
    }
    if (!MONEY_STRING_RE.test(s)) {
      ctx.addIssue({ code: 'custom', message: 'must be a non-negative amount with at most three decimals' });
      return z.NEVER;
    }
    const milli = toScaled(s, MAX_MINOR_DIGITS);
    if (milli > MAX_MONEY_MILLI) {
      ctx.addIssue({ code: 'custom', message: `must be at most ${MAX_MONEY}` });
      return z.NEVER;
    }
    const int = milli / 1000n;
    const frac = (milli % 1000n).toString().padStart(3, '0').replace(/0+$/, '');
    return frac ? `${int}.${frac}` : `${int}`;
  });

// moneySchema's transform has no JSON Schema: openapi.yaml documents what it accepts
// (MoneyInput) and what the API sends (Money, in the currency's digits).
documentedAs.set(moneySchema, {
  input: {
    description:
      "A decimal string or a JSON number, non-negative, at most 99999999.999. Digits beyond the tenant currency's " +
      'ISO-4217 minor digits must be zeros ("1500.00" is fine for JPY, "12.5" is not; "12.345" is refused for USD)',
    oneOf: [
      { type: 'string', pattern: '^\\d{1,10}(\\.\\d{1,3})?$', examples: ['129.99', '1500', '1.250'] },
      { type: 'number', minimum: 0, maximum: 99999999.999, multipleOf: 0.001 },
    ],
  },
  output: {
    type: 'string',
    pattern: '^\\d{1,12}(\\.\\d{1,3})?$',
    description: 'Decimal string with the currency\'s ISO-4217 minor digits: "129.99" USD, "1500" JPY, "1.250" KWD',
    examples: ['129.99', '1500', '1.250'],
  },
});

export const openApiSchemas: OpenApiSchemas = {
  requests: { MoneyInput: moneySchema },
  responses: { Money: moneySchema },
};
