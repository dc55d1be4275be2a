// Orders: creation (stock, totals, outbox, audit and the idempotent response in ONE
// transaction), reads, status changes, cancellation and expiry of unpaid orders.
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/app-context';
import { actorOf, type Principal, type TenantRef } from '../../platform/auth/types';
import { drainInBatches } from '../../platform/batches';
import { sha256Hex } from '../../platform/crypto';
import { withTenant } from '../../platform/db/prisma';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors';
import { envelope } from '../../platform/http/envelope';
import { skipTake } from '../../platform/http/validate';
import { emitLowStockIfCrossed, stockRefusal } from '../inventory';
import { tenantWrite, tenantWriteRaw } from '../write-path';
import {
  claimAndLoadOrderInputs,
  expiredPendingOrders,
  findOrder,
  listOrders,
  lockOrder,
  placeOrder,
  purgeExpiredIdempotencyKeys,
  readIdempotencyKey,
} from './orders.repository';
import type { CreateOrderInput, ListOrdersQuery, OrderStatus, OrderView } from './orders.schemas';
import { byProductThenVariant, lookupIds, requestedLines, resolveLines } from './orders.lines';
import { applyTransition, invalidTransition } from './orders.transitions';
import { orderMetrics, toOrderView } from './orders.view';
import { priceOrder } from './pricing';

/** Stored responses are replayed for 24 h (Stripe's window). */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

export interface IdempotencyInput {
  key: string;
  /** Hash of the request (method, path, canonical body). */
  requestHash: string;
}

export interface CreateResult {
  status: number;
  body: unknown;
  replayed: boolean;
}

