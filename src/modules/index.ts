// Every domain module's router. `apiRouters` are mounted under /api/v1 in this order;
// `rootRouters` at the root (e.g. /.well-known/jwks.json). Each comes from its module's
// index.ts, the only file of a module that code outside it imports (docs/architecture.md).
import type { Router } from 'express';
import type { AppContext } from '../platform/app-context';
import { auditRouter } from './audit';
import { authRouter, jwksRouter } from './auth';
import { cartsRouter } from './carts';
import { catalogRouter, productStockChanged } from './catalog';
import { categoriesRouter } from './categories';
import { collectionsRouter } from './collections';
import { customersRouter } from './customers';
import { fulfillmentsRouter } from './fulfillments';
import { inventoryRouter } from './inventory';
import { ordersForPayments, ordersRouter } from './orders';
import { paymentsRouter, STRIPE_WEBHOOK_PATH } from './payments';
import { promotionsRouter } from './promotions';
import { refundsRouter } from './refunds';
import { returnsRouter } from './returns';
import { shippingRouter } from './shipping';
import { taxRatesRouter } from './tax-rates';
import { tenantsRouter } from './tenants';
import { usersRouter } from './users';
import { webhooksRouter } from './webhooks';

// Hot public reads first: Express walks the routers in order for every request.
export const apiRouters: Array<(ctx: AppContext) => Router> = [
  catalogRouter,
  categoriesRouter,
  collectionsRouter,
  ordersRouter,
  // Refunds (/orders/:id/refunds; the provider side is payments' RefundLedger, ADR 0011).
  refundsRouter,
  // After the sale (/orders/:id/fulfillments, /orders/:id/returns, /returns).
  fulfillmentsRouter,
  returnsRouter,
  cartsRouter,
  // Inventory tells the catalog of stock writes (product.updated) through this hook, so
  // inventory never imports catalog.
  (ctx) => inventoryRouter(ctx, productStockChanged),
  authRouter,
  // Payments reach orders only through this port, so orders → payments stays one-way.
  (ctx) => paymentsRouter(ctx, ordersForPayments(ctx)),
  tenantsRouter,
  usersRouter,
  customersRouter,
  webhooksRouter,
  shippingRouter,
  taxRatesRouter,
  promotionsRouter,
  auditRouter,
];

/** Paths under /api/v1 whose route parses its own body (e.g. express.raw for a signature
 * check); the global JSON body stage leaves them alone (app.ts). */
export const ownBodyPaths: readonly string[] = [STRIPE_WEBHOOK_PATH];

export const rootRouters: Array<(ctx: AppContext) => Router> = [jwksRouter];
