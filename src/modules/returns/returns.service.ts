// Returns: a customer (of their own order) or staff asks to send fulfilled items back; staff
// receive them, restocking (on_hand up) or not. Creation locks the order row, so concurrent
// returns of one order are serialised and never exceed what was fulfilled; receiving locks the
// return row, so a second receive sees the first.
import type { AppContext } from '../../platform/app-context';
import { actorOf, type Principal, type TenantRef } from '../../platform/auth/types';
import { withTenant } from '../../platform/db/prisma';
import { conflict, notFound } from '../../platform/errors';
import { skipTake } from '../../platform/http/validate';
import { linesOf, orderLineStates, visibleTo, type LineState } from '../fulfillments';
import { restockInTx } from '../inventory';
import { findOrder, lockOrder, type OrderStatus } from '../orders';
import { tenantWrite } from '../write-path';
import {
  insertReturn,
  listOrderReturns,
  listReturns,
  lockReturn,
  markReceived,
  variantsOf,
} from './returns.repository';
import type { CreateReturnInput, ListReturnsQuery, ReturnView } from './returns.schemas';

/** Orders shipped as a whole (PATCH FULFILLED, part 1, or their fulfilments): every line went out. */
const SHIPPED_STATES: readonly OrderStatus[] = ['FULFILLED', 'SHIPPED', 'COMPLETED'];

/** What can still be returned of a line: shipped (by fulfilments, or all of an order shipped as a whole) − returned. */
const returnable = (l: LineState, status: OrderStatus): number =>
  Math.max(0, (SHIPPED_STATES.includes(status) ? l.quantity : l.fulfilled) - l.returned);

export class ReturnsService {
  constructor(private readonly ctx: AppContext) {}

  /** POST /orders/:id/returns (owner CUSTOMER, MERCHANT, ADMIN). */
  async create(
    principal: Principal,
    tenant: TenantRef,
    orderId: string,
    input: CreateReturnInput,
    correlationId: string | null,
  ): Promise<ReturnView> {
    const actor = actorOf(principal, tenant.id, correlationId);
    return tenantWrite(this.ctx, actor, async (w) => {
      const order = await lockOrder(w.tx, orderId);
      if (!visibleTo(principal, order)) throw notFound('Order');
      const lines = linesOf(await orderLineStates(w.tx, orderId), input.items);
      input.items.forEach((it, i) => {
        const remaining = returnable(lines[i]!, order.status as OrderStatus);
        if (it.quantity > remaining)
          throw conflict('RETURN_EXCEEDS_FULFILLED', 'The quantity is more than was fulfilled and not yet returned', {
            orderItemId: it.orderItemId,
            requested: it.quantity,
            returnable: remaining,
          });
      });
      const r = await insertReturn(w.tx, {
        tenantId: tenant.id,
        orderId,
        items: input.items.map((it, i) => ({ orderItemId: lines[i]!.id, quantity: it.quantity })),
        reason: input.reason ?? null,
      });
      w.emit('return.requested', r);
      w.audit({ action: 'CREATE', resource: 'return', resourceId: r.id, after: r });
      return r;
    });
  }

  /** POST /returns/:id/receive (MERCHANT, ADMIN): received once; restock puts the quantities back on hand. */
  async receive(
    principal: Principal,
    tenant: TenantRef,
    id: string,
    restock: boolean,
    correlationId: string | null,
  ): Promise<ReturnView> {
    const actor = actorOf(principal, tenant.id, correlationId);
    return tenantWrite(this.ctx, actor, async (w) => {
      const before = await lockReturn(w.tx, id);
      if (!before) throw notFound('Return');
      if (before.status !== 'requested')
        throw conflict('RETURN_ALREADY_RECEIVED', 'The return was already received', { status: before.status });
      if (restock) {
        const variants = await variantsOf(
          w.tx,
          before.items.map((it) => it.orderItemId),
        );
        await restockInTx(
          w,
          before.items.map((it) => ({ variantId: variants.get(it.orderItemId)!, quantity: it.quantity })),
        );
      }
      const after = await markReceived(w.tx, id, restock);
      w.emit('return.received', after);
      w.audit({ action: 'UPDATE', resource: 'return', resourceId: id, before, after });
      return after;
    });
  }

  /** GET /returns (MERCHANT, ADMIN), newest first, optionally by status. */
  async list(tenant: TenantRef, q: ListReturnsQuery) {
    const { rows, total } = await withTenant(this.ctx.db, tenant.id, (tx) => listReturns(tx, q.status, skipTake(q)));
    return { data: rows, meta: { page: q.page, limit: q.limit, total } };
  }

  /** GET /orders/:id/returns: staff, and the order's customer (anyone else 404). */
  async listForOrder(principal: Principal, tenant: TenantRef, orderId: string): Promise<ReturnView[]> {
    return withTenant(this.ctx.db, tenant.id, async (tx) => {
      const order = await findOrder(tx, orderId);
      if (!visibleTo(principal, order)) throw notFound('Order');
      return listOrderReturns(tx, orderId);
    });
  }
}