/** JSON with object keys sorted, so the same body always hashes the same. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v ?? null);
}

export const requestHash = (method: string, path: string, body: unknown): string =>
  sha256Hex(`${method} ${path}\n${canonicalJson(body)}`);

export const principalKey = (p: Principal): string => `${p.type === 'api_key' ? 'apikey' : 'user'}:${p.id}`;

export class OrdersService {
  private readonly metrics;
  constructor(private readonly ctx: AppContext) {
    this.metrics = orderMetrics(ctx);
  }

  async create(
    principal: Principal,
    tenant: TenantRef,
    input: CreateOrderInput,
    idem: IdempotencyInput | null,
    correlationId: string | null,
  ): Promise<CreateResult> {
    const actor = actorOf(principal, tenant.id, correlationId);
    const requested = requestedLines(input.items);
    const keyRef = idem ? { tenantId: tenant.id, principal: principalKey(principal), key: idem.key } : null;

    // Raw SQL only, on the pg pool (the write path's raw variant: same transaction and RLS
    // guarantees as withTenant): BEGIN+set_config, two statements, COMMIT.
    const result = await tenantWriteRaw(this.ctx, actor, async (w) => {
      const { tx } = w;
      // The customerId rule is checked after the key (a stored response is replayed first).
      let customerId: string | null = null;
      let invalidCustomer: unknown = null;
      try {
        customerId = orderingCustomerId(principal, input.customerId);
      } catch (err) {
        invalidCustomer = err;
      }
      // Round trip 1: claim the key + read the customer and the variants (snapshot).
      const ids = lookupIds(requested);
      const inputs = await claimAndLoadOrderInputs(
        tx,
        keyRef && idem ? { ...keyRef, requestHash: idem.requestHash, ttlSeconds: IDEMPOTENCY_TTL_SECONDS } : null,
        customerId ?? NIL_UUID,
        ids.variantIds,
        ids.productIds,
      );
      if (!inputs.claimed && idem && keyRef) {
        const claim = await readIdempotencyKey(tx, { ...keyRef, requestHash: idem.requestHash });
        if (claim.requestHash !== idem.requestHash)
          throw new AppError(
            422,
            'IDEMPOTENCY_KEY_REUSED',
            'This Idempotency-Key was used with a different request body',
          );
        if (claim.responseStatus === null)
          throw conflict('IDEMPOTENCY_KEY_IN_USE', 'A request with this Idempotency-Key is still in progress');
        return { status: claim.responseStatus, body: claim.responseBody, replayed: true };
      }

      if (invalidCustomer) throw invalidCustomer;
      const customer = inputs.customer;
      if (!customer) {
        if (principal.role === 'CUSTOMER') throw forbidden('Only customers of this store can order for themselves');
        throw new AppError(404, 'NOT_FOUND', 'Customer not found', { customerId: input.customerId });
      }
      const lines = resolveLines(requested, inputs.variants).sort(byProductThenVariant);
      const priced = priceOrder({
        currency: tenant.currency,
        lines: lines.map((l) => ({ unitPrice: l.variant.price, quantity: l.quantity })),
      });
      // The line snapshots the variant (sku, title, option values, price) and the product's name.
      const items = priced.lines.map((pl, i) => {
        const v = lines[i]!.variant;
        return {
          productId: v.productId,
          variantId: v.id,
          sku: v.sku,
          name: v.productName,
          variantTitle: v.title,
          optionValues: jsonbKeyOrder(v.optionValues) as Record<string, string>,
          ...pl,
        };
      });
      const totalAmount = priced.total;
      // Decimal(12,2) columns: refuse what cannot be stored rather than fail in SQL.
      if (items.some((i) => exceedsColumn(i.lineTotal)) || exceedsColumn(totalAmount))
        throw badRequest('The order total is too large', {
          issues: [{ path: 'items', message: `totals must not exceed ${MAX_AMOUNT}`, code: 'too_big' }],
        });

      // The view is built from what is written (no read-back): same fields and formats as
      // toOrderView of the stored row (jsonb key order for the address, ms timestamps).
      const orderId = randomUUID();
      const createdAt = new Date().toISOString();
      const view: OrderView = {
        id: orderId,
        status: 'PENDING',
        customerId: customer.id,
        customerName: input.customerName ?? customer.name ?? null,
        customerEmail: input.customerEmail?.toLowerCase() ?? customer.email,
        shippingAddress: jsonbKeyOrder(input.shippingAddress),
        items,
        totalAmount,
        currency: tenant.currency,
        payment: null,
        createdAt,
        updatedAt: createdAt,
      };
      const body = envelope(view);
      w.emit('order.created', view);
      w.audit({ action: 'CREATE', resource: 'order', resourceId: orderId, after: view });

      // Round trip 2: stock (guarded: available → reserved, variant-id lock order) + order +
      // items + order.created + audit row + stored response, all or nothing. Stock is reserved
      // in the last statement before COMMIT, so the row locks are held only until the commit.
      const placed = await placeOrder(
        tx,
        {
          id: orderId,
          tenantId: tenant.id,
          customerId: customer.id,
          customerName: view.customerName,
          customerEmail: view.customerEmail,
          shippingAddressJson: JSON.stringify(input.shippingAddress),
          totalAmount,
          currency: tenant.currency,
          createdAt,
          items,
        },
        (when) => w.takeInserts(when),
        keyRef ? { ref: keyRef, status: 201, body } : null,
        // Customers' own orders are capped (unpaid orders must not pin the store's stock); staff's are not.
        principal.role === 'CUSTOMER' ? this.ctx.config.MAX_PENDING_ORDERS_PER_CUSTOMER : null,
      );
      const taken = placed.taken;
      if (taken.length < lines.length) {
        const got = new Set(taken.map((t) => t.variantId));
        const short = lines.find((l) => !got.has(l.variant.id))!;
        throw await stockRefusal(tx, tenant.id, { variantId: short.variant.id }, -short.quantity);
      }
      if (!placed.placed) throw tooManyPendingOrders(this.ctx.config.MAX_PENDING_ORDERS_PER_CUSTOMER);
      // inventory.low_stock for lines that crossed their threshold: inserted by the write
      // path before the commit (one more statement, only when a line crossed).
      for (const t of taken) {
        const l = lines.find((x) => x.variant.id === t.variantId)!;
        const v = l.variant;
        emitLowStockIfCrossed(
          w,
          { productId: v.productId, variantId: v.id, sku: v.sku, name: v.productName, variantTitle: v.title },
          { available: t.available + l.quantity, threshold: t.threshold },
          { available: t.available, threshold: t.threshold },
        );
      }
      // Stock changed: product reads (which show inventory) must not serve the old value.
      w.invalidate('catalog');
      w.afterCommit(() => this.metrics.created.inc({ currency: tenant.currency }));
      return { status: 201, body, replayed: false };
    });
    return result;
  }

  async list(principal: Principal, tenant: TenantRef, q: ListOrdersQuery) {
    const where = {
      customerId: principal.role === 'CUSTOMER' ? principal.id : undefined,
      status: q.status,
    };
    const { rows, total } = await withTenant(this.ctx.db, tenant.id, (tx) => listOrders(tx, where, skipTake(q)));
    return { data: rows.map(toOrderView), meta: { page: q.page, limit: q.limit, total } };
  }

  async get(principal: Principal, tenant: TenantRef, id: string): Promise<OrderView> {
    const order = await withTenant(this.ctx.db, tenant.id, (tx) => findOrder(tx, id));
    if (!order || !visibleTo(principal, order.customerId)) throw notFound('Order');
    return toOrderView(order);
  }

  /** PATCH /orders/:id/status (MERCHANT, ADMIN). */
  async changeStatus(
    principal: Principal,
    tenant: TenantRef,
    id: string,
    to: OrderStatus,
    correlationId: string | null,
  ): Promise<OrderView> {
    const actor = actorOf(principal, tenant.id, correlationId);
    const updated = await tenantWrite(this.ctx, actor, async (w) => {
      const order = await lockOrder(w.tx, id);
      if (!order) throw notFound('Order');
      return applyTransition(this.ctx, w, order, to, { via: 'api' });
    });
    return toOrderView(updated);
  }

  /** DELETE /orders/:id: owner CUSTOMER (PENDING), MERCHANT/ADMIN (PENDING, PAID). */
  async cancel(principal: Principal, tenant: TenantRef, id: string, correlationId: string | null): Promise<OrderView> {
    const actor = actorOf(principal, tenant.id, correlationId);
    const updated = await tenantWrite(this.ctx, actor, async (w) => {
      const order = await lockOrder(w.tx, id);
      if (!order || !visibleTo(principal, order.customerId)) throw notFound('Order');
      if (principal.role === 'CUSTOMER' && order.status === 'PAID')
        throw forbidden('A paid order can only be cancelled by the store');
      return applyTransition(this.ctx, w, order, 'CANCELLED', { via: 'api' });
    });
    return toOrderView(updated);
  }

  /**
   * Cancels PENDING orders older than ORDER_PAYMENT_TTL and returns their stock. Safe with
   * several workers: each order is locked (SKIP LOCKED) and re-checked before it changes.
   */
  /**
   * Retention: deletes expired Idempotency-Keys (their TTL is IDEMPOTENCY_TTL_SECONDS), in
   * batches of `batch`, at most `maxBatches` per call; returns how many went.
   */
  async purgeExpiredIdempotencyKeys(batch = 1000, maxBatches = 10): Promise<number> {
    return drainInBatches((n) => purgeExpiredIdempotencyKeys(this.ctx.db, n), batch, maxBatches);
  }

  async expireDue(limit = 100): Promise<number> {
    const ttl = this.ctx.config.ORDER_PAYMENT_TTL;
    const due = await expiredPendingOrders(this.ctx.db, ttl, limit);
    let cancelled = 0;
    for (const { tenantId, id } of due) {
      try {
        const done = await tenantWrite(this.ctx, actorOf(undefined, tenantId, null), async (w) => {
          const order = await lockOrder(w.tx, id, { skipLocked: true });
          // created_at never changes, so a still-PENDING order selected as due is still due.
          if (!order || order.status !== 'PENDING') return false;
          await applyTransition(this.ctx, w, order, 'CANCELLED', { via: 'system' });
          return true;
        });
        if (done) cancelled++;
      } catch (err) {
        this.ctx.logger.error({ err, orderId: id, tenantId }, 'order expiry failed');
      }
    }
    if (cancelled > 0) this.ctx.logger.info({ cancelled }, 'expired unpaid orders cancelled');
    return cancelled;
  }
}

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** 409: the customer already holds the most unpaid orders allowed (the transaction rolls back). */
const tooManyPendingOrders = (max: number) =>
  conflict('TOO_MANY_PENDING_ORDERS', `You already have ${max} unpaid orders; pay or cancel one first`, {
    maxPendingOrders: max,
  });

