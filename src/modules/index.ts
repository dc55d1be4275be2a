// Every domain module's router. `apiRouters` are mounted under /api/v1 in this order;
// `rootRouters` at the root (e.g. /.well-known/jwks.json).
import type { Router } from 'express';
import type { AppContext } from '../platform/app-context';
import { tenantsRouter } from './tenants/tenants.controller';

export const apiRouters: Array<(ctx: AppContext) => Router> = [tenantsRouter];

export const rootRouters: Array<(ctx: AppContext) => Router> = [];
