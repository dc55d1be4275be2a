// The collections module's public surface (docs/architecture.md).
import type { SqlTx } from '../../platform/db/prisma';
import { missingIds } from '../categories';

export { collectionsRouter } from './collections.controller';
export { CollectionsService } from './collections.service';
export type { CollectionView } from './collections.schemas';
/** The zod schemas openapi.yaml documents (scripts/generate-openapi.ts). */
export { openApiSchemas } from './collections.schemas';

/**
 * The ids of `ids` that name no collection of the tenant, for product writes (→ 400). Locks
 * the ones found FOR KEY SHARE until the caller's transaction ends (see missingCategoryIds).
 */
export const missingCollectionIds = (tx: SqlTx, tenantId: string, ids: readonly string[]): Promise<string[]> =>
  missingIds(tx, 'collections', tenantId, ids);
