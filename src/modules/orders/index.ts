// The orders module's public surface (docs/architecture.md): what other modules, the workers
// and the composition root may import. Everything else in this folder is private to it.
export { ordersRouter } from './orders.controller';
export { OrdersService } from './orders.service';
export type { OrderStatus, OrderView } from './orders.schemas';
