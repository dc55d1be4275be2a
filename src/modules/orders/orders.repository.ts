// Orders persistence. Every function takes the tenant transaction (RLS applies); stock is
// taken and returned with conditional UPDATEs, one product at a time in product-id order.
import type { Db, Tx } from '../../platform/db/prisma';
import type { Prisma } from '../../generated/prisma/client';
import type { OrderStatus } from './orders.schemas';

export interface ProductForOrder {
  id: string;
  name: string;
  sku: string;
  price: string; // "129.99"
  isActive: boolean;
  quantity: number | null; // null: no inventory row
}

export async function findProductsForOrder(tx: Tx, ids: string[]): Promise<ProductForOrder[]> {
  const rows = await tx.$queryRaw<
    { id: string; name: string; sku: string; price: string; is_active: boolean; quantity: number | null }[]
  >`SELECT p.id, p.name, p.sku, p.price::text AS price, p.is_active, i.quantity
    FROM products p LEFT JOIN inventory i ON i.product_id = p.id
    WHERE p.id = ANY(${ids}::uuid[])`;
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    sku: r.sku,
    price: r.price,
    isActive: r.is_active,
    quantity: r.quantity,
  }));
}

export async function findCustomer(tx: Tx, id: string) {
  return tx.user.findFirst({ where: { id, role: 'CUSTOMER' }, select: { id: true, email: true, name: true } });
}

export const orderInclude = {
  items: { orderBy: { productId: 'asc' } },
  payment: { select: { id: true, status: true, provider: true, providerPaymentId: true, amount: true } },
} satisfies Prisma.OrderInclude;

export type OrderRow = Prisma.OrderGetPayload<{ include: typeof orderInclude }>;

export async function insertOrder(
  tx: Tx,
  o: {
    id: string;
    tenantId: string;
    customerId: string;
    customerName: string | null;
    customerEmail: string | null;
    shippingAddress: Prisma.InputJsonValue;
    totalAmount: string;
    currency: string;
    items: { productId: string; sku: string; name: string; quantity: number; unitPrice: string; lineTotal: string }[];
  },
): Promise<OrderRow> {
  const { items, ...order } = o;
  await tx.order.create({ data: order });
  await tx.orderItem.createMany({ data: items.map((it) => ({ ...it, tenantId: o.tenantId, orderId: o.id })) });
  return (await findOrder(tx, o.id))!;
}

export async function findOrder(tx: Tx, id: string): Promise<OrderRow | null> {
  return tx.order.findUnique({ where: { id }, include: orderInclude });
}

/** Locks the order row (FOR UPDATE) so status changes are serialised; then reads it. */
export async function lockOrder(tx: Tx, id: string, opts: { skipLocked?: boolean } = {}): Promise<OrderRow | null> {
  const rows = opts.skipLocked
    ? await tx.$queryRaw<{ id: string }[]>`SELECT id FROM orders WHERE id = ${id}::uuid FOR UPDATE SKIP LOCKED`
    : await tx.$queryRaw<{ id: string }[]>`SELECT id FROM orders WHERE id = ${id}::uuid FOR UPDATE`;
  if (rows.length === 0) return null;
  return findOrder(tx, id);
}

export async function setOrderStatus(tx: Tx, id: string, status: OrderStatus): Promise<OrderRow> {
  await tx.order.update({ where: { id }, data: { status } });
  return (await findOrder(tx, id))!;
}

export async function listOrders(
  tx: Tx,
  where: { customerId?: string; status?: OrderStatus },
  page: { skip: number; take: number },
): Promise<{ rows: OrderRow[]; total: number }> {
  const w: Prisma.OrderWhereInput = {};
  if (where.customerId) w.customerId = where.customerId;
  if (where.status) w.status = where.status;
  const [rows, total] = await Promise.all([
    tx.order.findMany({ where: w, include: orderInclude, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], ...page }),
    tx.order.count({ where: w }),
  ]);
  return { rows, total };
}

/** Orders PENDING for longer than ttl seconds, across tenants (SECURITY DEFINER look-up). */
export async function expiredPendingOrders(
  db: Db,
  ttlSeconds: number,
  limit: number,
): Promise<{ tenantId: string; id: string }[]> {
  const rows = await db.$queryRaw<{ tenant_id: string; id: string }[]>`
    SELECT tenant_id, id FROM app_expired_pending_orders(${ttlSeconds}::int, ${limit}::int)`;
  return rows.map((r) => ({ tenantId: r.tenant_id, id: r.id }));
}

// ---- Idempotency keys (scoped to tenant + principal) ----

export type IdempotencyClaim =
  { kind: 'new' } | { kind: 'existing'; requestHash: string; responseStatus: number | null; responseBody: unknown };

/**
 * Inserts the key row (or takes over an expired one). A concurrent request with the same
 * key blocks on the unique index until this transaction ends, then sees the stored result.
 */
export async function claimIdempotencyKey(
  tx: Tx,
  k: { tenantId: string; principal: string; key: string; requestHash: string; ttlSeconds: number },
): Promise<IdempotencyClaim> {
  const claimed = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO idempotency_keys (id, tenant_id, principal, key, request_hash, expires_at)
    VALUES (gen_random_uuid(), ${k.tenantId}::uuid, ${k.principal}, ${k.key}, ${k.requestHash},
            now() + make_interval(secs => ${k.ttlSeconds}::int))
    ON CONFLICT (tenant_id, principal, key) DO UPDATE
      SET request_hash = EXCLUDED.request_hash, response_status = NULL, response_body = NULL,
          created_at = now(), expires_at = EXCLUDED.expires_at
      WHERE idempotency_keys.expires_at <= now()
    RETURNING id`;
  if (claimed.length > 0) return { kind: 'new' };
  const row = await tx.idempotencyKey.findUnique({
    where: { tenantId_principal_key: { tenantId: k.tenantId, principal: k.principal, key: k.key } },
  });
  // Gone between the two statements (expiry clean-up): report it as still in progress.
  if (!row) return { kind: 'existing', requestHash: k.requestHash, responseStatus: null, responseBody: null };
  return {
    kind: 'existing',
    requestHash: row.requestHash,
    responseStatus: row.responseStatus,
    responseBody: row.responseBody,
  };
}

export async function storeIdempotentResponse(
  tx: Tx,
  k: { tenantId: string; principal: string; key: string },
  status: number,
  body: unknown,
): Promise<void> {
  await tx.idempotencyKey.update({
    where: { tenantId_principal_key: k },
    data: { responseStatus: status, responseBody: body as Prisma.InputJsonValue },
  });
}
