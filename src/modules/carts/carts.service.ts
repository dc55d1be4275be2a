// Carts: storefront traffic, so every request is raw SQL on the pg pool in at most two
// statements: a read is one snapshot; a write is a snapshot (holder, status, variants to
// add, taxes and zones of a new address) and one guarded write, and its response is the
// snapshot with the write applied, re-priced (no read-back). Cart writes emit no webhooks and
// write no audit rows (item churn is not an audit event); they still run through the write path.
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/app-context';
import { actorOf, type Principal, type TenantRef } from '../../platform/auth/types';
import { drainInBatches } from '../../platform/batches';
import { withTenantRaw } from '../../platform/db/prisma';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors';
import { skipTake } from '../../platform/http/validate';
import { lookupIds, requestedLines, type RequestedLine } from '../orders';
import { discountCodeInvalid } from '../promotions';
import type { EffectiveRate } from '../shipping';
import { tenantWriteRaw } from '../write-path';
import { assertHolder, assertReader } from './carts.holder';
import { assertAvailable, assertLineMax, resolveItem } from './carts.lines';
import { eligibleCartRates, priceSnapshot } from './carts.pricing';
import { deleteExpiredCarts, insertCart, writeCart, type CartChanges, type ItemWrite } from './carts.repository';
import {
  listCartSnapshots,
  loadCartSnapshot,
  loadForWrite,
  lookupForNewCart,
  type CartLine,
  type CartSnapshot,
  type VariantLookup,
} from './carts.snapshot.repository';
import type { CartItemInput, CartView, CreateCartInput, ListCartsQuery, UpdateCartInput } from './carts.schemas';

export const cartCompleted = (): AppError => conflict('CART_COMPLETED', 'This cart is completed and read-only');

export class CartsService {
  constructor(private readonly ctx: AppContext) {}

  private get ttlDays(): number {
    return this.ctx.config.CART_TTL_DAYS;
  }

  /** POST /carts: a guest (public, X-Tenant) or a CUSTOMER, whose cart it then is. */
  async create(
    principal: Principal | undefined,
    tenant: TenantRef,
    input: CreateCartInput,
    correlationId: string | null,
  ): Promise<CartView> {
    if (principal && principal.role !== 'CUSTOMER')
      throw forbidden('Carts are created by shoppers: guests or customers');
    const requested = requestedLines(input.items ?? []);
    return tenantWriteRaw(this.ctx, actorOf(principal, tenant.id, correlationId), async ({ tx }) => {
      let pricesIncludeTax = false;
      let promoted: Pick<CartSnapshot, 'promotions' | 'tags'> = { promotions: [], tags: new Map() };
      const merged: { variant: CartLine['variant']; quantity: number }[] = [];
      // An empty cart has nothing to price: its automatic promotions are read with its first line.
      if (requested.length > 0) {
        const customerId = principal?.role === 'CUSTOMER' ? principal.id : null;
        const person = { customerId, email: input.email ?? null };
        const found = await lookupForNewCart(tx, tenant.id, lookupIds(requested), person);
        pricesIncludeTax = found.pricesIncludeTax;
        promoted = { promotions: found.promotions, tags: found.tags };
        requested.forEach((it, i) => {
          const v = resolveItem(it, found.requested, `items.${i}.`);
          const line = merged.find((m) => m.variant.id === v.id);
          if (line) line.quantity += it.quantity;
          else merged.push({ variant: v, quantity: it.quantity });
        });
        merged.forEach((m) => {
          assertAvailable(m.variant, m.quantity);
          assertLineMax(m.quantity, 'items');
        });
      }
      const { row, itemIds } = await insertCart(tx, {
        id: randomUUID(),
        tenantId: tenant.id,
        customerId: principal?.role === 'CUSTOMER' ? principal.id : null,
        email: input.email ?? null,
        currency: tenant.currency,
        ttlDays: this.ttlDays,
        items: merged.map((m) => ({ variantId: m.variant.id, quantity: m.quantity })),
      });
      const lines = merged.map((m, i) => ({ id: itemIds[i]!, quantity: m.quantity, variant: m.variant }));
      return priceSnapshot({ cart: row, lines, pricesIncludeTax, taxRates: [], zoneRates: null, ...promoted }).view;
    });
  }

  async get(principal: Principal | undefined, tenant: TenantRef, id: string): Promise<CartView> {
    return priceSnapshot(await this.read(principal, tenant, id)).view;
  }

  /** GET /carts (staff): newest first, each re-priced. */
  async list(tenant: TenantRef, q: ListCartsQuery): Promise<{ items: CartView[]; total: number }> {
    const { skip, take } = skipTake(q);
    const { snapshots, total } = await withTenantRaw(this.ctx.db, tenant.id, (tx) =>
      listCartSnapshots(tx, tenant.id, q.status ?? null, skip, take),
    );
    return { items: snapshots.map((s) => priceSnapshot(s).view), total };
  }

