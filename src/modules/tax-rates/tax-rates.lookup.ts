// The tax rates of a country, in raw SQL for the order and cart hot paths: a scalar subquery
// other statements embed (one round trip for a whole order or cart snapshot). Runs in a
// tenant transaction: RLS keeps it to the tenant's rates.
import { Prisma } from '../../generated/prisma/client';

/** A rate as pricing reads it; `rate` as the tax-rates API shows it ("8.875", "20"). */
export interface TaxRateRow {
  country: string;
  state: string | null;
  name: string;
  rate: string;
  appliesToShipping: boolean;
}

/** A JSON array of the tenant's rates for `country` (an SQL text expression); [] when none. */
export const taxRatesSql = (country: Prisma.Sql): Prisma.Sql => Prisma.sql`COALESCE(
    (SELECT json_agg(json_build_object('country', tr.country, 'state', tr.state, 'name', tr.name,
       'rate', tr.rate::text, 'appliesToShipping', tr.applies_to_shipping))
     FROM tax_rates tr WHERE tr.country = ${country}), '[]'::json)`;

/** DECIMAL(6,3) text without trailing zeros: "8.875", "20.000" → "20". */
export const plainRate = (r: string): string => (r.includes('.') ? r.replace(/\.?0+$/, '') : r);

/** taxRatesSql's value as rows, each rate in the API's form. */
export const parseTaxRates = (json: unknown): TaxRateRow[] =>
  ((json ?? []) as TaxRateRow[]).map((t) => ({ ...t, rate: plainRate(t.rate) }));
