// Categories: reads in a tenant transaction; writes through the write path under the tenant's
// category lock (groups.ts), each with its audit row and the catalog invalidation (product
// views show categoryIds, and a deleted category leaves them).
import type { AppContext } from '../../platform/app-context';
import type { Actor, TenantRef } from '../../platform/auth/types';
import { withTenant } from '../../platform/db/prisma';
import { badRequest, conflict, notFound } from '../../platform/errors';
import { skipTake } from '../../platform/http/validate';
import type { Write } from '../write-path';
import {
  childrenOf,
  countCategories,
  deleteLiftingChildren,
  findCategory,
  insertCategory,
  isSelfOrDescendant,
  listCategories,
  listTreePage,
  nextPosition,
  updateCategory,
} from './categories.repository';
import type {
  CategoryChanges,
  CategoryPage,
  CategoryView,
  CreateCategoryInput,
  ListCategoriesQuery,
  UpdateCategoryInput,
} from './categories.schemas';
import { lockedWrite, resolveHandle } from './groups';

const unknownParent = () =>
  badRequest('Request validation failed', {
    issues: [{ path: 'parentId', message: 'no such category in this store', code: 'custom' }],
  });

const cycle = () =>
  conflict('CATEGORY_CYCLE', 'The parent is the category itself or one of its descendants', { field: 'parentId' });

export class CategoriesService {
  constructor(private readonly ctx: AppContext) {}

  async list(tenant: TenantRef, q: ListCategoriesQuery): Promise<CategoryPage> {
    const { skip, take } = skipTake(q);
    const f = { tenantId: tenant.id, parentId: q.parentId, handle: q.handle };
    return withTenant(this.ctx.db, tenant.id, async (tx) => {
      const wholeTree = f.parentId === undefined && f.handle === undefined;
      const items = wholeTree ? await listTreePage(tx, tenant.id, skip, take) : await listCategories(tx, f, skip, take);
      return { items, total: await countCategories(tx, f) };
    });
  }

  async get(tenant: TenantRef, id: string): Promise<CategoryView> {
    const c = await withTenant(this.ctx.db, tenant.id, (tx) => findCategory(tx, tenant.id, id));
    if (!c) throw notFound('Category');
    return c;
  }

  async create(tenant: TenantRef, input: CreateCategoryInput, actor: Actor): Promise<CategoryView> {
    return lockedWrite(this.ctx, actor, 'categories', async (w) => {
      const { tx } = w;
      const parentId = input.parentId ?? null;
      if (parentId !== null && !(await findCategory(tx, tenant.id, parentId))) throw unknownParent();
      const c = await insertCategory(tx, {
        tenantId: tenant.id,
        name: input.name,
        handle: await resolveHandle(tx, 'categories', tenant.id, input.handle, input.name),
        parentId,
        position: input.position ?? (await nextPosition(tx, tenant.id, parentId)),
        description: input.description ?? null,
      });
      categoryChanged(w, 'CREATE', c.id, null, c);
      return c;
    });
  }

  async update(tenant: TenantRef, id: string, input: UpdateCategoryInput, actor: Actor): Promise<CategoryView> {
    return lockedWrite(this.ctx, actor, 'categories', async (w) => {
      const { tx } = w;
      const before = await findCategory(tx, tenant.id, id);
      if (!before) throw notFound('Category');
      const changes: CategoryChanges = { ...input };
      if (input.parentId !== undefined && input.parentId !== null && input.parentId !== before.parentId) {
        // Under the tenant's category lock: no other write can move a category between this
        // check and the commit, so two crossing moves cannot both pass.
        if (input.parentId !== id && !(await findCategory(tx, tenant.id, input.parentId))) throw unknownParent();
        if (await isSelfOrDescendant(tx, tenant.id, id, input.parentId)) throw cycle();
      }
      if (input.handle !== undefined) await resolveHandle(tx, 'categories', tenant.id, input.handle, before.name, id);
      const after = await updateCategory(tx, id, changes);
      categoryChanged(w, 'UPDATE', id, before, after);
      return after;
    });
  }

  /**
   * Deletes the category; its children move up to its parent (a root's children become roots)
   * and keep their positions; its product memberships go with it (the products stay).
   */
  async remove(tenant: TenantRef, id: string, actor: Actor): Promise<void> {
    await lockedWrite(this.ctx, actor, 'categories', async (w) => {
      const { tx } = w;
      const doomed = await findCategory(tx, tenant.id, id);
      if (!doomed) throw notFound('Category');
      const children = await childrenOf(tx, tenant.id, id);
      await deleteLiftingChildren(tx, tenant.id, id, doomed.parentId);
      for (const child of children)
        categoryChanged(w, 'UPDATE', child.id, child, { ...child, parentId: doomed.parentId });
      w.audit({ action: 'DELETE', resource: 'category', resourceId: id, before: doomed });
      w.invalidate('catalog');
    });
  }
}

/** What a category write declares besides its rows: the audit row and the catalog invalidation. */
function categoryChanged(
  w: Write,
  action: 'CREATE' | 'UPDATE',
  id: string,
  before: CategoryView | null,
  after: CategoryView,
): void {
  w.audit({ action, resource: 'category', resourceId: id, ...(before ? { before } : {}), after });
  w.invalidate('catalog');
}
