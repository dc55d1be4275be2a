// Shipping zones: reads in a tenant transaction; writes through the write path with their
// audit row. "A country belongs to at most one zone" is checked first for a clear 409 with
// the countries named, and held by the unique (tenant_id, country) index when two writes race.
import type { AppContext } from '../../platform/app-context';
import type { Actor, TenantRef } from '../../platform/auth/types';
import { isUniqueViolation } from '../../platform/db/errors';
import { withTenant, type Tx } from '../../platform/db/prisma';
import { badRequest, conflict, notFound } from '../../platform/errors';
import { skipTake, type Pagination } from '../../platform/http/validate';
import { moneyFor } from '../../platform/money';
import { tenantWrite, type Write } from '../write-path';
import {
  claimedCountries,
  countZones,
  deleteZone,
  findZone,
  insertZone,
  listZones,
  renameZone,
  setCountries,
  setRates,
  touchZone,
} from './shipping.repository';
import type { CreateZoneInput, RateInput, ShippingZoneView, UpdateZoneInput } from './shipping.schemas';

const zoneConflict = (countries?: string[]) =>
  conflict('ZONE_CONFLICT', 'A country belongs to at most one shipping zone', countries ? { countries } : undefined);

export class ShippingService {
  constructor(private readonly ctx: AppContext) {}

  async list(tenant: TenantRef, p: Pagination): Promise<{ items: ShippingZoneView[]; total: number }> {
    const { skip, take } = skipTake(p);
    return withTenant(this.ctx.db, tenant.id, async (tx) => ({
      items: await listZones(tx, tenant, skip, take),
      total: await countZones(tx, tenant.id),
    }));
  }

  async get(tenant: TenantRef, id: string): Promise<ShippingZoneView> {
    const z = await withTenant(this.ctx.db, tenant.id, (tx) => findZone(tx, tenant, id));
    if (!z) throw notFound('Shipping zone');
    return z;
  }

  async create(tenant: TenantRef, input: CreateZoneInput, actor: Actor): Promise<ShippingZoneView> {
    const rates = ratesIn(input.rates ?? [], tenant.currency);
    if (rates.some((r) => r.id)) throw badRequest('A new zone takes rates without ids', { field: 'rates' });
    return this.write(actor, async (w) => {
      const { tx } = w;
      await assertFree(tx, tenant.id, input.countries);
      const id = await insertZone(tx, tenant.id, input.name);
      await setCountries(tx, tenant.id, id, input.countries);
      await setRates(tx, tenant.id, id, rates);
      const after = (await findZone(tx, tenant, id))!;
      zoneChanged(w, 'CREATE', id, null, after);
      return after;
    });
  }

  async update(tenant: TenantRef, id: string, input: UpdateZoneInput, actor: Actor): Promise<ShippingZoneView> {
    return this.write(actor, async (w) => {
      const { tx } = w;
      const before = await findZone(tx, tenant, id);
      if (!before) throw notFound('Shipping zone');
      if (input.countries) {
        await assertFree(tx, tenant.id, input.countries, id);
        await setCountries(tx, tenant.id, id, input.countries);
      }
      if (input.rates) {
        assertOwnRateIds(before, input.rates);
        await setRates(tx, tenant.id, id, ratesIn(input.rates, tenant.currency));
      }
      if (input.name !== undefined) await renameZone(tx, id, input.name);
      else await touchZone(tx, id);
      const after = (await findZone(tx, tenant, id))!;
      zoneChanged(w, 'UPDATE', id, before, after);
      return after;
    });
  }

  /** Deletes the zone with its countries and rates. */
  async remove(tenant: TenantRef, id: string, actor: Actor): Promise<void> {
    await tenantWrite(this.ctx, actor, async (w) => {
      const before = await findZone(w.tx, tenant, id);
      if (!before) throw notFound('Shipping zone');
      await deleteZone(w.tx, id);
      zoneChanged(w, 'DELETE', id, before, null);
    });
  }

  /** A write whose country insert lost a race to a concurrent one → 409 ZONE_CONFLICT. */
  private async write<R>(actor: Actor, fn: (w: Write) => Promise<R>): Promise<R> {
    try {
      return await tenantWrite(this.ctx, actor, fn);
    } catch (e) {
      if (isUniqueViolation(e, 'country')) throw zoneConflict();
      throw e;
    }
  }
}

async function assertFree(tx: Tx, tenantId: string, countries: readonly string[], zoneId?: string): Promise<void> {
  const taken = await claimedCountries(tx, tenantId, countries, zoneId);
  if (taken.length > 0) throw zoneConflict(taken);
}

/** The rates' amounts in the tenant's currency digits; 400 at rates.<i>.<field> for a digit it lacks. */
function ratesIn(rates: readonly RateInput[], currency: string): RateInput[] {
  return rates.map((r, i) => {
    const at = `rates.${i}.`;
    const out: RateInput = { ...r, amount: moneyFor(r.amount, currency, `${at}amount`) };
    for (const k of ['minSubtotal', 'maxSubtotal', 'freeAbove'] as const) {
      const v = r[k];
      if (v !== undefined) out[k] = moneyFor(v, currency, `${at}${k}`);
    }
    return out;
  });
}

/** A rate id on PATCH must be one of this zone's rates (it keeps that id); anything else is a 400. */
function assertOwnRateIds(zone: ShippingZoneView, rates: readonly RateInput[]): void {
  const own = new Set(zone.rates.map((r) => r.id));
  const unknown = rates.flatMap((r) => (r.id && !own.has(r.id) ? [r.id] : []));
  if (unknown.length > 0) throw badRequest('Rate ids must name rates of this zone', { unknownRateIds: unknown });
}

function zoneChanged(
  w: Write,
  action: 'CREATE' | 'UPDATE' | 'DELETE',
  id: string,
  before: ShippingZoneView | null,
  after: ShippingZoneView | null,
): void {
  w.audit({
    action,
    resource: 'shipping_zone',
    resourceId: id,
    ...(before ? { before } : {}),
    ...(after ? { after } : {}),
  });
}
