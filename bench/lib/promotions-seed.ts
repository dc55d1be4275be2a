// Catalog groups and promotions for the checkout scenario's promotions variant (issue 16
// point 5), all created through the public API like the rest of the bench's seed:
// - groups(): a two-level category tree (2 roots × 2 leaves) and 3 collections; the checkout
//   products are spread over the leaves and collections, so category promotions match by
//   descendant and collection promotions by membership;
// - seedPromotions(): 20 active automatic promotions (percentage, fixed_amount and
//   free_shipping; whole-order and per product / category / collection; spread priorities;
//   some with minSubtotal, dates or limits; all combinable so they stack) and one code
//   promotion, which the flow puts on every cart.
// The amounts are small against the products' 12.50, so even when every promotion matches the
// order keeps a positive total (tax and payment still have work to do).
import { call, type Tenant } from './api';

export const PROMOTION_CODE = 'BENCH10';
/**
 * BENCH_PROMO_LIMITS=0: the same promotions without usageLimit / perCustomerLimit (a
 * diagnostic variant, not the issue's: it tells the pricing cost from the limits' cost: the
 * limited promotions' counters, hot rows every order with them locks until COMMIT, and the
 * person's redemptions read on every pricing and re-read under the person's lock).
 */
export const PROMOTION_LIMITS = process.env.BENCH_PROMO_LIMITS !== '0';
export const AUTOMATIC_PROMOTIONS = 20;

export interface CatalogGroups {
  /** [rootA, rootB]. */
  roots: string[];
  /** [A1, A2, B1, B2]: product i is in leaf i mod 4. */
  leaves: string[];
  /** [C0, C1, C2]: product i is in collection i mod 3. */
  collections: string[];
}

const admin = (t: Tenant) => ({ 'x-api-key': t.apiKey });
const idOf = (r: { json: { data?: unknown } }): string => (r.json.data as { id: string }).id;

export async function groups(base: string, t: Tenant): Promise<CatalogGroups> {
  const category = async (name: string, parentId: string | null) =>
    idOf(await call(base, 'POST', '/api/v1/categories', { headers: admin(t), body: { name, parentId } }));
  const roots = [await category('Apparel', null), await category('Home', null)];
  const leaves = [
    await category('Shirts', roots[0]!),
    await category('Shoes', roots[0]!),
    await category('Kitchen', roots[1]!),
    await category('Garden', roots[1]!),
  ];
  const collections: string[] = [];
  for (const title of ['New in', 'Best sellers', 'Gifts'])
    collections.push(idOf(await call(base, 'POST', '/api/v1/collections', { headers: admin(t), body: { title } })));
  return { roots, leaves, collections };
}

/** The memberships of the i-th checkout product (create body fields). */
export const membershipsOf = (g: CatalogGroups, i: number) => ({
  categoryIds: [g.leaves[i % g.leaves.length]!],
  collectionIds: [g.collections[i % g.collections.length]!],
});

/** The promotion bodies (POST /promotions), automatic first, the code promotion last. */
export function promotionBodies(g: CatalogGroups, productIds: string[]): Record<string, unknown>[] {
  const [rootA, rootB] = g.roots;
  const [a1, a2, b1] = g.leaves;
  const [c0, c1, c2] = g.collections;
  const day = 86_400_000;
  const since = new Date(Date.now() - 30 * day).toISOString();
  const until = new Date(Date.now() + 30 * day).toISOString();
  const auto = (
    name: string,
    type: 'percentage' | 'fixed_amount' | 'free_shipping',
    value: string | null,
    priority: number,
    more: Record<string, unknown> = {},
  ) => ({ name, type, ...(value === null ? {} : { value }), priority, combinable: true, status: 'active', ...more });
  const list = [
    auto('Store-wide 5 %', 'percentage', '5', 10),
    auto('Spend 10, save 2 %', 'percentage', '2', 20, { minSubtotal: '10.00' }),
    auto('Spend 200, save 10 %', 'percentage', '10', 5, { minSubtotal: '200.00' }), // never reached
    auto('Ten products 3 %', 'percentage', '3', 15, { appliesTo: { productIds: productIds.slice(0, 10) } }),
    auto('Apparel 4 %', 'percentage', '4', 25, { appliesTo: { categoryIds: [rootA] } }), // by descendant
    auto('Shirts 1.5 %', 'percentage', '1.5', 30, { appliesTo: { categoryIds: [a1] } }),
    auto('New in 2.5 %', 'percentage', '2.5', 35, { appliesTo: { collectionIds: [c0] } }),
    auto('Clearance 20 %', 'percentage', '20', 40, { appliesTo: { productIds: productIds.slice(10, 13) } }),
    auto('0.50 off every order', 'fixed_amount', '0.50', 50),
    auto('0.25 off ten products', 'fixed_amount', '0.25', 55, { appliesTo: { productIds: productIds.slice(20, 30) } }),
    auto('Home 0.30 off', 'fixed_amount', '0.30', 60, { appliesTo: { categoryIds: [rootB] } }),
    auto('Best sellers 1.00 off over 10', 'fixed_amount', '1.00', 65, {
      appliesTo: { collectionIds: [c1] },
      minSubtotal: '10.00',
    }),
    auto('5.00 off over 150', 'fixed_amount', '5.00', 70, { minSubtotal: '150.00' }), // never reached
    auto('Free shipping over 75', 'free_shipping', null, 80, { minSubtotal: '75.00' }), // never reached
    auto('Gifts ship free', 'free_shipping', null, 85, { appliesTo: { collectionIds: [c2] } }),
    auto('Month sale 1 %', 'percentage', '1', 90, { startsAt: since, endsAt: until, usageLimit: 10_000_000 }),
    auto('First order 0.10 off', 'fixed_amount', '0.10', 95, { perCustomerLimit: 1 }),
    auto('Shoes and Kitchen 2 %', 'percentage', '2', 100, {
      appliesTo: { categoryIds: [a2, b1] },
      usageLimit: 10_000_000,
    }),
    auto('0.20 off half the catalog', 'fixed_amount', '0.20', 110, {
      appliesTo: { productIds: productIds.slice(25, 50) },
    }),
    auto('Store-wide 0.5 %', 'percentage', '0.5', 120),
  ];
  if (list.length !== AUTOMATIC_PROMOTIONS) throw new Error(`expected ${AUTOMATIC_PROMOTIONS} automatic promotions`);
  const withCode = {
    name: 'Newsletter 10 %',
    code: PROMOTION_CODE,
    type: 'percentage',
    value: '10',
    priority: 0,
    combinable: true,
    status: 'active',
    usageLimit: 10_000_000,
    perCustomerLimit: 1,
  };
  const bodies: Record<string, unknown>[] = [...list, withCode];
  return PROMOTION_LIMITS ? bodies : bodies.map(({ usageLimit: _u, perCustomerLimit: _p, ...rest }) => rest);
}

/** Creates the 20 automatic promotions and the code one; returns their ids. */
export async function seedPromotions(base: string, t: Tenant, g: CatalogGroups, productIds: string[]) {
  const ids: string[] = [];
  for (const body of promotionBodies(g, productIds))
    ids.push(idOf(await call(base, 'POST', '/api/v1/promotions', { headers: admin(t), body })));
  return ids;
}
