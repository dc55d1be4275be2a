// Every domain module's router. `apiRouters` are mounted under /api/v1 in this order;
// `rootRouters` at the root (e.g. /.well-known/jwks.json).
import type { Router } from 'express';
import type { AppContext } from '../platform/app-context';
import { auditRouter } from './audit/audit.controller';
import { authRouter } from './auth/auth.controller';
import { catalogRouter } from './catalog/catalog.controller';
import { inventoryRouter } from './inventory/inventory.controller';
import { jwksRouter } from './auth/jwks.controller';
import { ordersRouter } from './orders/orders.controller';
import { paymentsRouter } from './payments/payments.controller';
import { tenantsRouter } from './tenants/tenants.controller';
import { usersRouter } from './users/users.controller';
import { webhooksRouter } from './webhooks/webhooks.controller';

// Hot public reads first: Express walks the routers in order for every request.
export const apiRouters: Array<(ctx: AppContext) => Router> = [
  catalogRouter,
  ordersRouter,
  inventoryRouter,
  authRouter,
  paymentsRouter,
  tenantsRouter,
  usersRouter,
  webhooksRouter,
  auditRouter,
];

export const rootRouters: Array<(ctx: AppContext) => Router> = [jwksRouter];
