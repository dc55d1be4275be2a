// Promotion allocation against hand-computed cases (every figure in the comments was worked
// out by hand from the contract's rules: priority then oldest first, each on what is left,
// percentage half-up per line, fixed amount floor-split with the remainder to the largest line).
import { priceCart } from '../../src/modules/orders/pricing-engine';
import {
  applyPromotions,
  toEngineDiscounts,
  type PromoLine,
  type PromotionOutcome,
  type PromotionRule,
} from '../../src/modules/promotions/promotions.apply';

const line = (
  productId: string,
  subtotal: bigint,
  categoryIds: string[] = [],
  collectionIds: string[] = [],
): PromoLine => ({
  productId,
  categoryIds,
  collectionIds,
  subtotal,
});

let seq = 0;
const promo = (over: Partial<PromotionRule>): PromotionRule => {
  seq += 1;
  return {
    id: `p${seq}`,
    code: null,
    type: 'percentage',
    value: '10',
    appliesTo: { productIds: [], categoryIds: [], collectionIds: [] },
    minSubtotal: null,
    combinable: true,
    priority: 0,
    createdAt: '2025-01-01T00:00:00.000Z',
    ...over,
  };
};

interface Expected {
  lineDiscounts: bigint[];
  discounts: [string, bigint][];
  shippingDiscount?: bigint;
  freeShipping?: boolean;
  skipped?: [string, PromotionOutcome['skipped'][number]['reason']][];
}

interface Case {
  name: string;
  currency?: string;
  lines: PromoLine[];
  shipping?: bigint | null;
  promotions: PromotionRule[];
  expected: Expected;
}

