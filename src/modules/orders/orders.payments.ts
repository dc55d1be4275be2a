// The orders side of a payment (payments' OrdersForPayments port): payments lock the order
// and mark it paid through this, never through orders' repository, so orders → payments is
// the only dependency between the two modules.
import type { AppContext } from '../../platform/app-context';
import type { OrdersForPayments } from '../payments';
import { lockOrder } from './orders.repository';
import { applyTransition, invalidTransition } from './orders.transitions';

export function ordersForPayments(ctx: AppContext): OrdersForPayments {
  return {
    async lock(w, orderId) {
      const order = await lockOrder(w.tx, orderId);
      if (!order) return null;
      return {
        id: order.id,
        customerId: order.customerId,
        status: order.status,
        totalAmount: order.totalAmount,
        currency: order.currency,
        markPaid: async () => {
          await applyTransition(ctx, w, order, 'PAID', { via: 'payment' });
        },
      };
    },
    notPayable: (order) => invalidTransition(order.status, 'PAID'),
  };
}
