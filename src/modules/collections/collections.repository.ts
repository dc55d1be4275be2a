// Collection persistence (the model API only). Every function takes a tenant-scoped
// transaction; RLS restricts it to the tenant and every query also names tenant_id.
import type { Tx } from '../../platform/db/prisma';
import type { CollectionChanges, CollectionView, NewCollection } from './collections.schemas';

const SELECT = { id: true, title: true, handle: true, description: true } as const;

export async function findCollection(tx: Tx, tenantId: string, id: string): Promise<CollectionView | null> {
  return tx.collection.findFirst({ where: { tenantId, id }, select: SELECT });
}

export interface CollectionFilter {
  tenantId: string;
  handle?: string;
}

/** By title, then id (stable pages). */
export async function listCollections(
  tx: Tx,
  f: CollectionFilter,
  skip: number,
  take: number,
): Promise<CollectionView[]> {
  return tx.collection.findMany({
    where: { tenantId: f.tenantId, handle: f.handle },
    select: SELECT,
    orderBy: [{ title: 'asc' }, { id: 'asc' }],
    skip,
    take,
  });
}

export async function countCollections(tx: Tx, f: CollectionFilter): Promise<number> {
  return tx.collection.count({ where: { tenantId: f.tenantId, handle: f.handle } });
}

export async function insertCollection(tx: Tx, c: NewCollection): Promise<CollectionView> {
  return tx.collection.create({ data: c, select: SELECT });
}

export async function updateCollection(tx: Tx, id: string, c: CollectionChanges): Promise<CollectionView> {
  return tx.collection.update({ where: { id }, data: c, select: SELECT });
}

/** Deletes the collection; its product memberships cascade (the products stay). */
export async function deleteCollection(tx: Tx, id: string): Promise<void> {
  await tx.collection.delete({ where: { id }, select: { id: true } });
}
