// Shipping zone persistence (the model API only). Every function takes a tenant-scoped
// transaction; RLS restricts it to the tenant and every query also names tenant_id.
import type { TenantRef } from '../../platform/auth/types';
import type { Tx } from '../../platform/db/prisma';
import { formatMoney, type DecimalLike } from '../../platform/money';
import type { RateInput, ShippingRateView, ShippingZoneView } from './shipping.schemas';

const SELECT = {
  id: true,
  name: true,
  countries: { select: { country: true }, orderBy: { country: 'asc' } },
  rates: {
    select: { id: true, name: true, amount: true, minSubtotal: true, maxSubtotal: true, freeAbove: true },
    orderBy: { position: 'asc' },
  },
} as const;

interface RateRow {
  id: string;
  name: string;
  amount: DecimalLike;
  minSubtotal: DecimalLike | null;
  maxSubtotal: DecimalLike | null;
  freeAbove: DecimalLike | null;
}
interface ZoneRow {
  id: string;
  name: string;
  countries: { country: string }[];
  rates: RateRow[];
}

function rateView(r: RateRow, currency: string): ShippingRateView {
  return {
    id: r.id,
    name: r.name,
    amount: formatMoney(r.amount, currency),
    ...(r.minSubtotal !== null ? { minSubtotal: formatMoney(r.minSubtotal, currency) } : {}),
    ...(r.maxSubtotal !== null ? { maxSubtotal: formatMoney(r.maxSubtotal, currency) } : {}),
    ...(r.freeAbove !== null ? { freeAbove: formatMoney(r.freeAbove, currency) } : {}),
  };
}

/** Amounts in the tenant currency's digits ("5.00" USD, "500" JPY). */
const zoneView = (z: ZoneRow, currency: string): ShippingZoneView => ({
  id: z.id,
  name: z.name,
  countries: z.countries.map((c) => c.country),
  rates: z.rates.map((r) => rateView(r, currency)),
});

export async function findZone(tx: Tx, tenant: TenantRef, id: string): Promise<ShippingZoneView | null> {
  const z = await tx.shippingZone.findFirst({ where: { tenantId: tenant.id, id }, select: SELECT });
  return z && zoneView(z, tenant.currency);
}

/** By name, then id (stable pages). */
export async function listZones(tx: Tx, tenant: TenantRef, skip: number, take: number): Promise<ShippingZoneView[]> {
  const rows = await tx.shippingZone.findMany({
    where: { tenantId: tenant.id },
    select: SELECT,
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    skip,
    take,
  });
  return rows.map((z) => zoneView(z, tenant.currency));
}

export const countZones = (tx: Tx, tenantId: string): Promise<number> => tx.shippingZone.count({ where: { tenantId } });

/** The countries of `countries` that another zone of the tenant (not `exceptZoneId`) holds. */
export async function claimedCountries(
  tx: Tx,
  tenantId: string,
  countries: readonly string[],
  exceptZoneId?: string,
): Promise<string[]> {
  const rows = await tx.shippingZoneCountry.findMany({
    where: { tenantId, country: { in: [...countries] }, ...(exceptZoneId ? { zoneId: { not: exceptZoneId } } : {}) },
    select: { country: true },
    orderBy: { country: 'asc' },
  });
  return rows.map((r) => r.country);
}

export async function insertZone(tx: Tx, tenantId: string, name: string): Promise<string> {
  const z = await tx.shippingZone.create({ data: { tenantId, name }, select: { id: true } });
  return z.id;
}

export async function renameZone(tx: Tx, id: string, name: string): Promise<void> {
  await tx.shippingZone.update({ where: { id }, data: { name }, select: { id: true } });
}

/** Touches updated_at (a write of countries or rates only). */
export async function touchZone(tx: Tx, id: string): Promise<void> {
  await tx.shippingZone.update({ where: { id }, data: { updatedAt: new Date() }, select: { id: true } });
}

/** Replaces the zone's countries; a country another zone holds fails the unique (tenant_id, country). */
export async function setCountries(tx: Tx, tenantId: string, zoneId: string, countries: readonly string[]) {
  await tx.shippingZoneCountry.deleteMany({ where: { tenantId, zoneId } });
  await tx.shippingZoneCountry.createMany({ data: countries.map((country) => ({ tenantId, zoneId, country })) });
}

/** Replaces the zone's rates in the given order; a rate with an id keeps it (the caller checked it is this zone's). */
export async function setRates(tx: Tx, tenantId: string, zoneId: string, rates: readonly RateInput[]) {
  await tx.shippingRate.deleteMany({ where: { tenantId, zoneId } });
  await tx.shippingRate.createMany({
    data: rates.map((r, position) => ({
      ...(r.id ? { id: r.id } : {}),
      tenantId,
      zoneId,
      position,
      name: r.name,
      amount: r.amount,
      minSubtotal: r.minSubtotal ?? null,
      maxSubtotal: r.maxSubtotal ?? null,
      freeAbove: r.freeAbove ?? null,
    })),
  });
}

/** Deletes the zone; its countries and rates cascade. */
export async function deleteZone(tx: Tx, id: string): Promise<void> {
  await tx.shippingZone.delete({ where: { id }, select: { id: true } });
}
