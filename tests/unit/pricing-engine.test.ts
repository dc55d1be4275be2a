// The one pricing engine against hand-computed cases (every figure below was worked out by
// hand from the contract's rules: per-line tax, half-up to the minor unit, parts add up).
import { priceCart, taxRateFor, type PricingInput, type TaxRate } from '../../src/modules/orders/pricing-engine';

const rate = (r: string, appliesToShipping = false): TaxRate => ({ name: `Tax ${r}`, rate: r, appliesToShipping });
const input = (over: Partial<PricingInput>): PricingInput => ({
  currency: 'USD',
  pricesIncludeTax: false,
  lines: [],
  shipping: null,
  tax: null,
  ...over,
});

interface Expected {
  lines: { subtotal: bigint; discountTotal: bigint; taxTotal: bigint; total: bigint }[];
  subtotal: bigint;
  discountTotal: bigint;
  shippingTotal: bigint;
  taxTotal: bigint;
  total: bigint;
}

const cases: [string, PricingInput, Expected][] = [
  [
    // 99.99 × 8.875 % = 8.874… → 8.87 on the line amount (per unit it would be 3 × 2.96 = 8.88).
    '3 × 33.33 at 8.875 %, tax exclusive',
    input({ lines: [{ unitPrice: '33.33', quantity: 3 }], tax: rate('8.875') }),
    {
      lines: [{ subtotal: 9999n, discountTotal: 0n, taxTotal: 887n, total: 10886n }],
      subtotal: 9999n,
      discountTotal: 0n,
      shippingTotal: 0n,
      taxTotal: 887n,
      total: 10886n,
    },
  ],
  [
    // Contained tax: 99.99 × 8.875 / 108.875 = 8.1507… → 8.15; the total stays 99.99.
    '3 × 33.33 at 8.875 %, tax inclusive',
    input({ pricesIncludeTax: true, lines: [{ unitPrice: '33.33', quantity: 3 }], tax: rate('8.875') }),
    {
      lines: [{ subtotal: 9999n, discountTotal: 0n, taxTotal: 815n, total: 9999n }],
      subtotal: 9999n,
      discountTotal: 0n,
      shippingTotal: 0n,
      taxTotal: 815n,
      total: 9999n,
    },
  ],
  [
    // 10.00 + 5.00 shipping at 10 %: line tax 1.00, shipping tax 0.50.
    'shipping taxed',
    input({ lines: [{ unitPrice: '10.00', quantity: 1 }], shipping: '5.00', tax: rate('10', true) }),
    {
      lines: [{ subtotal: 1000n, discountTotal: 0n, taxTotal: 100n, total: 1100n }],
      subtotal: 1000n,
      discountTotal: 0n,
      shippingTotal: 500n,
      taxTotal: 150n,
      total: 1650n,
    },
  ],
  [
    'shipping untaxed',
    input({ lines: [{ unitPrice: '10.00', quantity: 1 }], shipping: '5.00', tax: rate('10', false) }),
    {
      lines: [{ subtotal: 1000n, discountTotal: 0n, taxTotal: 100n, total: 1100n }],
      subtotal: 1000n,
      discountTotal: 0n,
      shippingTotal: 500n,
      taxTotal: 100n,
      total: 1600n,
    },
  ],
  [
    // Inclusive shipping: 5.00 × 10 / 110 = 0.4545… → 0.45 contained; total 15.00.
    'shipping taxed, prices include tax',
    input({
      pricesIncludeTax: true,
      lines: [{ unitPrice: '10.00', quantity: 1 }],
      shipping: '5.00',
      tax: rate('10', true),
    }),
    {
      lines: [{ subtotal: 1000n, discountTotal: 0n, taxTotal: 91n, total: 1000n }],
      subtotal: 1000n,
      discountTotal: 0n,
      shippingTotal: 500n,
      taxTotal: 136n,
      total: 1500n,
    },
  ],
  [
    // JPY has no minor digits: 1500 × 2 at 8 % = 240; 1234 at 8 % = 98.72 → 99 yen.
    'JPY',
    input({
      currency: 'JPY',
      lines: [
        { unitPrice: '1500', quantity: 2 },
        { unitPrice: '1234', quantity: 1 },
      ],
      tax: rate('8'),
    }),
    {
      lines: [
        { subtotal: 3000n, discountTotal: 0n, taxTotal: 240n, total: 3240n },
        { subtotal: 1234n, discountTotal: 0n, taxTotal: 99n, total: 1333n },
      ],
      subtotal: 4234n,
      discountTotal: 0n,
      shippingTotal: 0n,
      taxTotal: 339n,
      total: 4573n,
    },
  ],
  [
    // KWD has three: 1.250 × 3 = 3.750 at 5 % = 0.1875 → 0.188 (half up).
    'KWD',
    input({ currency: 'KWD', lines: [{ unitPrice: '1.250', quantity: 3 }], tax: rate('5') }),
    {
      lines: [{ subtotal: 3750n, discountTotal: 0n, taxTotal: 188n, total: 3938n }],
      subtotal: 3750n,
      discountTotal: 0n,
      shippingTotal: 0n,
      taxTotal: 188n,
      total: 3938n,
    },
  ],
  [
    // Half a cent rounds up: 0.10 at 5 % = 0.005 → 0.01.
    'half up at the minor unit',
    input({ lines: [{ unitPrice: '0.10', quantity: 1 }], tax: rate('5') }),
    {
      lines: [{ subtotal: 10n, discountTotal: 0n, taxTotal: 1n, total: 11n }],
      subtotal: 10n,
      discountTotal: 0n,
      shippingTotal: 0n,
      taxTotal: 1n,
      total: 11n,
    },
  ],
  [
    // Tax on the amount after the line's discount: (100.00 − 10.00) × 10 % = 9.00.
    'a discounted line is taxed after its discount',
    input({ lines: [{ unitPrice: '50.00', quantity: 2, discount: '10.00' }], tax: rate('10') }),
    {
      lines: [{ subtotal: 10000n, discountTotal: 1000n, taxTotal: 900n, total: 9900n }],
      subtotal: 10000n,
      discountTotal: 1000n,
      shippingTotal: 0n,
      taxTotal: 900n,
      total: 9900n,
    },
  ],
  [
    'no tax rate: part-1 totals',
    input({ lines: [{ unitPrice: '19.99', quantity: 3 }], shipping: null }),
    {
      lines: [{ subtotal: 5997n, discountTotal: 0n, taxTotal: 0n, total: 5997n }],
      subtotal: 5997n,
      discountTotal: 0n,
      shippingTotal: 0n,
      taxTotal: 0n,
      total: 5997n,
    },
  ],
];

