// Rate eligibility: [minSubtotal, maxSubtotal), freeAbove → 0 at or above, exact minor units.
import { eligibleRates } from '../../src/modules/shipping/shipping.rates';

const rates = [
  { id: 'a', name: 'Standard', amount: '5.00', maxSubtotal: '100.00', freeAbove: '50.00' },
  { id: 'b', name: 'Express', amount: '15.00' },
  { id: 'c', name: 'Bulky', amount: '40.00', minSubtotal: '100.00' },
];

describe('eligibleRates', () => {
  it.each([
    // subtotal, expected [id, amount]
    [
      '0.00',
      [
        ['a', '5.00'],
        ['b', '15.00'],
      ],
    ],
    [
      '49.99',
      [
        ['a', '5.00'],
        ['b', '15.00'],
      ],
    ],
    // freeAbove is inclusive: at 50.00 the rate is free.
    [
      '50.00',
      [
        ['a', '0.00'],
        ['b', '15.00'],
      ],
    ],
    [
      '99.99',
      [
        ['a', '0.00'],
        ['b', '15.00'],
      ],
    ],
    // maxSubtotal is exclusive, minSubtotal inclusive: at 100.00 Standard is gone, Bulky is in.
    [
      '100.00',
      [
        ['b', '15.00'],
        ['c', '40.00'],
      ],
    ],
  ])('at a subtotal of %s', (subtotal, want) => {
    expect(eligibleRates(rates, subtotal, 'USD').map((r) => [r.id, r.amount])).toEqual(want);
  });

  it('compares in the currency minor units (JPY)', () => {
    const yen = [{ id: 'y', name: 'Yamato', amount: '800', freeAbove: '5000' }];
    expect(eligibleRates(yen, '4999', 'JPY')[0]!.amount).toBe('800');
    expect(eligibleRates(yen, '5000', 'JPY')[0]!.amount).toBe('0');
    // Column text (three places) reads the same: "800.000" JPY is 800.
    expect(eligibleRates([{ ...yen[0]!, amount: '800.000' }], '4999', 'JPY')[0]!.amount).toBe('800');
  });
});