const cases: Case[] = [
  {
    // Sum of the lines 9.99 < 10.00 → capped at 999; 999 × 333 / 999 = 333 each, no remainder.
    name: 'fixed 10.00 over 3 × 3.33 is capped at 9.99',
    lines: [line('a', 333n), line('b', 333n), line('c', 333n)],
    promotions: [promo({ id: 'f', type: 'fixed_amount', value: '10.00' })],
    expected: { lineDiscounts: [333n, 333n, 333n], discounts: [['f', 999n]] },
  },
  {
    // floor(500 × 333 / 999) = floor(166.67) = 166 each → 498; remainder 2 to the first of
    // the equal largest lines → 168, 166, 166 (sum 500).
    name: 'fixed 5.00 over 3 × 3.33: remainder to the first largest line',
    lines: [line('a', 333n), line('b', 333n), line('c', 333n)],
    promotions: [promo({ id: 'f', type: 'fixed_amount', value: '5' })],
    expected: { lineDiscounts: [168n, 166n, 166n], discounts: [['f', 500n]] },
  },
  {
    // Sum 10.00, amount 3.01: 301×200/1000 = 60.2 → 60, 301×700/1000 = 210.7 → 210,
    // 301×100/1000 = 30.1 → 30 = 300; remainder 1 to the largest line (the second) → 211.
    name: 'fixed 3.01 over 2.00/7.00/1.00: remainder to the largest line, not the first',
    lines: [line('a', 200n), line('b', 700n), line('c', 100n)],
    promotions: [promo({ id: 'f', type: 'fixed_amount', value: '3.01' })],
    expected: { lineDiscounts: [60n, 211n, 30n], discounts: [['f', 301n]] },
  },
  {
    // floor(2 × 1/3) = 0 each; remainder 2 > the first line's 0.01: it takes 1, the next 1.
    name: 'fixed 0.02 over 3 × 0.01: the remainder never pushes a line past its amount',
    lines: [line('a', 1n), line('b', 1n), line('c', 1n)],
    promotions: [promo({ id: 'f', type: 'fixed_amount', value: '0.02' })],
    expected: { lineDiscounts: [1n, 1n, 0n], discounts: [['f', 2n]] },
  },
  {
    // JPY (0 digits): 1999 × 15 % = 299.85 → 300; 1001 × 15 % = 150.15 → 150; total 450.
    name: '15 % over JPY 1999 + 1001',
    currency: 'JPY',
    lines: [line('a', 1999n), line('b', 1001n)],
    promotions: [promo({ id: 'p', value: '15' })],
    expected: { lineDiscounts: [300n, 150n], discounts: [['p', 450n]] },
  },
  {
    // Half-up per line: 1990 × 0.15 = 298.5 → 299, 1010 × 0.15 = 151.5 → 152 → 451
    // (on the 3000 total it would be 450: the rule is per line).
    name: '15 % over JPY 1990 + 1010 rounds half-up per line',
    currency: 'JPY',
    lines: [line('a', 1990n), line('b', 1010n)],
    promotions: [promo({ id: 'p', value: '15' })],
    expected: { lineDiscounts: [299n, 152n], discounts: [['p', 451n]] },
  },
  {
    // 12.5 % (two decimals allowed): 9.99 × 0.125 = 1.24875 → 1.25 (half-up).
    name: 'fractional percentages are exact',
    lines: [line('a', 999n)],
    promotions: [promo({ id: 'p1', value: '12.5' }), promo({ id: 'p2', value: '12.34', priority: 1 })],
    // p2 runs on 9.99 − 1.25 = 8.74: 8.74 × 12.34 % = 1.078516 → 1.08.
    expected: {
      lineDiscounts: [233n],
      discounts: [
        ['p1', 125n],
        ['p2', 108n],
      ],
    },
  },
  {
    // 5 % of 100.00 = 5.00; 10 % of the 95.00 left = 9.50 (contract example).
    name: '5 % then 10 % on 100.00 → 5.00 + 9.50',
    lines: [line('a', 10000n)],
    promotions: [promo({ id: 'ten', value: '10', priority: 2 }), promo({ id: 'five', value: '5', priority: 1 })],
    expected: {
      lineDiscounts: [1450n],
      discounts: [
        ['five', 500n],
        ['ten', 950n],
      ],
    },
  },
  {
    // Same priority: the older (2024) runs first: fixed 20.00 → 80.00 left, then 50 % → 40.00
    // (the other order would give 50.00 + 20.00).
    name: 'priority, then oldest createdAt first',
    lines: [line('a', 10000n)],
    promotions: [
      promo({ id: 'pct', value: '50', createdAt: '2025-03-01T00:00:00.000Z' }),
      promo({ id: 'fix', type: 'fixed_amount', value: '20', createdAt: '2024-03-01T00:00:00.000Z' }),
      promo({ id: 'late', value: '10', priority: 5, createdAt: '2020-01-01T00:00:00.000Z' }),
    ],
    // late (priority 5) last: 10 % of 40.00 = 4.00 → total 64.00.
    expected: {
      lineDiscounts: [6400n],
      discounts: [
        ['fix', 2000n],
        ['pct', 4000n],
        ['late', 400n],
      ],
    },
  },
  {
    // Equal priority and createdAt: id order ('a-pct' < 'b-fix'): 50 % → 50.00, then 20.00.
    name: 'id breaks a full tie',
    lines: [line('a', 10000n)],
    promotions: [promo({ id: 'b-fix', type: 'fixed_amount', value: '20' }), promo({ id: 'a-pct', value: '50' })],
    expected: {
      lineDiscounts: [7000n],
      discounts: [
        ['a-pct', 5000n],
        ['b-fix', 2000n],
      ],
    },
  },
  {
    // Non-combinable first: 20 % of 50.00 = 10.00, then the rest stops (combinable or not).
    name: 'non-combinable alone stops the rest',
    lines: [line('a', 5000n)],
    promotions: [
      promo({ id: 'solo', value: '20', combinable: false, priority: 1 }),
      promo({ id: 'comb', value: '10', priority: 2 }),
      promo({ id: 'solo2', value: '30', combinable: false, priority: 3 }),
    ],
    expected: {
      lineDiscounts: [1000n],
      discounts: [['solo', 1000n]],
      skipped: [
        ['comb', 'not_combinable'],
        ['solo2', 'not_combinable'],
      ],
    },
  },
  {
    // A combinable one applied first (10 % of 50.00 = 5.00): the non-combinable one is skipped,
    // and the combinable after it still applies on 45.00 (fixed 5.00 → 40.00 left).
    name: 'non-combinable after another is skipped',
    lines: [line('a', 5000n)],
    promotions: [
      promo({ id: 'comb', value: '10', priority: 1 }),
      promo({ id: 'solo', value: '20', combinable: false, priority: 2 }),
      promo({ id: 'comb2', type: 'fixed_amount', value: '5', priority: 3 }),
    ],
    expected: {
      lineDiscounts: [1000n],
      discounts: [
        ['comb', 500n],
        ['comb2', 500n],
      ],
      skipped: [['solo', 'not_combinable']],
    },
  },
  {
    // A skipped promotion (min not met) does not count as applied: the non-combinable one applies.
    name: 'non-combinable after a skipped one still applies',
    lines: [line('a', 5000n)],
    promotions: [
      promo({ id: 'big', value: '10', minSubtotal: '100', priority: 1 }),
      promo({ id: 'solo', value: '20', combinable: false, priority: 2 }),
    ],
    expected: { lineDiscounts: [1000n], discounts: [['solo', 1000n]], skipped: [['big', 'min_subtotal']] },
  },
  {
    // Lines: a (product P1) 10.00, b (category C1) 20.00, c (collection K1) 30.00, d 40.00.
    // byProduct 10 % → a 1.00; byCat 10 % → b 2.00; byColl 10 % → c 3.00;
    // union (P1 or K1) fixed 4.00 over a 9.00 + c 27.00 = 36.00: floor(400×900/3600) = 100,
    // floor(400×2700/3600) = 300 → exact. nowhere (product P9) → not_applicable.
    name: 'appliesTo by product, category, collection and their union',
    lines: [line('P1', 1000n), line('P2', 2000n, ['C1']), line('P3', 3000n, ['C2'], ['K1']), line('P4', 4000n)],
    promotions: [
      promo({ id: 'byProduct', appliesTo: { productIds: ['P1'], categoryIds: [], collectionIds: [] }, priority: 1 }),
      promo({ id: 'byCat', appliesTo: { productIds: [], categoryIds: ['C1'], collectionIds: [] }, priority: 2 }),
      promo({ id: 'byColl', appliesTo: { productIds: [], categoryIds: [], collectionIds: ['K1'] }, priority: 3 }),
      promo({
        id: 'union',
        type: 'fixed_amount',
        value: '4',
        appliesTo: { productIds: ['P1'], categoryIds: [], collectionIds: ['K1'] },
        priority: 4,
      }),
      promo({ id: 'nowhere', appliesTo: { productIds: ['P9'], categoryIds: ['C9'], collectionIds: [] }, priority: 5 }),
    ],
    expected: {
      lineDiscounts: [200n, 200n, 600n, 0n],
      discounts: [
        ['byProduct', 100n],
        ['byCat', 200n],
        ['byColl', 300n],
        ['union', 400n],
      ],
      skipped: [['nowhere', 'not_applicable']],
    },
  },
  {
    // minSubtotal 30.00 against the matching lines only (C1: 10.00 + 20.00 = 30.00 → met,
    // inclusive); 30.01 → not met. 10 % of 10.00, 20.00 = 1.00, 2.00; line 3 untouched.
    name: 'minSubtotal is inclusive and counts only the applicable lines',
    lines: [line('a', 1000n, ['C1']), line('b', 2000n, ['C1']), line('c', 5000n)],
    promotions: [
      promo({ id: 'at', minSubtotal: '30.00', appliesTo: { productIds: [], categoryIds: ['C1'], collectionIds: [] } }),
      promo({
        id: 'above',
        minSubtotal: '30.01',
        appliesTo: { productIds: [], categoryIds: ['C1'], collectionIds: [] },
        priority: 1,
      }),
    ],
    expected: { lineDiscounts: [100n, 200n, 0n], discounts: [['at', 300n]], skipped: [['above', 'min_subtotal']] },
  },
  {
    // minSubtotal compares the subtotal before discounts: after 50 % the line holds 15.00, but
    // the 30.00 minimum of the second one is still met (10 % of 15.00 = 1.50).
    name: 'minSubtotal uses amounts before any discount',
    lines: [line('a', 3000n)],
    promotions: [promo({ id: 'half', value: '50' }), promo({ id: 'min', minSubtotal: '30', priority: 1 })],
    expected: {
      lineDiscounts: [1650n],
      discounts: [
        ['half', 1500n],
        ['min', 150n],
      ],
    },
  },
  {
    // Free shipping waives the 7.50 shipping; 10 % of 80.00 = 8.00 on the line.
    name: 'free shipping + percentage',
    lines: [line('a', 8000n)],
    shipping: 750n,
    promotions: [promo({ id: 'ship', type: 'free_shipping', value: null }), promo({ id: 'pct', priority: 1 })],
    expected: {
      lineDiscounts: [800n],
      discounts: [
        ['ship', 750n],
        ['pct', 800n],
      ],
      freeShipping: true,
      shippingDiscount: 750n,
    },
  },
  {
    // No shipping line: free shipping still applies (amount 0), so the non-combinable is skipped.
    name: 'free shipping without shipping counts as applied',
    lines: [line('a', 8000n)],
    shipping: null,
    promotions: [
      promo({ id: 'ship', type: 'free_shipping', value: null }),
      promo({ id: 'solo', combinable: false, priority: 1 }),
    ],
    expected: {
      lineDiscounts: [0n],
      discounts: [['ship', 0n]],
      freeShipping: true,
      shippingDiscount: 0n,
      skipped: [['solo', 'not_combinable']],
    },
  },
  {
    // 100 % first leaves nothing: the fixed 5.00 is capped at the 0 left (applied with 0).
    name: 'a discount never exceeds what is left',
    lines: [line('a', 2000n)],
    promotions: [
      promo({ id: 'all', value: '100' }),
      promo({ id: 'fix', type: 'fixed_amount', value: '5', priority: 1 }),
    ],
    expected: {
      lineDiscounts: [2000n],
      discounts: [
        ['all', 2000n],
        ['fix', 0n],
      ],
    },
  },
];