describe('priceCart (hand-computed)', () => {
  it.each(cases)('%s', (_name, given, want) => {
    const r = priceCart(given);
    expect(
      r.lines.map(({ subtotal, discountTotal, taxTotal, total }) => ({ subtotal, discountTotal, taxTotal, total })),
    ).toEqual(want.lines);
    expect({
      subtotal: r.subtotal,
      discountTotal: r.discountTotal,
      shippingTotal: r.shippingTotal,
      taxTotal: r.taxTotal,
      total: r.total,
    }).toEqual({
      subtotal: want.subtotal,
      discountTotal: want.discountTotal,
      shippingTotal: want.shippingTotal,
      taxTotal: want.taxTotal,
      total: want.total,
    });
  });

  it('names its tax line, with the whole tax (lines and shipping)', () => {
    const r = priceCart(
      input({ lines: [{ unitPrice: '10.00', quantity: 1 }], shipping: '5.00', tax: rate('10', true) }),
    );
    expect(r.taxLines).toEqual([{ name: 'Tax 10', rate: '10', amount: 150n }]);
    expect(priceCart(input({ lines: [{ unitPrice: '1.00', quantity: 1 }] })).taxLines).toEqual([]);
  });

  it('the parts always add up to the total (500 pseudo-random carts, both tax modes)', () => {
    let seed = 42;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 500; i++) {
      const inclusive = i % 2 === 0;
      const lines = Array.from({ length: 1 + next(5) }, () => {
        const cents = 1 + next(100_000);
        return {
          unitPrice: (cents / 100).toFixed(2),
          quantity: 1 + next(7),
          discount: (next(cents) / 100).toFixed(2),
        };
      });
      const r = priceCart(
        input({
          pricesIncludeTax: inclusive,
          lines,
          shipping: (next(2_000) / 100).toFixed(2),
          tax: rate(`${next(30)}.${next(1000)}`, next(2) === 1),
        }),
      );
      const lineTotals = r.lines.reduce((a, l) => a + l.total, 0n);
      const shippingPart = r.shippingTotal + (inclusive ? 0n : r.shippingTaxTotal);
      expect(lineTotals + shippingPart).toBe(r.total);
      expect(r.subtotal - r.discountTotal + r.shippingTotal + (inclusive ? 0n : r.taxTotal)).toBe(r.total);
      for (const l of r.lines) expect(l.total).toBe(l.subtotal - l.discountTotal + (inclusive ? 0n : l.taxTotal));
    }
  });

  it('refuses what the schemas refuse before it runs', () => {
    expect(() => priceCart(input({ lines: [{ unitPrice: '1.005', quantity: 1 }] }))).toThrow(RangeError);
    expect(() => priceCart(input({ currency: 'JPY', lines: [{ unitPrice: '1.5', quantity: 1 }] }))).toThrow(RangeError);
    expect(() => priceCart(input({ lines: [{ unitPrice: '1.00', quantity: 0 }] }))).toThrow(RangeError);
    expect(() => priceCart(input({ lines: [{ unitPrice: '1.00', quantity: 1, discount: '2.00' }] }))).toThrow(
      RangeError,
    );
    expect(() => priceCart(input({ lines: [], tax: rate('8.8755') }))).toThrow(RangeError);
  });
});

describe('taxRateFor', () => {
  const rates = [
    { country: 'US', state: null, name: 'US', rate: '5' },
    { country: 'US', state: 'NY', name: 'NY', rate: '8.875' },
    { country: 'DE', state: null, name: 'MwSt', rate: '19' },
  ];
  it('takes the state rate beside the country rate, else the country rate, else none', () => {
    expect(taxRateFor(rates, { country: 'US', state: 'NY' })?.name).toBe('NY');
    expect(taxRateFor(rates, { country: 'US', state: 'CA' })?.name).toBe('US');
    expect(taxRateFor(rates, { country: 'US' })?.name).toBe('US');
    expect(taxRateFor(rates, { country: 'DE', state: 'BY' })?.name).toBe('MwSt');
    expect(taxRateFor(rates, { country: 'FR' })).toBeNull();
  });
});
