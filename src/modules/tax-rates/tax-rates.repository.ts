// Tax rate persistence (the model API only). Every function takes a tenant-scoped
// transaction; RLS restricts it to the tenant and every query also names tenant_id.
import type { Tx } from '../../platform/db/prisma';
import type { DecimalLike } from '../../platform/money';
import { plainRate } from './tax-rates.lookup';
import type { TaxRateView } from './tax-rates.schemas';

const SELECT = { id: true, country: true, state: true, name: true, rate: true, appliesToShipping: true } as const;

interface Row {
  id: string;
  country: string;
  state: string | null;
  name: string;
  rate: DecimalLike;
  appliesToShipping: boolean;
}

/** The rate without trailing zeros: DECIMAL(6,3) 8.875 → "8.875", 20.000 → "20". */
const view = (r: Row): TaxRateView => ({ ...r, rate: plainRate(r.rate.toFixed(3)) });

export type TaxRateData = Omit<TaxRateView, 'id'>;

export async function findTaxRate(tx: Tx, tenantId: string, id: string): Promise<TaxRateView | null> {
  const r = await tx.taxRate.findFirst({ where: { tenantId, id }, select: SELECT });
  return r && view(r);
}

/** By country, the country-wide rate first, then state. */
export async function listTaxRates(tx: Tx, tenantId: string, skip: number, take: number): Promise<TaxRateView[]> {
  const rows = await tx.taxRate.findMany({
    where: { tenantId },
    select: SELECT,
    orderBy: [{ country: 'asc' }, { state: { sort: 'asc', nulls: 'first' } }, { id: 'asc' }],
    skip,
    take,
  });
  return rows.map(view);
}

export const countTaxRates = (tx: Tx, tenantId: string): Promise<number> => tx.taxRate.count({ where: { tenantId } });

/** The id of the tenant's rate for exactly (country, state), state null included. */
export async function rateIdFor(tx: Tx, tenantId: string, country: string, state: string | null) {
  const r = await tx.taxRate.findFirst({ where: { tenantId, country, state }, select: { id: true } });
  return r?.id ?? null;
}

export async function insertTaxRate(tx: Tx, tenantId: string, d: TaxRateData): Promise<TaxRateView> {
  return view(await tx.taxRate.create({ data: { tenantId, ...d }, select: SELECT }));
}

export async function updateTaxRate(tx: Tx, id: string, d: Partial<TaxRateData>): Promise<TaxRateView> {
  return view(await tx.taxRate.update({ where: { id }, data: d, select: SELECT }));
}

export async function deleteTaxRate(tx: Tx, id: string): Promise<void> {
  await tx.taxRate.delete({ where: { id }, select: { id: true } });
}