/**
 * Whose order this is: a customer orders for themselves (customerId omitted or their own
 * id); staff must name the customer. Throws 400 when the rule is broken.
 */
function orderingCustomerId(principal: Principal, customerId: string | undefined): string {
  if (principal.role === 'CUSTOMER') {
    if (customerId !== undefined && customerId.toLowerCase() !== principal.id.toLowerCase())
      throw badRequest('Customers order for themselves; customerId is for staff', {
        issues: [{ path: 'customerId', message: 'must be omitted (or your own id)', code: 'custom' }],
      });
    return principal.id;
  }
  if (customerId === undefined)
    throw badRequest('customerId is required when staff create an order', {
      issues: [{ path: 'customerId', message: 'required for MERCHANT and ADMIN', code: 'invalid_type' }],
    });
  return customerId;
}

/**
 * A JSON value with object keys in PostgreSQL jsonb's order (shorter keys first, then
 * byte-wise), i.e. as it reads back from a jsonb column.
 */
export function jsonbKeyOrder(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(jsonbKeyOrder);
  if (!v || typeof v !== 'object') return v;
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  const bytes = (k: string) => Buffer.from(k, 'utf8');
  entries.sort(([a], [b]) => {
    const ba = bytes(a);
    const bb = bytes(b);
    return ba.length !== bb.length ? ba.length - bb.length : Buffer.compare(ba, bb);
  });
  return Object.fromEntries(entries.map(([k, x]) => [k, jsonbKeyOrder(x)]));
}

const MAX_AMOUNT = '9999999999.99';
/** Amounts are normalised "x.yy" strings, so comparing their cents as integers is exact. */
const exceedsColumn = (amount: string): boolean => BigInt(amount.replace('.', '')) > 999_999_999_999n;

const visibleTo = (p: Principal, customerId: string): boolean => p.role !== 'CUSTOMER' || p.id === customerId;

export { invalidTransition };
