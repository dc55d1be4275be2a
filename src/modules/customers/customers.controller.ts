// /customers: staff read the store's customers with their order aggregates (MERCHANT, ADMIN);
// /customers/me/addresses: a customer's own address book (CUSTOMER only; staff get 403).
import { Router, type Request } from 'express';
import type { AppContext } from '../../platform/app-context';
import { principalOf, requireRole, tenantOf } from '../../platform/auth/authenticate';
import { actorOf, type Actor } from '../../platform/auth/types';
import { forbidden } from '../../platform/errors';
import { created, noContent, ok } from '../../platform/http/envelope';
import { idParams, parseBody, parseParams, parseQuery } from '../../platform/http/validate';
import { createAddressBody, listAddressesQuery, listCustomersQuery, updateAddressBody } from './customers.schemas';
import { AddressesService, CustomersService } from './customers.service';

/** The calling customer: a CUSTOMER user (an API key is never one), and its actor. */
function me(req: Request): { customerId: string; actor: Actor } {
  const p = principalOf(req);
  if (p.type !== 'user') throw forbidden('Only a signed-in customer has an address book');
  const tenant = tenantOf(req);
  return { customerId: p.id, actor: actorOf(p, tenant.id, req.correlationId) };
}

export function customersRouter(ctx: AppContext): Router {
  const customers = new CustomersService(ctx);
  const addresses = new AddressesService(ctx);
  const r = Router();
  const staff = requireRole('MERCHANT', 'ADMIN');
  const customer = requireRole('CUSTOMER');

  r.get('/customers', staff, async (req, res) => {
    const q = parseQuery(listCustomersQuery, req);
    const { data, total } = await customers.list(tenantOf(req), q);
    ok(res, data, { page: q.page, limit: q.limit, total });
  });

  // Before /customers/:id, so "me" is never taken for an id.
  r.get('/customers/me/addresses', customer, async (req, res) => {
    const q = parseQuery(listAddressesQuery, req);
    const { customerId } = me(req);
    const { data, total } = await addresses.list(tenantOf(req).id, customerId, q);
    ok(res, data, { page: q.page, limit: q.limit, total });
  });

  r.post('/customers/me/addresses', customer, async (req, res) => {
    const input = parseBody(createAddressBody, req);
    const { customerId, actor } = me(req);
    created(res, await addresses.create(actor, customerId, input));
  });

  r.patch('/customers/me/addresses/:id', customer, async (req, res) => {
    const { id } = parseParams(idParams, req);
    const input = parseBody(updateAddressBody, req);
    const { customerId, actor } = me(req);
    ok(res, await addresses.update(actor, customerId, id, input));
  });

  r.delete('/customers/me/addresses/:id', customer, async (req, res) => {
    const { id } = parseParams(idParams, req);
    const { customerId, actor } = me(req);
    await addresses.remove(actor, customerId, id);
    noContent(res);
  });

  r.get('/customers/:id', staff, async (req, res) => {
    const { id } = parseParams(idParams, req);
    ok(res, await customers.get(tenantOf(req), id));
  });

  return r;
}
