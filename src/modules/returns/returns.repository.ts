// Returns persistence (Prisma). Every function runs in the caller's tenant transaction (RLS applies).
import type { Prisma } from '../../generated/prisma/client';
import type { Tx } from '../../platform/db/prisma';
import type { OrderLineInput } from '../fulfillments';
import type { ReturnState, ReturnView } from './returns.schemas';

const select = {
  id: true,
  orderId: true,
  status: true,
  reason: true,
  restock: true,
  receivedAt: true,
  createdAt: true,
  items: { select: { orderItemId: true, quantity: true }, orderBy: { orderItemId: 'asc' } },
} satisfies Prisma.ReturnSelect;
type ReturnRow = Prisma.ReturnGetPayload<{ select: typeof select }>;

const toReturnView = (r: ReturnRow): ReturnView => ({
  id: r.id,
  orderId: r.orderId,
  status: r.status as ReturnState,
  items: r.items,
  reason: r.reason,
  restock: r.restock,
  receivedAt: r.receivedAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
});

export async function insertReturn(
  tx: Tx,
  r: { tenantId: string; orderId: string; items: OrderLineInput[]; reason: string | null },
): Promise<ReturnView> {
  const row = await tx.return.create({
    data: {
      tenantId: r.tenantId,
      orderId: r.orderId,
      reason: r.reason,
      items: { create: r.items.map((it) => ({ tenantId: r.tenantId, ...it })) },
    },
    select,
  });
  return toReturnView(row);
}

/** The return, its row locked until commit (receiving it twice is serialised). */
export async function lockReturn(tx: Tx, id: string): Promise<ReturnView | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM returns WHERE id = ${id}::uuid FOR UPDATE`;
  if (rows.length === 0) return null;
  return toReturnView((await tx.return.findUnique({ where: { id }, select }))!);
}

export async function markReceived(tx: Tx, id: string, restock: boolean): Promise<ReturnView> {
  const row = await tx.return.update({
    where: { id },
    data: { status: 'received', restock, receivedAt: new Date() },
    select,
  });
  return toReturnView(row);
}

/** Variant of each order item (the stock a restock moves). */
export async function variantsOf(tx: Tx, orderItemIds: string[]): Promise<Map<string, string>> {
  const rows = await tx.orderItem.findMany({
    where: { id: { in: orderItemIds } },
    select: { id: true, variantId: true },
  });
  return new Map(rows.map((r) => [r.id, r.variantId]));
}

export async function listOrderReturns(tx: Tx, orderId: string): Promise<ReturnView[]> {
  const rows = await tx.return.findMany({ where: { orderId }, select, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  return rows.map(toReturnView);
}

export async function listReturns(
  tx: Tx,
  status: ReturnState | undefined,
  page: { skip: number; take: number },
): Promise<{ rows: ReturnView[]; total: number }> {
  const where: Prisma.ReturnWhereInput = status ? { status } : {};
  const [rows, total] = await Promise.all([
    tx.return.findMany({ where, select, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], ...page }),
    tx.return.count({ where }),
  ]);
  return { rows: rows.map(toReturnView), total };
}
