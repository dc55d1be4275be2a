// Money helpers: exact minor units per currency, formatting, and the input schema.
import { AppError } from '../../src/platform/errors';
import {
  fromMinor,
  fromScaled,
  formatMoney,
  minorDigits,
  moneyFor,
  moneySchema,
  toMinor,
} from '../../src/platform/money';

describe('money', () => {
  it("knows ISO-4217's minor digits per currency (not Intl's: CLDR gives COP, IDR, IQD 0)", () => {
    expect(minorDigits('USD')).toBe(2);
    expect(minorDigits('eur')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('ISK')).toBe(0);
    expect(minorDigits('KWD')).toBe(3);
    expect(minorDigits('IQD')).toBe(3);
    expect(minorDigits('COP')).toBe(2);
    expect(minorDigits('IDR')).toBe(2);
  });

  it.each([
    ['12.34', 'USD', 1234],
    ['0.10', 'USD', 10],
    ['19.99', 'USD', 1999], // 19.99 * 100 = 1998.9999999999998 in floats
    ['99999999.99', 'USD', 9999999999],
    ['1200.00', 'JPY', 1200],
    ['1.23', 'KWD', 1230],
    ['1.255', 'KWD', 1255],
  ])('toMinor(%s, %s) = %d exactly', (amount, currency, minor) => {
    expect(toMinor(amount, currency)).toBe(minor);
  });

  it('toMinor accepts Decimal-like values and refuses what the currency cannot express', () => {
    expect(toMinor({ toFixed: () => '4.20' }, 'USD')).toBe(420);
    expect(() => toMinor('12.50', 'JPY')).toThrow(RangeError);
    expect(() => toMinor('1.234', 'USD')).toThrow(RangeError);
    expect(() => toMinor('-1.00', 'USD')).toThrow(RangeError);
    expect(() => toMinor('1e3', 'USD')).toThrow(RangeError);
  });

  it("fromMinor formats the currency's ISO digits", () => {
    expect(fromMinor(1234, 'USD')).toBe('12.34');
    expect(fromMinor(5n, 'USD')).toBe('0.05');
    expect(fromMinor(-50, 'USD')).toBe('-0.50');
    expect(fromMinor(1500, 'JPY')).toBe('1500');
    expect(fromMinor(0, 'JPY')).toBe('0');
    expect(fromMinor(1250, 'KWD')).toBe('1.250');
    expect(fromMinor(1255, 'KWD')).toBe('1.255');
    expect(fromMinor(5, 'KWD')).toBe('0.005');
    expect(() => fromMinor(1.5, 'USD')).toThrow(RangeError);
  });

  it('fromScaled converts between scales exactly and refuses lost digits', () => {
    expect(fromScaled(12340n, 3, 'USD')).toBe('12.34');
    expect(fromScaled(1500000n, 3, 'JPY')).toBe('1500');
    expect(fromScaled(125n, 2, 'KWD')).toBe('1.250');
    expect(() => fromScaled(12345n, 3, 'USD')).toThrow(RangeError);
  });

  it('formatMoney formats column values in the currency digits (order arithmetic is tests/unit/pricing.test.ts)', () => {
    expect(formatMoney('7.5', 'USD')).toBe('7.50');
    expect(formatMoney('129.900', 'USD')).toBe('129.90');
    expect(formatMoney('1500.000', 'JPY')).toBe('1500');
    expect(formatMoney('1.25', 'KWD')).toBe('1.250');
    expect(formatMoney('1.255', 'KWD')).toBe('1.255');
    expect(formatMoney('-0.5', 'USD')).toBe('-0.50');
    expect(formatMoney({ toFixed: (dp?: number) => (1.1).toFixed(dp) }, 'USD')).toBe('1.10');
    expect(formatMoney({ toFixed: (dp?: number) => (1500).toFixed(dp) }, 'JPY')).toBe('1500');
    expect(() => formatMoney('12.5', 'JPY')).toThrow(RangeError);
    expect(() => formatMoney('1.255', 'USD')).toThrow(RangeError);
  });

  it.each([
    ['1500.00', 'JPY', '1500'],
    ['1500', 'JPY', '1500'],
    ['12.5', 'USD', '12.50'],
    ['1.25', 'KWD', '1.250'],
    ['1.255', 'KWD', '1.255'],
    ['12.340', 'USD', '12.34'],
  ])('moneyFor(%p, %s) = %p', (amount, currency, out) => {
    expect(moneyFor(amount, currency, 'price')).toBe(out);
  });

  it.each([
    ['12.5', 'JPY'],
    ['0.1', 'JPY'],
    ['12.345', 'USD'],
  ])('moneyFor(%p, %s) is a 400 VALIDATION_ERROR at the path', (amount, currency) => {
    let err: unknown;
    try {
      moneyFor(amount, currency, 'variants.0.price');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({
      status: 400,
      code: 'VALIDATION_ERROR',
      details: { issues: [{ path: 'variants.0.price', code: 'custom', message: expect.stringContaining(currency) }] },
    });
  });

  it.each([
    ['12.34', '12.34'],
    [12.34, '12.34'],
    [5, '5'],
    ['7.5', '7.5'],
    ['7.50', '7.5'],
    [' 3 ', '3'],
    ['0012.30', '12.3'],
    ['1500.00', '1500'],
    ['1.250', '1.25'],
    ['1.255', '1.255'],
    [1.255, '1.255'],
    ['0.000', '0'],
    [99999999.99, '99999999.99'],
    ['99999999.999', '99999999.999'],
  ])('moneySchema accepts %p as %p', (input, out) => {
    expect(moneySchema.parse(input)).toBe(out);
  });

  it.each([
    ['-1'],
    [-0.01],
    ['1.2345'],
    [1.0005],
    [0.1 + 0.2],
    ['NaN'],
    [NaN],
    [Infinity],
    ['1e3'],
    [1e21],
    ['100000000'],
    [''],
    [null],
    [true],
    ['1,5'],
    ['1.'],
  ])('moneySchema rejects %p', (input) => {
    expect(moneySchema.safeParse(input).success).toBe(false);
  });
});
