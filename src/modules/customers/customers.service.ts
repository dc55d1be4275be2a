// Customers for staff (the tenant's CUSTOMER users with their order aggregates) and a
// customer's own address book. Address writes go through the write path with audit rows
// (resource 'customer_address') that name the changed fields and the default flags but never
// the address itself: audit_logs is append-only, so PII written there could not be erased.
import type { AppContext } from '../../platform/app-context';
import type { Actor, TenantRef } from '../../platform/auth/types';
import { withTenant } from '../../platform/db/prisma';
import { conflict, notFound } from '../../platform/errors';
import { skipTake } from '../../platform/http/validate';
import { tenantWrite, type Write } from '../write-path';
import {
  countAddresses,
  countCustomers,
  deleteAddress,
  findAddress,
  findCustomer,
  findDefaults,
  insertAddress,
  listAddresses,
  listCustomerPage,
  lockCustomer,
  updateAddress,
} from './customers.repository';
import {
  addressColumns,
  MAX_ADDRESSES_PER_CUSTOMER,
  toAddressView,
  toCustomerView,
  type AddressFields,
  type AddressRow,
  type CreateAddressInput,
  type CustomerAddressView,
  type CustomerView,
  type ListAddressesQuery,
  type ListCustomersQuery,
  type UpdateAddressInput,
} from './customers.schemas';

const RESOURCE = 'customer_address';

type Kind = 'shipping' | 'billing';
const FLAG: Record<Kind, 'isDefaultShipping' | 'isDefaultBilling'> = {
  shipping: 'isDefaultShipping',
  billing: 'isDefaultBilling',
};

export class CustomersService {
  constructor(private readonly ctx: AppContext) {}

  /** GET /customers: newest first; aggregates only for the page's customers. */
  async list(tenant: TenantRef, q: ListCustomersQuery): Promise<{ data: CustomerView[]; total: number }> {
    return withTenant(this.ctx.db, tenant.id, async (tx) => {
      const rows = await listCustomerPage(tx, tenant.id, { q: q.q, ...skipTake(q) });
      const total = await countCustomers(tx, tenant.id, q.q);
      return { data: rows.map((r) => toCustomerView(r, tenant.currency)), total };
    });
  }

  /** GET /customers/:id: a staff user's id, or another tenant's customer, is 404. */
  async get(tenant: TenantRef, id: string): Promise<CustomerView> {
    const row = await withTenant(this.ctx.db, tenant.id, (tx) => findCustomer(tx, tenant.id, id));
    if (!row) throw notFound('Customer');
    return toCustomerView(row, tenant.currency);
  }
}

export class AddressesService {
  constructor(private readonly ctx: AppContext) {}

  async list(
    tenantId: string,
    customerId: string,
    q: ListAddressesQuery,
  ): Promise<{ data: CustomerAddressView[]; total: number }> {
    return withTenant(this.ctx.db, tenantId, async (tx) => {
      const { rows, total } = await listAddresses(tx, tenantId, customerId, skipTake(q));
      return { data: rows.map(toAddressView), total };
    });
  }

  /**
   * POST: at most MAX_ADDRESSES_PER_CUSTOMER (409 TOO_MANY_ADDRESSES). A flag left out is
   * true when the customer has no default of that kind yet, so the first address becomes
   * the default shipping and billing address (as Shopify does); `false` opts out.
   */
  async create(actor: Actor, customerId: string, input: CreateAddressInput): Promise<CustomerAddressView> {
    return tenantWrite(this.ctx, actor, async (w) => {
      await this.lockCustomer(w, customerId);
      if ((await countAddresses(w.tx, w.tenantId, customerId)) >= MAX_ADDRESSES_PER_CUSTOMER) {
        throw conflict(
          'TOO_MANY_ADDRESSES',
          `A customer can save at most ${MAX_ADDRESSES_PER_CUSTOMER} addresses; delete one first`,
          { limit: MAX_ADDRESSES_PER_CUSTOMER },
        );
      }
      const defaults = await findDefaults(w.tx, w.tenantId, customerId);
      const { isDefaultShipping, isDefaultBilling, ...address } = input;
      const flags = {
        isDefaultShipping: isDefaultShipping ?? defaults.shipping === null,
        isDefaultBilling: isDefaultBilling ?? defaults.billing === null,
      };
      await clearPreviousDefaults(w, defaults, flags, null);
      const row = await insertAddress(w.tx, {
        tenantId: w.tenantId,
        customerId,
        ...addressColumns(address),
        ...flags,
      });
      w.audit({ action: 'CREATE', resource: RESOURCE, resourceId: row.id, after: auditState(row) });
      return toAddressView(row);
    });
  }

