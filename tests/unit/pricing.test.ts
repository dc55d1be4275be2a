// priceOrder: exact integer minor units, whatever the currency's minor digits.
import { priceOrder } from '../../src/modules/orders/pricing';

describe('priceOrder', () => {
  it.each([
    // currency, lines [unitPrice, quantity], line totals, total
    ['USD', [['33.33', 3]], ['99.99'], '99.99'],
    [
      'USD',
      [
        ['0.10', 3],
        ['0.20', 1],
      ],
      ['0.30', '0.20'],
      '0.50',
    ],
    [
      'USD',
      [
        ['19.99', 3],
        ['5', 2],
      ],
      ['59.97', '10.00'],
      '69.97',
    ],
    ['EUR', [['0.01', 1]], ['0.01'], '0.01'],
    [
      'JPY',
      [
        ['1200', 3],
        ['1', 7],
      ],
      ['3600', '7'],
      '3607',
    ],
    [
      'KWD',
      [
        ['1.25', 3],
        ['0.05', 3],
      ],
      ['3.750', '0.150'],
      '3.900',
    ],
    ['USD', [['99999999.99', 100]], ['9999999999.00'], '9999999999.00'],
    ['USD', [], [], '0.00'],
  ] as const)('%s %j → %j, total %s', (currency, lines, lineTotals, total) => {
    const priced = priceOrder({
      currency,
      lines: lines.map(([unitPrice, quantity]) => ({ unitPrice, quantity })),
    });
    expect(priced.lines.map((l) => l.lineTotal)).toEqual(lineTotals);
    expect(priced.subtotal).toBe(total);
    expect(priced.total).toBe(total);
  });

  it('normalises unit prices to the API form and gives the total in minor units', () => {
    const usd = priceOrder({ currency: 'USD', lines: [{ unitPrice: '33.3', quantity: 3 }] });
    expect(usd.lines).toEqual([{ unitPrice: '33.30', quantity: 3, lineTotal: '99.90' }]);
    expect(usd.totalMinor).toBe(9990n);
    expect(priceOrder({ currency: 'JPY', lines: [{ unitPrice: '1200.00', quantity: 2 }] }).totalMinor).toBe(2400n);
    expect(priceOrder({ currency: 'KWD', lines: [{ unitPrice: '1.25', quantity: 2 }] }).totalMinor).toBe(2500n);
  });

  it('is exact where floating point is not (0.1 + 0.2, 3 × 33.33, large totals)', () => {
    const many = priceOrder({
      currency: 'USD',
      lines: Array.from({ length: 10 }, () => ({ unitPrice: '0.10', quantity: 1 })),
    });
    expect(many.total).toBe('1.00');
    expect(priceOrder({ currency: 'USD', lines: [{ unitPrice: '90071992547409.93', quantity: 1000 }] }).total).toBe(
      '90071992547409930.00',
    );
  });

  it('refuses what cannot be priced exactly', () => {
    expect(() => priceOrder({ currency: 'JPY', lines: [{ unitPrice: '12.50', quantity: 1 }] })).toThrow(RangeError);
    expect(() => priceOrder({ currency: 'USD', lines: [{ unitPrice: '1.005', quantity: 1 }] })).toThrow(RangeError);
    expect(() => priceOrder({ currency: 'USD', lines: [{ unitPrice: '-1.00', quantity: 1 }] })).toThrow(RangeError);
    expect(() => priceOrder({ currency: 'USD', lines: [{ unitPrice: '1.00', quantity: 0 }] })).toThrow(RangeError);
    expect(() => priceOrder({ currency: 'USD', lines: [{ unitPrice: '1.00', quantity: 1.5 }] })).toThrow(RangeError);
  });
});
