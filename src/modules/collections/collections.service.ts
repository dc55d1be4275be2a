// Collections: reads in a tenant transaction; writes through the write path under the
// tenant's collection lock (shared with categories: one handle rule), each with its audit
// row and the catalog invalidation (product views show collectionIds).
import type { AppContext } from '../../platform/app-context';
import type { Actor, TenantRef } from '../../platform/auth/types';
import { withTenant } from '../../platform/db/prisma';
import { notFound } from '../../platform/errors';
import { skipTake } from '../../platform/http/validate';
import { lockedWrite, resolveHandle } from '../categories';
import type { Write } from '../write-path';
import {
  countCollections,
  deleteCollection,
  findCollection,
  insertCollection,
  listCollections,
  updateCollection,
} from './collections.repository';
import type {
  CollectionPage,
  CollectionView,
  CreateCollectionInput,
  ListCollectionsQuery,
  UpdateCollectionInput,
} from './collections.schemas';

export class CollectionsService {
  constructor(private readonly ctx: AppContext) {}

  async list(tenant: TenantRef, q: ListCollectionsQuery): Promise<CollectionPage> {
    const { skip, take } = skipTake(q);
    const f = { tenantId: tenant.id, handle: q.handle };
    return withTenant(this.ctx.db, tenant.id, async (tx) => ({
      items: await listCollections(tx, f, skip, take),
      total: await countCollections(tx, f),
    }));
  }

  async get(tenant: TenantRef, id: string): Promise<CollectionView> {
    const c = await withTenant(this.ctx.db, tenant.id, (tx) => findCollection(tx, tenant.id, id));
    if (!c) throw notFound('Collection');
    return c;
  }

  async create(tenant: TenantRef, input: CreateCollectionInput, actor: Actor): Promise<CollectionView> {
    return lockedWrite(this.ctx, actor, 'collections', async (w) => {
      const { tx } = w;
      const c = await insertCollection(tx, {
        tenantId: tenant.id,
        title: input.title,
        handle: await resolveHandle(tx, 'collections', tenant.id, input.handle, input.title),
        description: input.description ?? null,
      });
      collectionChanged(w, 'CREATE', c.id, null, c);
      return c;
    });
  }

  async update(tenant: TenantRef, id: string, input: UpdateCollectionInput, actor: Actor): Promise<CollectionView> {
    return lockedWrite(this.ctx, actor, 'collections', async (w) => {
      const { tx } = w;
      const before = await findCollection(tx, tenant.id, id);
      if (!before) throw notFound('Collection');
      if (input.handle !== undefined) await resolveHandle(tx, 'collections', tenant.id, input.handle, before.title, id);
      const after = await updateCollection(tx, id, input);
      collectionChanged(w, 'UPDATE', id, before, after);
      return after;
    });
  }

  /** Deletes the collection; its product memberships go with it (the products stay). */
  async remove(tenant: TenantRef, id: string, actor: Actor): Promise<void> {
    await lockedWrite(this.ctx, actor, 'collections', async (w) => {
      const { tx } = w;
      const before = await findCollection(tx, tenant.id, id);
      if (!before) throw notFound('Collection');
      await deleteCollection(tx, id);
      collectionChanged(w, 'DELETE', id, before, null);
    });
  }
}

/** What a collection write declares besides its rows: the audit row and the catalog invalidation. */
function collectionChanged(
  w: Write,
  action: 'CREATE' | 'UPDATE' | 'DELETE',
  id: string,
  before: CollectionView | null,
  after: CollectionView | null,
): void {
  w.audit({
    action,
    resource: 'collection',
    resourceId: id,
    ...(before ? { before } : {}),
    ...(after ? { after } : {}),
  });
  w.invalidate('catalog');
}