describe('applyPromotions', () => {
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const out = applyPromotions({
      currency: c.currency ?? 'USD',
      lines: c.lines,
      shipping: c.shipping === undefined ? null : c.shipping,
      promotions: c.promotions,
    });
    expect(out.lineDiscounts).toEqual(c.expected.lineDiscounts);
    expect(out.discounts.map((d) => [d.promotionId, d.amount])).toEqual(c.expected.discounts);
    expect(out.shippingDiscount).toBe(c.expected.shippingDiscount ?? 0n);
    expect(out.freeShipping).toBe(c.expected.freeShipping ?? false);
    expect(out.skipped.map((s) => [s.promotionId, s.reason])).toEqual(c.expected.skipped ?? []);
    // Invariants: shares add up to the listed amounts and no line goes below zero.
    const lineSum = out.lineDiscounts.reduce((a, b) => a + b, 0n);
    expect(lineSum).toBe(out.discounts.reduce((a, d) => a + d.amount, 0n) - out.shippingDiscount);
    out.lineDiscounts.forEach((d, i) => expect(d <= c.lines[i]!.subtotal).toBe(true));
  });

  test('skipped entries carry the code', () => {
    const out = applyPromotions({
      currency: 'USD',
      lines: [line('a', 1000n)],
      shipping: null,
      promotions: [promo({ id: 'x', code: 'SAVE', minSubtotal: '50' })],
    });
    expect(out.skipped).toEqual([{ promotionId: 'x', code: 'SAVE', reason: 'min_subtotal' }]);
  });

  test('refuses a percentage outside 0.01..100 and a fixed amount without a value', () => {
    const run = (p: PromotionRule) =>
      applyPromotions({ currency: 'USD', lines: [line('a', 1000n)], shipping: null, promotions: [p] });
    expect(() => run(promo({ value: '100.01' }))).toThrow(RangeError);
    expect(() => run(promo({ value: '0' }))).toThrow(RangeError);
    expect(() => run(promo({ value: '1.234' }))).toThrow(RangeError);
    expect(() => run(promo({ type: 'fixed_amount', value: null }))).toThrow(RangeError);
  });
});

