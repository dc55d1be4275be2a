// Refunds of an order (issue 17, ADR 0011). One transaction records everything the refund
// changes here — the refund (pending; the manual provider's succeeded), its lines, the
// payment's refunded amount (guarded: never beyond what was paid), the stock, order.refunded,
// the audit row and the idempotent answer — and the provider is called after the commit
// (payments' RefundLedger; the refunds worker's sweeper sends what a crash left unsent).
import type { AppContext } from '../../platform/app-context';
import { actorOf, type Principal, type TenantRef } from '../../platform/auth/types';
import { withTenant } from '../../platform/db/prisma';
import { badRequest, conflict, notFound } from '../../platform/errors';
import { envelope } from '../../platform/http/envelope';
import { formatMoney, fromMinor, minorDigits, moneyFor, toScaled, type DecimalLike } from '../../platform/money';
import { releaseReservedInTx, restockInTx, shipReservedInTx } from '../inventory';
import {
  claimIdempotencyKey,
  findOrder,
  IDEMPOTENCY_TTL_SECONDS,
  lockOrder,
  principalKey,
  storedAnswer,
  toOrderView,
  type CreateResult,
  type IdempotencyInput,
  type OrderRow,
} from '../orders';
import { PaymentsApi, toRefundFields } from '../payments';
import { tenantWrite, type Write } from '../write-path';
import {
  insertRefundItems,
  lineState,
  listRefunds,
  returnOfOrder,
  storeAnswer,
  type RefundItemRow,
} from './refunds.repository';
import type { CreateRefundInput, RefundView } from './refunds.schemas';

/** Order statuses whose every unit has shipped (orders fulfilled the part-1 way). */
const SHIPPED_STATES = new Set(['FULFILLED', 'SHIPPED', 'COMPLETED']);

/** An amount in the currency's minor units, exactly (order amounts are stored in its digits). */
const minorOf = (v: DecimalLike, currency: string): bigint => toScaled(formatMoney(v, currency), minorDigits(currency));

/**
 * The share of a line's total for refunding `quantity` more units after `already`: the
 * cumulative share floor(total × units ÷ ordered) minus what the earlier units took. So the
 * shares of every unit, in any number of refunds, add up to the line's total exactly (the
 * last units take the remainder of the rounding).
 */
export function lineShare(total: bigint, ordered: number, already: number, quantity: number): bigint {
  const upTo = (n: number) => (total * BigInt(n)) / BigInt(ordered);
  return upTo(already + quantity) - upTo(already);
}

export class RefundsService {
  private readonly payments;
  constructor(private readonly ctx: AppContext) {
    this.payments = new PaymentsApi(ctx);
  }

  /** POST /orders/:id/refunds (MERCHANT, ADMIN). */
  async create(
    principal: Principal,
    tenant: TenantRef,
    orderId: string,
    input: CreateRefundInput,
    idem: IdempotencyInput | null,
    correlationId: string | null,
  ): Promise<CreateResult> {
    const actor = actorOf(principal, tenant.id, correlationId);
    const keyRef = idem ? { tenantId: tenant.id, principal: principalKey(principal), key: idem.key } : null;
    return tenantWrite(this.ctx, actor, async (w): Promise<CreateResult> => {
      if (keyRef && idem) {
        // A replay answers what the first request answered: no second refund, no second provider call.
        const claim = await claimIdempotencyKey(w.tx, {
          ...keyRef,
          requestHash: idem.requestHash,
          ttlSeconds: IDEMPOTENCY_TTL_SECONDS,
        });
        if (claim.kind === 'existing') return { ...storedAnswer(claim, idem.requestHash), replayed: true };
      }
      // The order row's lock serialises the order's refunds (and its fulfilments, cancellation).
      const order = await lockOrder(w.tx, orderId);
      if (!order) throw notFound('Order');
      const view = await this.record(w, order, input);
      const body = envelope(view);
      if (keyRef) await storeAnswer(w.tx, keyRef, 201, body);
      return { status: 201, body, replayed: false };
    });
  }

