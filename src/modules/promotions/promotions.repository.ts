// Promotion persistence (the model API only). Every function takes a tenant-scoped
// transaction; RLS restricts it to the tenant and every query also names tenant_id.
import type { Prisma } from '../../generated/prisma/client';
import type { Tx } from '../../platform/db/prisma';
import { formatMoney, type DecimalLike } from '../../platform/money';
import type { PromotionStatus, PromotionType, PromotionView } from './promotions.schemas';

/** A promotion as the service writes it: amounts already in the currency's digits. */
export interface PromotionData {
  name: string;
  code: string | null;
  type: PromotionType;
  value: string | null;
  productIds: string[];
  categoryIds: string[];
  collectionIds: string[];
  minSubtotal: string | null;
  startsAt: Date | null;
  endsAt: Date | null;
  usageLimit: number | null;
  perCustomerLimit: number | null;
  combinable: boolean;
  priority: number;
  status: PromotionStatus;
}

interface Row extends Omit<PromotionData, 'value' | 'minSubtotal' | 'type' | 'status'> {
  id: string;
  type: string;
  status: string;
  value: DecimalLike | null;
  minSubtotal: DecimalLike | null;
  timesUsed: number;
  createdAt: Date;
}

const SELECT = {
  id: true,
  name: true,
  code: true,
  type: true,
  value: true,
  productIds: true,
  categoryIds: true,
  collectionIds: true,
  minSubtotal: true,
  startsAt: true,
  endsAt: true,
  usageLimit: true,
  perCustomerLimit: true,
  combinable: true,
  priority: true,
  timesUsed: true,
  status: true,
  createdAt: true,
} as const;

/** A percentage without trailing zeros (12.500 → "12.5"); an amount in the currency's digits. */
function valueOf(r: Row, currency: string): string | null {
  if (r.value === null) return null;
  if (r.type === 'percentage') return r.value.toFixed(3).replace(/\.?0+$/, '');
  return formatMoney(r.value, currency);
}

const view = (r: Row, currency: string): PromotionView => ({
  id: r.id,
  name: r.name,
  code: r.code,
  automatic: r.code === null,
  type: r.type as PromotionType,
  value: valueOf(r, currency),
  appliesTo: { productIds: r.productIds, categoryIds: r.categoryIds, collectionIds: r.collectionIds },
  minSubtotal: r.minSubtotal === null ? null : formatMoney(r.minSubtotal, currency),
  startsAt: r.startsAt?.toISOString() ?? null,
  endsAt: r.endsAt?.toISOString() ?? null,
  usageLimit: r.usageLimit,
  perCustomerLimit: r.perCustomerLimit,
  combinable: r.combinable,
  priority: r.priority,
  timesUsed: r.timesUsed,
  status: r.status as PromotionStatus,
  createdAt: r.createdAt.toISOString(),
});

/** The stored promotion (with timesUsed) and its view, for PATCH's merged checks. */
export async function findPromotion(
  tx: Tx,
  tenantId: string,
  currency: string,
  id: string,
): Promise<{ view: PromotionView; timesUsed: number } | null> {
  const r = await tx.promotion.findFirst({ where: { tenantId, id }, select: SELECT });
  return r && { view: view(r, currency), timesUsed: r.timesUsed };
}

function listWhere(tenantId: string, f: { status?: PromotionStatus; q?: string }): Prisma.PromotionWhereInput {
  return {
    tenantId,
    ...(f.status ? { status: f.status } : {}),
    ...(f.q
      ? {
          OR: [{ name: { contains: f.q, mode: 'insensitive' } }, { code: { contains: f.q, mode: 'insensitive' } }],
        }
      : {}),
  };
}

/** Newest first (the (tenant_id, created_at DESC, id DESC) index). */
export async function listPromotions(
  tx: Tx,
  tenantId: string,
  currency: string,
  f: { status?: PromotionStatus; q?: string },
  skip: number,
  take: number,
): Promise<PromotionView[]> {
  const rows = await tx.promotion.findMany({
    where: listWhere(tenantId, f),
    select: SELECT,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip,
    take,
  });
  return rows.map((r) => view(r, currency));
}

export const countPromotions = (tx: Tx, tenantId: string, f: { status?: PromotionStatus; q?: string }) =>
  tx.promotion.count({ where: listWhere(tenantId, f) });

/** The id of the tenant's promotion with this code, case-insensitively (the lower(code) index). */
export async function promotionIdByCode(tx: Tx, tenantId: string, code: string): Promise<string | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM promotions
    WHERE tenant_id = ${tenantId}::uuid AND lower(code) = lower(${code}) AND code IS NOT NULL`;
  return rows[0]?.id ?? null;
}

/** The ids of `ids` that name no product of the tenant. */
export async function missingProductIds(tx: Tx, tenantId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const found = await tx.product.findMany({ where: { tenantId, id: { in: [...ids] } }, select: { id: true } });
  const have = new Set(found.map((p) => p.id));
  return ids.filter((id) => !have.has(id));
}

export async function insertPromotion(
  tx: Tx,
  tenantId: string,
  currency: string,
  d: PromotionData,
): Promise<PromotionView> {
  return view(await tx.promotion.create({ data: { tenantId, ...d }, select: SELECT }), currency);
}

export async function updatePromotion(
  tx: Tx,
  id: string,
  currency: string,
  d: Partial<PromotionData>,
): Promise<PromotionView> {
  return view(await tx.promotion.update({ where: { id }, data: d, select: SELECT }), currency);
}

export async function deletePromotion(tx: Tx, id: string): Promise<void> {
  await tx.promotion.delete({ where: { id }, select: { id: true } });
}