describe('toEngineDiscounts + priceCart', () => {
  test('109.00 incl. 9 % with a fixed 10.00 → net 99.00, tax contained 8.17', () => {
    const out = applyPromotions({
      currency: 'USD',
      lines: [line('a', 10900n)],
      shipping: null,
      promotions: [promo({ id: 'f', type: 'fixed_amount', value: '10.00' })],
    });
    const discounts = toEngineDiscounts(out, 'USD');
    expect(discounts).toEqual(['10.00']);
    const priced = priceCart({
      currency: 'USD',
      pricesIncludeTax: true,
      lines: [{ unitPrice: '109.00', quantity: 1, discount: discounts[0] }],
      shipping: null,
      tax: { name: 'VAT', rate: '9', appliesToShipping: false },
    });
    // Net 109.00 − 10.00 = 99.00; contained tax 99.00 × 9 / 109 = 8.1743… → 8.17; inclusive, so
    // the total is the net 99.00.
    expect(priced.discountTotal).toBe(1000n);
    expect(priced.lines[0]!.taxTotal).toBe(817n);
    expect(priced.taxTotal).toBe(817n);
    expect(priced.total).toBe(9900n);
  });

  test('JPY strings and free shipping → shipping 0 for the engine', () => {
    const out = applyPromotions({
      currency: 'JPY',
      lines: [line('a', 1999n), line('b', 1001n)],
      shipping: 800n,
      promotions: [promo({ id: 'p', value: '15' }), promo({ id: 's', type: 'free_shipping', value: null })],
    });
    expect(toEngineDiscounts(out, 'JPY')).toEqual(['300', '150']);
    // The caller passes shipping − shippingDiscount: 800 − 800 = 0 (still a shipping line).
    const priced = priceCart({
      currency: 'JPY',
      pricesIncludeTax: false,
      lines: [
        { unitPrice: '1999', quantity: 1, discount: '300' },
        { unitPrice: '1001', quantity: 1, discount: '150' },
      ],
      shipping: String(800n - out.shippingDiscount),
      tax: null,
    });
    // 3000 − 450 + 0 shipping = 2550.
    expect(priced.shippingTotal).toBe(0n);
    expect(priced.total).toBe(2550n);
  });
});
