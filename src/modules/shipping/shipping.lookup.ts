// The rates of the zone covering a country, in raw SQL for the cart and checkout hot paths:
// as a fragment other statements embed (one round trip for a whole cart snapshot), or on
// its own. Runs in a tenant transaction: RLS keeps it to the tenant's zones.
import { Prisma } from '../../generated/prisma/client';
import type { SqlTx } from '../../platform/db/prisma';
import type { ShippingRateView } from './shipping.schemas';

/**
 * A scalar subquery: the zone's rates (in the zone's order) as a JSON array for the
 * country `country` (an SQL text expression), or NULL when no zone covers it. Amounts are
 * the columns' text ("5.00"), which eligibleRates reads exactly.
 */
export function zoneRatesSql(country: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT COALESCE(
      (SELECT json_agg(json_build_object('id', r.id, 'name', r.name, 'amount', r.amount::text,
                'minSubtotal', r.min_subtotal::text, 'maxSubtotal', r.max_subtotal::text,
                'freeAbove', r.free_above::text) ORDER BY r.position, r.id)
         FROM shipping_rates r WHERE r.zone_id = zc.zone_id),
      '[]'::json)
    FROM shipping_zone_countries zc WHERE zc.country = ${country})`;
}

export interface RateJson {
  id: string;
  name: string;
  amount: string;
  minSubtotal: string | null;
  maxSubtotal: string | null;
  freeAbove: string | null;
}

/** A rate's JSON (the columns' text, absent bounds null) as a rate view (absent bounds left out). */
export const toRateView = (r: RateJson): ShippingRateView => ({
  id: r.id,
  name: r.name,
  amount: r.amount,
  ...(r.minSubtotal !== null ? { minSubtotal: r.minSubtotal } : {}),
  ...(r.maxSubtotal !== null ? { maxSubtotal: r.maxSubtotal } : {}),
  ...(r.freeAbove !== null ? { freeAbove: r.freeAbove } : {}),
});

/** zoneRatesSql's value as rate views (null: no zone covers the country). */
export function parseZoneRates(json: unknown): ShippingRateView[] | null {
  if (json === null || json === undefined) return null;
  const rows = (typeof json === 'string' ? JSON.parse(json) : json) as RateJson[];
  return rows.map(toRateView);
}

/** The rates of the zone covering `country` (one statement), or null when none covers it. */
export async function zoneRatesFor(tx: SqlTx, country: string): Promise<ShippingRateView[] | null> {
  const rows = await tx.$queryRaw<{ rates: unknown }[]>`SELECT ${zoneRatesSql(Prisma.sql`${country}::text`)} AS rates`;
  return parseZoneRates(rows[0]?.rates ?? null);
}
