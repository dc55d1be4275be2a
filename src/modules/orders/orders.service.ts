// Orders: creation (stock, totals, outbox, audit and the idempotent response in ONE
// transaction), reads, status changes, cancellation and expiry of unpaid orders.
import type { AppContext } from '../../platform/app-context';
import { actorOf, type Principal, type TenantRef } from '../../platform/auth/types';
import { drainInBatches } from '../../platform/batches';
import { sha256Hex } from '../../platform/crypto';
import { withTenant } from '../../platform/db/prisma';
import { AppError, badRequest, forbidden, notFound } from '../../platform/errors';
import { envelope } from '../../platform/http/envelope';
import { skipTake } from '../../platform/http/validate';
import { tenantWrite, tenantWriteRaw } from '../write-path';
import { claimAndLoadOrderInputs } from './orders.inputs.repository';
import { expiredPendingOrders, findOrder, listOrders, lockOrder } from './orders.repository';
import { purgeExpiredIdempotencyKeys, readIdempotencyKey } from './orders.idempotency.repository';
import type { CreateOrderInput, ListOrdersQuery, OrderStatus, OrderView } from './orders.schemas';
import { lookupIds, requestedLines, resolveLines } from './orders.lines';
import { assertStorable, shippingFor } from './orders.checkout-rules';
import { evaluatedLine, lockPersonUses } from './orders.promotions';
import {
  countRedemptions,
  discountCodeInvalid,
  evaluateWithShipping,
  toEvaluatedLines,
  type PromotionCandidate,
} from '../promotions';
import { storedAnswer } from './orders.idempotency';
import { buildOrder, writeOrder } from './orders.placement';
import { taxRateFor } from './pricing-engine';
import { applyTransition, invalidTransition } from './orders.transitions';
import { orderMetrics, toOrderView } from './orders.view';

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
        {
          tenantId: tenant.id,
          country: input.shippingAddress.country,
          rateId: input.shippingRateId ?? null,
          codes: input.discountCodes ?? [],
          customerId: customerId ?? NIL_UUID,
          ...ids,
        },
      );
      if (!inputs.claimed && idem && keyRef) {
        const claim = await readIdempotencyKey(tx, { ...keyRef, requestHash: idem.requestHash });
        return { ...storedAnswer(claim, idem.requestHash), replayed: true };
      }

      if (invalidCustomer) throw invalidCustomer;
      const customer = inputs.customer;
      if (!customer) {
        if (principal.role === 'CUSTOMER') throw forbidden('Only customers of this store can order for themselves');
        throw new AppError(404, 'NOT_FOUND', 'Customer not found', { customerId: input.customerId });
      }
      const lines = resolveLines(requested, inputs.variants);
      const person = { customerId: customer.id, email: customer.email.trim().toLowerCase() };
      const price = (candidates: PromotionCandidate[]) =>
        evaluateWithShipping(
          {
            currency: tenant.currency,
            lines: toEvaluatedLines(lines.map(evaluatedLine), inputs.tags, tenant.currency),
            candidates,
            codes: input.discountCodes ?? [],
            now: new Date(),
          },
          (subtotal) =>
            input.shippingRateId ? shippingFor(inputs.rate, subtotal, tenant.currency, input.shippingRateId) : null,
        );
      let { ev, shipping } = price(inputs.promotions);
      const refreshed = await lockPersonUses(tx, tenant.id, ev, inputs.promotions, person, false);
      if (refreshed !== inputs.promotions) ({ ev, shipping } = price(refreshed));
      // The caller named these codes: one that does not apply refuses the order (a cart shows why instead).
      const refused = ev.codes.find((c) => !c.applied);
      if (refused) throw discountCodeInvalid(refused);
      const built = buildOrder({
        tenantId: tenant.id,
        currency: tenant.currency,
        pricesIncludeTax: inputs.pricesIncludeTax,
        customerId: customer.id,
        customerName: input.customerName ?? customer.name ?? null,
        email: input.customerEmail?.toLowerCase() ?? customer.email,
        shippingAddress: input.shippingAddress,
        billingAddress: input.billingAddress ?? null,
        lines,
        shipping,
        promotions: ev,
        personEmail: person.email,
        tax: taxRateFor(inputs.taxRates, input.shippingAddress),
        cartId: null,
        metadata: input.metadata ?? {},
      });
      assertStorable(built);
      const body = envelope(built.view);
      // Round trip 2: stock + order + items + order.created + audit row + stored response.
      await writeOrder(w, built, {
        response: keyRef ? { ref: keyRef, status: 201, body } : null,
        // Customers' own orders are capped (unpaid orders must not pin the store's stock); staff's are not.
        pendingCap: principal.role === 'CUSTOMER' ? this.ctx.config.MAX_PENDING_ORDERS_PER_CUSTOMER : null,
      });
      w.afterCommit(() => {
        this.metrics.created.inc({ currency: tenant.currency });
        countRedemptions(this.ctx, ev.applied);
      });
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

/** The Order object of `id` (null when the tenant has no such order). */
export async function orderViewById(ctx: AppContext, tenantId: string, id: string): Promise<OrderView | null> {
  const order = await withTenant(ctx.db, tenantId, (tx) => findOrder(tx, id));
  return order ? toOrderView(order) : null;
}

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

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

const visibleTo = (p: Principal, customerId: string | null): boolean => p.role !== 'CUSTOMER' || p.id === customerId;

export { invalidTransition };
