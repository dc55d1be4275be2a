// The categories module's public surface (docs/architecture.md). It also holds what categories
// and collections share (groups*.ts), which the collections module imports from here.
import type { SqlTx } from '../../platform/db/prisma';
import { missingIds } from './groups.repository';

export { categoriesRouter } from './categories.controller';
export { CategoriesService } from './categories.service';
export type { CategoryView } from './categories.schemas';
/** The zod schemas openapi.yaml documents (scripts/generate-openapi.ts). */
export { openApiSchemas } from './categories.schemas';

// Shared with the collections module.
export { lockedWrite, resolveHandle } from './groups';
export { missingIds, type GroupTable } from './groups.repository';
export { groupFields, groupListQuery, label, patchBody, type Page } from './groups.schemas';

/**
 * The ids of `ids` that name no category of the tenant, for product writes (→ 400). Locks the
 * ones found FOR KEY SHARE until the caller's transaction ends, so a concurrent DELETE of one
 * waits instead of breaking the caller's membership INSERT (a foreign-key error).
 */
export const missingCategoryIds = (tx: SqlTx, tenantId: string, ids: readonly string[]): Promise<string[]> =>
  missingIds(tx, 'categories', tenantId, ids);