  /** GET /carts/:id/shipping-rates: the eligible rates with what each costs this cart. */
  async shippingRates(principal: Principal | undefined, tenant: TenantRef, id: string): Promise<EffectiveRate[]> {
    const s = await this.read(principal, tenant, id);
    if (!s.cart.shippingAddress) throw addressRequired();
    return eligibleCartRates(s);
  }

  async update(
    principal: Principal | undefined,
    tenant: TenantRef,
    id: string,
    input: UpdateCartInput,
    correlationId: string | null,
  ): Promise<CartView> {
    const addressChange = input.shippingAddress !== undefined;
    return this.write(
      principal,
      tenant,
      id,
      correlationId,
      addressChange ? { country: input.shippingAddress?.country ?? null } : {},
      (s) => {
        const changes: CartChanges = { ...input };
        const cart = { ...s.cart };
        if (input.email !== undefined) cart.email = input.email;
        if (input.shippingAddress !== undefined) cart.shippingAddress = input.shippingAddress;
        if (input.billingAddress !== undefined) cart.billingAddress = input.billingAddress;
        // An address change drops a method the new address (its zone, or none) does not offer.
        if (addressChange && cart.shippingRateId !== null && !priceSnapshot({ ...s, cart }).method) {
          changes.shippingRateId = null;
          cart.shippingRateId = null;
        }
        return { changes, next: { ...s, cart } };
      },
    );
  }

  async addItem(
    principal: Principal | undefined,
    tenant: TenantRef,
    id: string,
    input: CartItemInput,
    correlationId: string | null,
  ): Promise<CartView> {
    const [item] = requestedLines([input]) as [RequestedLine];
    return this.write(principal, tenant, id, correlationId, { lookup: lookupIds([item]) }, (s, found) => {
      const v = resolveItem(item, found);
      const existing = s.lines.find((l) => l.variant.id === v.id);
      const quantity = (existing?.quantity ?? 0) + item.quantity;
      assertAvailable(v, quantity);
      assertLineMax(quantity, 'quantity');
      return {
        changes: {},
        item: { kind: 'add', tenantId: tenant.id, variantId: v.id, quantity: item.quantity },
        next: s,
        // The line as written (a concurrent add to the same line counts too).
        apply: (written) => {
          assertAvailable(v, written.quantity);
          return existing
            ? s.lines.map((l) => (l.id === existing.id ? { ...l, quantity: written.quantity } : l))
            : [...s.lines, { id: written.id, quantity: written.quantity, variant: v }];
        },
      };
    });
  }

  /** PATCH / DELETE /carts/:id/items/:itemId: a new quantity (0 removes the line). */
  async setItemQuantity(
    principal: Principal | undefined,
    tenant: TenantRef,
    id: string,
    itemId: string,
    quantity: number,
    correlationId: string | null,
  ): Promise<CartView> {
    return this.write(principal, tenant, id, correlationId, {}, (s) => {
      const line = s.lines.find((l) => l.id === itemId);
      if (!line) throw notFound('Cart item');
      // Only a larger quantity must be in stock: lowering a line is always allowed.
      if (quantity > line.quantity) assertAvailable(line.variant, quantity);
      const item: ItemWrite = quantity === 0 ? { kind: 'remove', itemId } : { kind: 'set', itemId, quantity };
      return {
        changes: {},
        item,
        next: s,
        apply: () =>
          quantity === 0
            ? s.lines.filter((l) => l.id !== itemId)
            : s.lines.map((l) => (l.id === itemId ? { ...l, quantity } : l)),
      };
    });
  }

  async setShippingMethod(
    principal: Principal | undefined,
    tenant: TenantRef,
    id: string,
    rateId: string,
    correlationId: string | null,
  ): Promise<CartView> {
    const wanted = rateId.toLowerCase();
    return this.write(principal, tenant, id, correlationId, {}, (s) => {
      if (!s.cart.shippingAddress) throw addressRequired();
      const eligible = eligibleCartRates(s);
      if (!eligible.some((r) => r.id === wanted))
        throw conflict('SHIPPING_RATE_UNAVAILABLE', 'This shipping rate is not available for this cart', {
          rateId,
          eligibleRateIds: eligible.map((r) => r.id),
        });
      return { changes: { shippingRateId: wanted }, next: { ...s, cart: { ...s.cart, shippingRateId: wanted } } };
    });
  }

