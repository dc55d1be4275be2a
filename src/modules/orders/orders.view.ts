// Order rows → the public Order object, and the module's business metrics (payments count
// theirs: payments.api.ts).
import type { AppContext } from '../../platform/app-context';
import { formatMoney } from '../../platform/money';
import type { OrderRow } from './orders.repository';
import type { OrderStatus, OrderView } from './orders.schemas';

export function toOrderView(o: OrderRow): OrderView {
  return {
    id: o.id,
    status: o.status as OrderStatus,
    customerId: o.customerId,
    customerName: o.customerName,
    customerEmail: o.customerEmail,
    shippingAddress: o.shippingAddress,
    items: o.items.map((it) => ({
      productId: it.productId,
      variantId: it.variantId,
      sku: it.sku,
      name: it.name,
      variantTitle: it.variantTitle,
      // Written from the variant's option values (a string → string object) when the order was placed.
      optionValues: it.optionValues as Record<string, string>,
      quantity: it.quantity,
      unitPrice: formatMoney(it.unitPrice),
      lineTotal: formatMoney(it.lineTotal),
    })),
    totalAmount: formatMoney(o.totalAmount),
    currency: o.currency,
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
