// Promotion persistence. Every function takes a tenant-scoped transaction; RLS restricts it to
// the tenant and every query also names tenant_id. The model API writes; SQL reads the view
// (timesUsed of an unlimited promotion is a count of its redemptions: one statement per page,
// ADR 0006 §2.4), locks the row for a limit change (§2.1) and gives a cancelled order's uses
// back (one data-modifying statement, §2.4).
import { Prisma } from '../../generated/prisma/client';
import type { SqlTx, Tx } from '../../platform/db/prisma';
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
  value: string | DecimalLike | null;
  minSubtotal: string | DecimalLike | null;
  /** The view's: times_used with a usageLimit, else the count of the redemption rows. */
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
  if (r.type === 'percentage')
    return (typeof r.value === 'string' ? r.value : r.value.toFixed(3)).replace(/\.?0+$/, '');
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

/**
 * The view's columns of promotion `p`. timesUsed: a promotion with a usageLimit keeps its uses
 * in times_used (orders bump it with a guarded UPDATE); one without keeps no counter, so an
 * unlimited automatic promotion is no row every order locks, and its uses are its redemption
 * rows, counted here through the (promotion_id, …) index for that promotion only.
 */
const VIEW_COLUMNS = Prisma.sql`p.id, p.name, p.code, p.type, p.value::text AS value,
  p.product_ids::text[] AS "productIds", p.category_ids::text[] AS "categoryIds",
  p.collection_ids::text[] AS "collectionIds", p.min_subtotal::text AS "minSubtotal",
  p.starts_at AS "startsAt", p.ends_at AS "endsAt", p.usage_limit AS "usageLimit",
  p.per_customer_limit AS "perCustomerLimit", p.combinable, p.priority, p.status,
  p.created_at AS "createdAt",
  CASE WHEN p.usage_limit IS NULL
    THEN (SELECT count(*)::int FROM promotion_redemptions r
          WHERE r.tenant_id = p.tenant_id AND r.promotion_id = p.id)
    ELSE p.times_used END AS "timesUsed"`;

/** The promotion's view; null for an unknown id. */
export async function findPromotion(
  tx: SqlTx,
  tenantId: string,
  currency: string,
  id: string,
): Promise<PromotionView | null> {
  const rows = await tx.$queryRaw<Row[]>`SELECT ${VIEW_COLUMNS} FROM promotions p
    WHERE p.tenant_id = ${tenantId}::uuid AND p.id = ${id}::uuid`;
  return rows[0] ? view(rows[0], currency) : null;
}

/** `%q%` for ILIKE, with the pattern's own wildcards (and the escape) taken literally. */
const containsPattern = (q: string): string => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The list's filter: status, and `q` in the name or the code, case-insensitively. */
function listFilter(tenantId: string, f: { status?: PromotionStatus; q?: string }): Prisma.Sql {
  const status = f.status ? Prisma.sql`AND p.status = ${f.status}` : Prisma.empty;
  const match = f.q
    ? Prisma.sql`AND (p.name ILIKE ${containsPattern(f.q)} OR p.code ILIKE ${containsPattern(f.q)})`
    : Prisma.empty;
  return Prisma.sql`p.tenant_id = ${tenantId}::uuid ${status} ${match}`;
}

/**
 * Newest first (the (tenant_id, created_at DESC, id DESC) index), with listFilter. One statement: the page is cut first, then only its unlimited promotions'
 * redemptions are counted (Prisma's `_count` would aggregate every redemption of the tenant).
 */
export async function listPromotions(
  tx: SqlTx,
  tenantId: string,
  currency: string,
  f: { status?: PromotionStatus; q?: string },
  skip: number,
  take: number,
): Promise<PromotionView[]> {
  const rows = await tx.$queryRaw<Row[]>`SELECT ${VIEW_COLUMNS}
    FROM (
      SELECT p.* FROM promotions p
      WHERE ${listFilter(tenantId, f)}
      ORDER BY p.created_at DESC, p.id DESC
      LIMIT ${take}::int OFFSET ${skip}::int
    ) p
    ORDER BY p.created_at DESC, p.id DESC`;
  return rows.map((r) => view(r, currency));
}

/** How many promotions match (the list's meta.total), with the page's filter. */
export async function countPromotions(
  tx: SqlTx,
  tenantId: string,
  f: { status?: PromotionStatus; q?: string },
): Promise<number> {
  const rows = await tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM promotions p
    WHERE ${listFilter(tenantId, f)}`;
  return rows[0]?.n ?? 0;
}

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

/** Writes `d`; with `timesUsed`, the limited promotion's counter is set with it (a limit change). */
export async function updatePromotion(
  tx: Tx,
  id: string,
  d: Partial<PromotionData> & { timesUsed?: number },
): Promise<void> {
  await tx.promotion.update({ where: { id }, data: d, select: { id: true } });
}

export async function deletePromotion(tx: Tx, id: string): Promise<void> {
  await tx.promotion.delete({ where: { id }, select: { id: true } });
}

/**
 * Locks the promotion row for a usage-limit change and returns its redemption count (null: no
 * such promotion). FOR UPDATE conflicts with the FOR KEY SHARE that an order's redemption
 * insert takes through the foreign key and with an order's counter UPDATE: the lock waits for
 * the orders writing uses of it to commit, and keeps new ones out until this transaction
 * ends, so the count (a later statement, so a later snapshot) is every use there is.
 */
export async function lockForLimitChange(tx: SqlTx, tenantId: string, id: string): Promise<number | null> {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM promotions
    WHERE tenant_id = ${tenantId}::uuid AND id = ${id}::uuid FOR UPDATE`;
  if (locked.length === 0) return null;
  const rows = await tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM promotion_redemptions
    WHERE tenant_id = ${tenantId}::uuid AND promotion_id = ${id}::uuid`;
  return rows[0]?.n ?? 0;
}

/**
 * Gives a cancelled or expired order's promotion uses back, in the caller's transaction: one
 * statement deletes the order's redemption rows (what perCustomerLimit and an unlimited
 * promotion's timesUsed count) and takes one use off times_used (never below 0) of each of
 * those promotions that has a usageLimit. The limited promotions are locked in id order, the
 * order every multi-promotion write must lock them in, so two writes cannot deadlock on them.
 */
export async function releasePromotionUses(tx: SqlTx, orderId: string): Promise<void> {
  await tx.$executeRaw`WITH gone AS (
      DELETE FROM promotion_redemptions WHERE order_id = ${orderId}::uuid
      RETURNING tenant_id, promotion_id
    ), limited AS (
      SELECT p.id FROM promotions p JOIN gone g ON g.promotion_id = p.id AND g.tenant_id = p.tenant_id
      WHERE p.usage_limit IS NOT NULL
      ORDER BY p.id
      FOR NO KEY UPDATE OF p
    )
    UPDATE promotions p SET times_used = greatest(p.times_used - 1, 0)
    FROM limited WHERE p.id = limited.id`;
}

/**
 * A promotion was written: pricing's in-memory copy of the tenant's automatic promotions
 * (promotions.lookup.ts) is stale from this transaction's commit on.
 */
export async function bumpPromotionsVersion(tx: SqlTx, tenantId: string): Promise<void> {
  await tx.$executeRaw`UPDATE tenants SET promotions_version = promotions_version + 1 WHERE id = ${tenantId}::uuid`;
}
