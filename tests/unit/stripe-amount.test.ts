// Amounts that cross to Stripe use Stripe's minor units, not ISO-4217's nor Intl's.
import { AppError } from '../../src/platform/errors';
import { minorDigits } from '../../src/platform/money';
import { stripeAmount, stripeExponent } from '../../src/modules/payments/stripe-amount';

const refusal = (amount: string, currency: string): AppError | undefined => {
  try {
    stripeAmount(amount, currency);
    return undefined;
  } catch (e) {
    return e as AppError;
  }
};

describe('stripeAmount', () => {
  it.each([
    // Two-decimal (everything not on Stripe's lists), including currencies Intl gives 0 digits.
    ['259.98', 'USD', 25998],
    ['1000000', 'COP', 100_000_000],
    ['1000000.00', 'COP', 100_000_000],
    ['150000', 'IDR', 15_000_000],
    ['2500', 'HUF', 250_000],
    ['2500.5', 'HUF', 250_050], // Stripe charges fractional forints (only payouts are whole)
    ['10.50', 'TWD', 1050], // same for TWD
    ['1999', 'PKR', 199_900],
    ['25000', 'IQD', 2_500_000],
    ['300', 'ALL', 30_000],
    ['10000', 'LAK', 1_000_000],
    ['2000', 'MMK', 200_000],
    ['90000', 'LBP', 9_000_000],
    ['4990', 'ISK', 499_000], // two-decimal in the API, whole krónur only
    // Zero-decimal.
    ['4500', 'JPY', 4500],
    ['4500.00', 'JPY', 4500],
    ['5000', 'UGX', 5000],
    ['1990', 'krw', 1990],
    // Three-decimal: ×1000, always a multiple of 10.
    ['2.5', 'KWD', 2500],
    ['2.50', 'KWD', 2500],
    ['1.25', 'BHD', 1250],
    ['0.010', 'TND', 10],
  ])('%s %s → %d', (amount, currency, minor) => {
    expect(stripeAmount(amount, currency)).toBe(minor);
  });

  it('reads a Decimal-like value exactly (no rounding to two places)', () => {
    expect(stripeAmount({ toFixed: () => '1000000' }, 'COP')).toBe(100_000_000);
    expect(refusal('1.255', 'KWD')?.code).toBe('AMOUNT_NOT_REPRESENTABLE');
    expect(() => stripeAmount({ toFixed: (dp?: number) => (dp === undefined ? '1.255' : '1.26') }, 'KWD')).toThrow(
      AppError,
    );
  });

  it.each([
    ['10.50', 'JPY', 'has no minor unit'],
    ['4500.01', 'JPY', 'has no minor unit'],
    ['1.255', 'KWD', 'steps of 10'],
    ['0.001', 'OMR', 'steps of 10'],
    ['5.50', 'ISK', 'steps of 100'],
    ['1.234', 'USD', 'too many decimals'],
    ['1.0001', 'KWD', 'too many decimals'],
    ['-1', 'USD', 'not a non-negative decimal'],
    ['1e3', 'USD', 'not a non-negative decimal'],
    ['99999999999999.99', 'USD', 'too large'],
  ])('%s %s → 409 AMOUNT_NOT_REPRESENTABLE (%s)', (amount, currency, why) => {
    const e = refusal(amount, currency);
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ status: 409, code: 'AMOUNT_NOT_REPRESENTABLE' });
    expect(e!.message).toContain(why);
    expect(e!.details).toEqual({ amount, currency: currency.toUpperCase() });
  });

  it("differs from the ISO/Intl digits exactly where Stripe's table does", () => {
    // Display and storage keep ISO-4217's digits (the contract's); Stripe's exponent is its own.
    for (const c of ['COP', 'IDR', 'HUF', 'PKR', 'ALL', 'LAK', 'MMK', 'LBP']) {
      expect(minorDigits(c)).toBe(2);
      expect(stripeExponent(c)).toBe(2);
    }
    expect(minorDigits('ISK')).toBe(0);
    expect(stripeExponent('ISK')).toBe(2); // two-decimal at Stripe, whole krónur only (STEP)
    expect(minorDigits('MGA')).toBe(2);
    expect(stripeExponent('MGA')).toBe(0);
    for (const c of ['IQD', 'LYD']) expect(minorDigits(c)).toBe(3);
    expect(stripeExponent('IQD')).toBe(2);
    expect(stripeExponent('LYD')).toBe(2); // not on Stripe's three-decimal list
    for (const c of 'BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF'.split(' '))
      expect(stripeExponent(c)).toBe(0);
    for (const c of 'BHD JOD KWD OMR TND'.split(' ')) expect(stripeExponent(c)).toBe(3);
  });
});