  private async record(w: Write, order: OrderRow, input: CreateRefundInput): Promise<RefundView> {
    const pay = order.payment;
    if (!pay || (pay.status !== 'PAID' && pay.status !== 'REFUNDED'))
      throw conflict('ORDER_NOT_PAID', 'Only a paid order can be refunded', { status: order.status });
    const cur = order.currency;
    const state = await lineState(w.tx, order.id);
    const byId = new Map(order.items.map((it) => [it.id.toLowerCase(), it]));
    const items: RefundItemRow[] = [];
    const release: { variantId: string; quantity: number }[] = [];
    const writeOff: { variantId: string; quantity: number }[] = [];
    const backOnHand: { variantId: string; quantity: number }[] = [];
    let computed = 0n;
    (input.items ?? []).forEach((req, i) => {
      const it = byId.get(req.orderItemId.toLowerCase());
      if (!it)
        throw badRequest('Request validation failed', {
          issues: [{ path: `items.${i}.orderItemId`, message: 'not an item of this order', code: 'custom' }],
        });
      const refunded = state.refunded.get(it.id) ?? 0;
      const refundable = it.quantity - refunded;
      if (req.quantity > refundable)
        throw conflict('REFUND_EXCEEDS_ORDER', 'More units than the order has left to refund', {
          orderItemId: it.id,
          requested: req.quantity,
          refundable,
        });
      const share = lineShare(minorOf(it.total, cur), it.quantity, refunded, req.quantity);
      computed += share;
      items.push({ orderItemId: it.id, quantity: req.quantity, restock: req.restock, amount: fromMinor(share, cur) });
      if (order.status === 'CANCELLED') return; // its stock went back when it was cancelled
      // Units not shipped are refunded first: they are still reserved for the order.
      const shipped = SHIPPED_STATES.has(order.status) ? it.quantity : (state.fulfilled.get(it.id) ?? 0);
      const unshipped = Math.min(req.quantity, Math.max(0, it.quantity - shipped - refunded));
      const fromShelf = req.quantity - unshipped;
      if (unshipped > 0) (req.restock ? release : writeOff).push({ variantId: it.variantId, quantity: unshipped });
      // Shipped units of a return come back on hand when the return is received (its own restock).
      if (req.restock && fromShelf > 0 && !input.returnId)
        backOnHand.push({ variantId: it.variantId, quantity: fromShelf });
    });
    if (input.shipping) {
      if (state.shippingRefunded)
        throw conflict('SHIPPING_ALREADY_REFUNDED', "The order's shipping was already refunded");
      // The shipping line's total incl. its tax: what the order total has beyond its lines'.
      const lines = order.items.reduce((s, it) => s + minorOf(it.total, cur), 0n);
      computed += minorOf(order.totalAmount, cur) - lines;
    }
    let amount: string;
    if (input.amount !== undefined) {
      amount = moneyFor(input.amount, cur, 'amount');
      if (toScaled(amount, minorDigits(cur)) <= 0n)
        throw badRequest('Request validation failed', {
          issues: [{ path: 'amount', message: 'must be greater than 0', code: 'too_small' }],
        });
    } else {
      if (computed <= 0n)
        throw badRequest('Nothing to refund: give items, shipping or an amount', {
          issues: [{ path: 'items', message: 'nothing to refund', code: 'custom' }],
        });
      amount = fromMinor(computed, cur);
    }
    if (input.returnId && !(await returnOfOrder(w.tx, input.returnId, order.id))) throw notFound('Return');

    const refund = (await this.payments.refund(w, pay, {
      orderId: order.id,
      amount,
      shipping: input.shipping ?? false,
      reason: input.reason ?? null,
      returnId: input.returnId ?? null,
    }))!;
    await insertRefundItems(w.tx, w.tenantId, refund.id, items);
    if (release.length > 0) await releaseReservedInTx(w, release);
    if (writeOff.length > 0) await shipReservedInTx(w, writeOff);
    if (backOnHand.length > 0) await restockInTx(w, backOnHand);

    const view: RefundView = { ...toRefundFields(refund), items };
    const updated = (await findOrder(w.tx, order.id))!;
    w.emit('order.refunded', { ...toOrderView(updated), refund: view });
    w.audit({ action: 'CREATE', resource: 'refund', resourceId: refund.id, after: view });
    return view;
  }

  /** GET /orders/:id/refunds: staff, and the owner customer (another customer: 404). */
  async list(principal: Principal, tenant: TenantRef, orderId: string): Promise<RefundView[]> {
    const rows = await withTenant(this.ctx.db, tenant.id, async (tx) => {
      const order = await findOrder(tx, orderId);
      if (!order || (principal.role === 'CUSTOMER' && order.customerId !== principal.id)) throw notFound('Order');
      return listRefunds(tx, orderId);
    });
    return rows.map((r) => ({
      id: r.id,
      orderId: r.orderId,
      amount: formatMoney(r.amount, r.currency),
      currency: r.currency,
      items: r.items.map((it) => ({
        orderItemId: it.orderItemId,
        quantity: it.quantity,
        restock: it.restock,
        amount: formatMoney(it.amount, r.currency),
      })),
      shipping: r.shipping,
      reason: r.reason,
      returnId: r.returnId,
      status: r.status as RefundView['status'],
      providerRefundId: r.providerRefundId,
      createdAt: r.createdAt.toISOString(),
    }));
  }
}
