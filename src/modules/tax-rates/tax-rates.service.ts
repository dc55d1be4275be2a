// Tax rates: reads in a tenant transaction; writes through the write path with their audit
// row. One rate per (country, state) is checked first (a clear 409) and held by the unique
// index on (tenant_id, country, COALESCE(state, '')) when two writes race.
import type { AppContext } from '../../platform/app-context';
import type { Actor, TenantRef } from '../../platform/auth/types';
import { withTenant, type Tx } from '../../platform/db/prisma';
import { conflict, notFound } from '../../platform/errors';
import { skipTake, type Pagination } from '../../platform/http/validate';
import { tenantWrite, type Write } from '../write-path';
import {
  countTaxRates,
  deleteTaxRate,
  findTaxRate,
  insertTaxRate,
  listTaxRates,
  rateIdFor,
  updateTaxRate,
} from './tax-rates.repository';
import type { CreateTaxRateInput, TaxRateView, UpdateTaxRateInput } from './tax-rates.schemas';

const taxRateConflict = (country: string, state: string | null) =>
  conflict('TAX_RATE_CONFLICT', 'The tenant already has a tax rate for this country and state', { country, state });

/** Whether `e` is a unique violation (P2002); tax_rates has one unique index besides its key. */
const isUnique = (e: unknown) => (e as { code?: string } | null)?.code === 'P2002';

export class TaxRatesService {
  constructor(private readonly ctx: AppContext) {}

  async list(tenant: TenantRef, p: Pagination): Promise<{ items: TaxRateView[]; total: number }> {
    const { skip, take } = skipTake(p);
    return withTenant(this.ctx.db, tenant.id, async (tx) => ({
      items: await listTaxRates(tx, tenant.id, skip, take),
      total: await countTaxRates(tx, tenant.id),
    }));
  }

  async create(tenant: TenantRef, input: CreateTaxRateInput, actor: Actor): Promise<TaxRateView> {
    const data = { ...input, state: input.state ?? null, appliesToShipping: input.appliesToShipping ?? false };
    return this.write(actor, data.country, data.state, async (w) => {
      await assertFree(w.tx, tenant.id, data.country, data.state);
      const after = await insertTaxRate(w.tx, tenant.id, data);
      taxRateChanged(w, 'CREATE', after.id, null, after);
      return after;
    });
  }

  async update(tenant: TenantRef, id: string, input: UpdateTaxRateInput, actor: Actor): Promise<TaxRateView> {
    return tenantWrite(this.ctx, actor, async (w) => {
      const before = await findTaxRate(w.tx, tenant.id, id);
      if (!before) throw notFound('Tax rate');
      const country = input.country ?? before.country;
      const state = input.state !== undefined ? input.state : before.state;
      await assertFree(w.tx, tenant.id, country, state, id);
      const after = await updateTaxRate(w.tx, id, input).catch((e: unknown) => {
        throw isUnique(e) ? taxRateConflict(country, state) : e;
      });
      taxRateChanged(w, 'UPDATE', id, before, after);
      return after;
    });
  }

  async remove(tenant: TenantRef, id: string, actor: Actor): Promise<void> {
    await tenantWrite(this.ctx, actor, async (w) => {
      const before = await findTaxRate(w.tx, tenant.id, id);
      if (!before) throw notFound('Tax rate');
      await deleteTaxRate(w.tx, id);
      taxRateChanged(w, 'DELETE', id, before, null);
    });
  }

  /** A write that lost a race on the (country, state) index → 409 TAX_RATE_CONFLICT. */
  private async write<R>(actor: Actor, country: string, state: string | null, fn: (w: Write) => Promise<R>) {
    try {
      return await tenantWrite(this.ctx, actor, fn);
    } catch (e) {
      throw isUnique(e) ? taxRateConflict(country, state) : e;
    }
  }
}

async function assertFree(tx: Tx, tenantId: string, country: string, state: string | null, selfId?: string) {
  const id = await rateIdFor(tx, tenantId, country, state);
  if (id !== null && id !== selfId) throw taxRateConflict(country, state);
}

function taxRateChanged(
  w: Write,
  action: 'CREATE' | 'UPDATE' | 'DELETE',
  id: string,
  before: TaxRateView | null,
  after: TaxRateView | null,
): void {
  w.audit({
    action,
    resource: 'tax_rate',
    resourceId: id,
    ...(before ? { before } : {}),
    ...(after ? { after } : {}),
  });
}
