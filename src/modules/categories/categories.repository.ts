// Category persistence. Every function takes a tenant-scoped transaction (withTenant or the
// write path); RLS restricts it to the tenant and every query also names tenant_id. SQL only
// for what the model API cannot say (ADR 0006 §2.4): the tree walks (recursive CTEs).
import { Prisma } from '../../generated/prisma/client';
import type { SqlTx, Tx } from '../../platform/db/prisma';
import type { CategoryChanges, CategoryView, NewCategory } from './categories.schemas';

const SELECT = { id: true, name: true, handle: true, parentId: true, position: true, description: true } as const;
const SIBLING_ORDER: Prisma.CategoryOrderByWithRelationInput[] = [{ position: 'asc' }, { name: 'asc' }, { id: 'asc' }];

export async function findCategory(tx: Tx, tenantId: string, id: string): Promise<CategoryView | null> {
  return tx.category.findFirst({ where: { tenantId, id }, select: SELECT });
}

export interface CategoryFilter {
  tenantId: string;
  /** null: the roots; a uuid: its direct children; undefined: any parent. */
  parentId?: string | null;
  handle?: string;
}

/** Siblings (or the one handle) in sibling order: position, then name, then id. */
export async function listCategories(tx: Tx, f: CategoryFilter, skip: number, take: number): Promise<CategoryView[]> {
  return tx.category.findMany({
    where: { tenantId: f.tenantId, parentId: f.parentId, handle: f.handle },
    select: SELECT,
    orderBy: SIBLING_ORDER,
    skip,
    take,
  });
}

export async function countCategories(tx: Tx, f: CategoryFilter): Promise<number> {
  return tx.category.count({ where: { tenantId: f.tenantId, parentId: f.parentId, handle: f.handle } });
}

/**
 * The whole tree in depth-first order (a parent before its children, siblings in sibling
 * order), so a client can render it from one page walk. A row's sort key is the path of its
 * and its ancestors' ranks among their siblings; int arrays compare element-wise and a
 * prefix first, which is exactly pre-order. Walking down from the roots cannot loop.
 */
export async function listTreePage(tx: SqlTx, tenantId: string, skip: number, take: number): Promise<CategoryView[]> {
  return tx.$queryRaw<CategoryView[]>`WITH RECURSIVE ranked AS (
      SELECT c.id, c.name, c.handle, c.parent_id, c.position, c.description,
        row_number() OVER (PARTITION BY c.parent_id ORDER BY c.position, c.name, c.id) AS rn
      FROM categories c WHERE c.tenant_id = ${tenantId}::uuid),
    tree AS (
      SELECT r.*, ARRAY[r.rn] AS path FROM ranked r WHERE r.parent_id IS NULL
      UNION ALL
      SELECT r.*, t.path || r.rn FROM ranked r JOIN tree t ON r.parent_id = t.id)
    SELECT id::text AS id, name, handle, parent_id::text AS "parentId", position, description
    FROM tree ORDER BY path LIMIT ${take}::int OFFSET ${skip}::int`;
}

/**
 * Whether `candidate` is `id` itself or one of its descendants, i.e. whether putting `id`
 * under `candidate` would close a cycle: walks up from the candidate (UNION stops on a
 * repeated row, so even corrupt data cannot loop).
 */
export async function isSelfOrDescendant(tx: SqlTx, tenantId: string, id: string, candidate: string): Promise<boolean> {
  const [r] = await tx.$queryRaw<{ hit: boolean }[]>`WITH RECURSIVE up AS (
      SELECT c.id, c.parent_id FROM categories c WHERE c.tenant_id = ${tenantId}::uuid AND c.id = ${candidate}::uuid
      UNION
      SELECT c.id, c.parent_id FROM categories c JOIN up ON c.id = up.parent_id WHERE c.tenant_id = ${tenantId}::uuid)
    SELECT EXISTS (SELECT 1 FROM up WHERE up.id = ${id}::uuid) AS hit`;
  return r?.hit ?? false;
}

/** The position after the last child of `parentId` (null: the roots); 0 for none. */
export async function nextPosition(tx: Tx, tenantId: string, parentId: string | null): Promise<number> {
  const agg = await tx.category.aggregate({ where: { tenantId, parentId }, _max: { position: true } });
  const max = agg._max.position;
  return max === null ? 0 : Math.min(max + 1, 2_147_483_647);
}

export async function insertCategory(tx: Tx, c: NewCategory): Promise<CategoryView> {
  return tx.category.create({ data: c, select: SELECT });
}

export async function updateCategory(tx: Tx, id: string, c: CategoryChanges): Promise<CategoryView> {
  return tx.category.update({ where: { id }, data: c, select: SELECT });
}

export async function childrenOf(tx: Tx, tenantId: string, id: string): Promise<CategoryView[]> {
  return tx.category.findMany({ where: { tenantId, parentId: id }, select: SELECT, orderBy: SIBLING_ORDER });
}

/** Moves every child of `id` under `parentId`, then deletes `id` (its product rows cascade). */
export async function deleteLiftingChildren(
  tx: Tx,
  tenantId: string,
  id: string,
  parentId: string | null,
): Promise<void> {
  await tx.category.updateMany({ where: { tenantId, parentId: id }, data: { parentId } });
  await tx.category.delete({ where: { id }, select: { id: true } });
}