  /** PATCH: any subset; null clears an optional field; a flag set true replaces the previous default. */
  async update(actor: Actor, customerId: string, id: string, input: UpdateAddressInput): Promise<CustomerAddressView> {
    return tenantWrite(this.ctx, actor, async (w) => {
      await this.lockCustomer(w, customerId);
      const before = await findAddress(w.tx, w.tenantId, customerId, id);
      if (!before) throw notFound('Address');
      const { isDefaultShipping, isDefaultBilling, ...fields } = input;
      const flags = { isDefaultShipping, isDefaultBilling };
      await clearPreviousDefaults(w, await findDefaults(w.tx, w.tenantId, customerId), flags, id);
      const changed = (Object.keys(fields) as Array<keyof AddressFields>).filter((k) => fields[k] !== before[k]);
      const after = await updateAddress(w.tx, id, { ...fields, ...definedFlags(flags) });
      if (changed.length > 0 || flagsDiffer(before, after)) {
        w.audit({
          action: 'UPDATE',
          resource: RESOURCE,
          resourceId: id,
          before: flagsOf(before),
          after: { ...flagsOf(after), changedFields: changed },
        });
      }
      return toAddressView(after);
    });
  }

  /** DELETE: a default address may go; the customer then has no default of that kind. */
  async remove(actor: Actor, customerId: string, id: string): Promise<void> {
    await tenantWrite(this.ctx, actor, async (w) => {
      await this.lockCustomer(w, customerId);
      const row = await findAddress(w.tx, w.tenantId, customerId, id);
      if (!row) throw notFound('Address');
      await deleteAddress(w.tx, id);
      w.audit({ action: 'DELETE', resource: RESOURCE, resourceId: id, before: auditState(row) });
    });
  }

  /** Serialises this customer's address writes (see lockCustomer); a vanished user is 404. */
  private async lockCustomer(w: Write, customerId: string): Promise<void> {
    if (!(await lockCustomer(w.tx, w.tenantId, customerId))) throw notFound('Customer');
  }
}

/**
 * Clears the default flag of each kind the write sets on address `self` (null: a new one)
 * from the address holding it now. Runs before the write sets it: the partial unique indexes
 * check at once, so the old default must be gone first. The customer row is locked, so no
 * concurrent write moves a default in between.
 */
async function clearPreviousDefaults(
  w: Write,
  defaults: Record<Kind, string | null>,
  flags: { isDefaultShipping?: boolean; isDefaultBilling?: boolean },
  self: string | null,
): Promise<void> {
  const clear = new Map<string, Partial<Record<(typeof FLAG)[Kind], false>>>();
  for (const kind of ['shipping', 'billing'] as const) {
    const holder = defaults[kind];
    if (flags[FLAG[kind]] !== true || holder === null || holder === self) continue;
    clear.set(holder, { ...clear.get(holder), [FLAG[kind]]: false });
  }
  for (const [id, data] of clear) {
    const row = await updateAddress(w.tx, id, data);
    w.audit({
      action: 'UPDATE',
      resource: RESOURCE,
      resourceId: id,
      before: { ...flagsOf(row), ...Object.fromEntries(Object.keys(data).map((k) => [k, true])) },
      after: { ...flagsOf(row), changedFields: [] },
    });
  }
}

const flagsOf = (r: Pick<AddressRow, 'isDefaultShipping' | 'isDefaultBilling'>) => ({
  isDefaultShipping: r.isDefaultShipping,
  isDefaultBilling: r.isDefaultBilling,
});

const flagsDiffer = (a: AddressRow, b: AddressRow): boolean =>
  a.isDefaultShipping !== b.isDefaultShipping || a.isDefaultBilling !== b.isDefaultBilling;

const definedFlags = (f: { isDefaultShipping?: boolean; isDefaultBilling?: boolean }) =>
  Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as {
    isDefaultShipping?: boolean;
    isDefaultBilling?: boolean;
  };

/** What an audit row keeps of an address: whose it is, its country and flags; no street, name or phone. */
const auditState = (r: AddressRow) => ({ customerId: r.customerId, country: r.country, ...flagsOf(r) });
