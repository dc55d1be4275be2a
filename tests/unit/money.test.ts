// Money helpers: exact minor units per currency, formatting, and the input schema.
import { fromMinor, formatMoney, minorDigits, moneySchema, toMinor } from '../../src/platform/money';

describe('money', () => {
  it('knows minor digits per currency from Intl', () => {
    expect(minorDigits('USD')).toBe(2);
    expect(minorDigits('eur')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('KWD')).toBe(3);
  });

  it.each([
    ['12.34', 'USD', 1234],
    ['0.10', 'USD', 10],
    ['19.99', 'USD', 1999], // 19.99 * 100 = 1998.9999999999998 in floats
    ['99999999.99', 'USD', 9999999999],
    ['1200.00', 'JPY', 1200],
    ['1.23', 'KWD', 1230],
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

  it('fromMinor formats two places for every currency', () => {
    expect(fromMinor(1234, 'USD')).toBe('12.34');
    expect(fromMinor(5n, 'USD')).toBe('0.05');
    expect(fromMinor(-50, 'USD')).toBe('-0.50');
    expect(fromMinor(1200, 'JPY')).toBe('1200.00');
    expect(fromMinor(1230, 'KWD')).toBe('1.23');
    expect(() => fromMinor(1231, 'KWD')).toThrow(RangeError);
    expect(() => fromMinor(1.5, 'USD')).toThrow(RangeError);
  });

  it('formats exactly (order arithmetic is priceOrder, tests/unit/pricing.test.ts)', () => {
    expect(formatMoney('7.5')).toBe('7.50');
    expect(formatMoney({ toFixed: (dp?: number) => (1.1).toFixed(dp) })).toBe('1.10');
  });

  it.each([
    ['12.34', '12.34'],
    [12.34, '12.34'],
    [5, '5.00'],
    ['7.5', '7.50'],
    [' 3 ', '3.00'],
    ['0012.30', '12.30'],
    [99999999.99, '99999999.99'],
  ])('moneySchema accepts %p as %p', (input, out) => {
    expect(moneySchema.parse(input)).toBe(out);
  });

  it.each([
    ['-1'],
    [-0.01],
    ['1.234'],
    [1.005],
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
  ])('moneySchema rejects %p', (input) => {
    expect(moneySchema.safeParse(input).success).toBe(false);
  });
});
