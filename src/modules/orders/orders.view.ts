// Order rows → the public Order object, and the module's business metrics (payments count
// theirs: payments.api.ts).
import type { AppContext } from '../../platform/app-context';
import { formatMoney, toScaled, type DecimalLike } from '../../platform/money';
import type { OrderRow } from './orders.repository';
import type { FULFILLMENT_STATUSES, OrderStatus, OrderView, PAYMENT_STATUSES } from './orders.schemas';

type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
type FulfillmentStatus = (typeof FULFILLMENT_STATUSES)[number];

const PAID_STATES: readonly OrderStatus[] = ['PAID', 'FULFILLED', 'SHIPPED', 'COMPLETED'];
const FULFILLED_STATES: readonly OrderStatus[] = ['FULFILLED', 'SHIPPED', 'COMPLETED'];

/**
 * paymentStatus follows from the order's status and its payment: paid once the order was
 * paid; refunded / partially_refunded by what refunds took of the payment (refunded_amount:
 * pending refunds count — their amount is committed to go back and cannot be refunded again;
 * a failed one gives it back), or refunded when the payment itself is REFUNDED.
 */
export function paymentStatusOf(
  status: OrderStatus,
  payment: { status: string; amount?: DecimalLike; refundedAmount?: DecimalLike } | null,
): PaymentStatus {
  if (payment?.status === 'REFUNDED') return 'refunded';
  const refunded = payment?.refundedAmount ? toScaled(payment.refundedAmount.toFixed(3), 3) : 0n;
  if (refunded > 0n && payment?.amount)
    return refunded >= toScaled(payment.amount.toFixed(3), 3) ? 'refunded' : 'partially_refunded';
  return PAID_STATES.includes(status) ? 'paid' : 'unpaid';
}

/**
 * fulfillmentStatus: fulfilled once the order is FULFILLED (or after), or when fulfilments
 * (not cancelled) shipped every line in full; partially_fulfilled when they shipped some.
 */
export function fulfillmentStatusOf(
  status: OrderStatus,
  items: readonly {
    quantity: number;
    fulfillmentItems: readonly { quantity: number }[];
    refundItems?: readonly { quantity: number }[];
  }[],
): FulfillmentStatus {
  if (FULFILLED_STATES.includes(status)) return 'fulfilled';
  let shipped = 0;
  let complete = true;
  for (const it of items) {
    const n = it.fulfillmentItems.reduce((a, f) => a + f.quantity, 0);
    // Refunded units (refunds take unshipped units first) are no longer owed a shipment.
    const refunded = (it.refundItems ?? []).reduce((a, r) => a + r.quantity, 0);
    shipped += n;
    if (n < it.quantity - refunded) complete = false;
  }
  if (shipped === 0) return 'unfulfilled';
  return complete ? 'fulfilled' : 'partially_fulfilled';
}

export function toOrderView(o: OrderRow): OrderView {
  const status = o.status as OrderStatus;
  const m = (v: Parameters<typeof formatMoney>[0]) => formatMoney(v, o.currency);
  return {
    id: o.id,
    status,
    customerId: o.customerId,
    customerName: o.customerName,
    customerEmail: o.customerEmail,
    shippingAddress: o.shippingAddress,
    items: o.items.map((it) => ({
      id: it.id,
      productId: it.productId,
      variantId: it.variantId,
      sku: it.sku,
      name: it.name,
      variantTitle: it.variantTitle,
      // Written from the variant's option values (a string → string object) when the order was placed.
      optionValues: it.optionValues as Record<string, string>,
      quantity: it.quantity,
      unitPrice: m(it.unitPrice),
      lineTotal: m(it.lineTotal),
      subtotal: m(it.lineTotal),
      discountTotal: m(it.discountTotal),
      taxTotal: m(it.taxTotal),
      total: m(it.total),
    })),
    subtotal: m(o.subtotal),
    discountTotal: m(o.discountTotal),
    shippingTotal: m(o.shippingTotal),
    taxTotal: m(o.taxTotal),
    totalAmount: m(o.totalAmount),
    currency: o.currency,
    // Written by buildOrder as the API's JSON (amounts already formatted).
    shippingLine: o.shippingLine as OrderView['shippingLine'],
    discounts: o.discounts as OrderView['discounts'],
    taxLines: o.taxLines as OrderView['taxLines'],
    paymentStatus: paymentStatusOf(status, o.payment),
    fulfillmentStatus: fulfillmentStatusOf(status, o.items),
    billingAddress: o.billingAddress,
    email: o.customerEmail,
    metadata: o.metadata as Record<string, string>,
    payment: o.payment ? { id: o.payment.id, status: o.payment.status } : null,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  };
}

export function orderMetrics(ctx: AppContext) {
  const m = ctx.metrics;
  return {
    created: m.counter('orders_created_total', 'Orders created', ['currency'] as const),
    revenue: m.counter('orders_revenue_total', 'Total amount of orders paid, in major units of the currency', [
      'currency',
    ] as const),
  };
}