  /**
   * POST /carts/:id/discount-codes: the code is kept (in the promotion's own spelling) only
   * if it applies to the cart as it is now; else 409 DISCOUNT_CODE_INVALID says why. The
   * same code again (any case) changes nothing.
   */
  async addDiscountCode(
    principal: Principal | undefined,
    tenant: TenantRef,
    id: string,
    code: string,
    correlationId: string | null,
  ): Promise<CartView> {
    const wanted = code.trim();
    const same = (c: string) => c.toLowerCase() === wanted.toLowerCase();
    return this.write(principal, tenant, id, correlationId, { code: wanted }, (s) => {
      const held = s.cart.discountCodes.some(same);
      const tried = held ? s.cart.discountCodes : [...s.cart.discountCodes, wanted];
      const status = priceSnapshot({ ...s, cart: { ...s.cart, discountCodes: tried } }).promotions.codes.find((c) =>
        same(c.code),
      )!;
      if (!status.applied) throw discountCodeInvalid(status);
      const discountCodes = held ? s.cart.discountCodes : [...s.cart.discountCodes, status.code];
      return { changes: { discountCodes }, next: { ...s, cart: { ...s.cart, discountCodes } } };
    });
  }

  /** DELETE /carts/:id/discount-codes/:code: 404 for a code the cart does not hold. */
  async removeDiscountCode(
    principal: Principal | undefined,
    tenant: TenantRef,
    id: string,
    code: string,
    correlationId: string | null,
  ): Promise<CartView> {
    const same = (c: string) => c.toLowerCase() === code.toLowerCase();
    return this.write(principal, tenant, id, correlationId, {}, (s) => {
      if (!s.cart.discountCodes.some(same)) throw notFound('Discount code on this cart');
      const discountCodes = s.cart.discountCodes.filter((c) => !same(c));
      return { changes: { discountCodes }, next: { ...s, cart: { ...s.cart, discountCodes } } };
    });
  }

  /**
   * Retention: deletes open carts past their expiry (CART_TTL_DAYS after their last write),
   * in batches of `batch`, at most `maxBatches` per call; returns how many went.
   */
  async deleteExpired(batch = 1000, maxBatches = 10): Promise<number> {
    return drainInBatches((n) => deleteExpiredCarts(this.ctx.db, n), batch, maxBatches);
  }

  /** One snapshot; 404 unless the caller holds the cart (or, without `hold`, is staff). */
  private async read(
    principal: Principal | undefined,
    tenant: TenantRef,
    id: string,
    opts: { hold?: boolean } = {},
  ): Promise<CartSnapshot> {
    const s = await withTenantRaw(this.ctx.db, tenant.id, (tx) =>
      loadCartSnapshot(tx, tenant.id, id, { forUpdate: false }),
    );
    if (!s) throw notFound('Cart');
    if (opts.hold) assertHolder(principal, s.cart);
    else assertReader(principal, s.cart);
    return s;
  }

  /**
   * A cart write in two statements: the snapshot (with `load`'s extras), then `plan`'s
   * changes in one guarded write; the response is `plan`'s next snapshot with the write's
   * timestamps (and line) applied, re-priced.
   */
  private async write(
    principal: Principal | undefined,
    tenant: TenantRef,
    id: string,
    correlationId: string | null,
    load: { country?: string | null; lookup?: VariantLookup; code?: string },
    plan: (s: CartSnapshot, found: CartLine['variant'][]) => WritePlan,
  ): Promise<CartView> {
    return tenantWriteRaw(this.ctx, actorOf(principal, tenant.id, correlationId), async ({ tx }) => {
      const loaded = await loadForWrite(tx, tenant.id, id, load);
      if (!loaded) throw notFound('Cart');
      const s = loaded.snapshot;
      assertHolder(principal, s.cart);
      if (s.cart.status === 'completed') throw cartCompleted();
      const p = plan(s, loaded.requested);
      const written = await writeCart(tx, id, this.ttlDays, p.changes, p.item);
      // The cart was completed (or deleted) between the two statements: nothing changed.
      if (!written) throw cartCompleted();
      if (p.item && !written.item) throw notFound('Cart item');
      const lines = p.apply && written.item ? p.apply(written.item) : p.next.lines;
      const cart = { ...p.next.cart, updatedAt: written.updatedAt, expiresAt: written.expiresAt };
      return priceSnapshot({ ...p.next, cart, lines }).view;
    });
  }
}

interface WritePlan {
  changes: CartChanges;
  item?: ItemWrite;
  /** The snapshot as the write leaves it (lines: see apply). */
  next: CartSnapshot;
  /** The lines after the line write, from the line as written. */
  apply?: (written: { id: string; quantity: number }) => CartLine[];
}

const addressRequired = (): AppError =>
  new AppError(400, 'ADDRESS_REQUIRED', 'The cart needs a shipping address first (PATCH /carts/:id)');
