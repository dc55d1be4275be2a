// Persistence that categories and collections share: the per-tenant write lock, the handles
// taken, and the id check product writes use. `table` is a closed union mapped to fixed
// identifiers. SQL only for the locks (ADR 0006 §2.1: Prisma has no locking read).
import { Prisma } from '../../generated/prisma/client';
import type { SqlTx, Tx } from '../../platform/db/prisma';

export type GroupTable = 'categories' | 'collections';

const TABLE: Record<GroupTable, Prisma.Sql> = {
  categories: Prisma.raw('categories'),
  collections: Prisma.raw('collections'),
};

/**
 * Serializes the tenant's writes of one table until the transaction ends. Category writes
 * need it so two concurrent re-parentings (A under B, B under A) cannot both pass the cycle
 * check; both kinds need it so a generated handle's "is it free" read and its insert are
 * atomic. These writes are rare (merchant back office), so one lock per tenant costs nothing.
 * An advisory lock keyed by table and tenant (hashtextextended: a 64-bit key from the text).
 */
export async function lockTenantTable(tx: SqlTx, table: GroupTable, tenantId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${table}:${tenantId}`}, 0))`;
}

type HandleRow = { id: string; handle: string };
/** A filter both tables' model APIs accept (only the columns they share). */
type HandleWhere = Prisma.CategoryWhereInput & Prisma.CollectionWhereInput;

/** The table's rows with a handle matching `where` (the model API of either table). */
function handleRows(tx: Tx, table: GroupTable, where: HandleWhere): Promise<HandleRow[]> {
  const args = { where, select: { id: true, handle: true } };
  return table === 'categories' ? tx.category.findMany(args) : tx.collection.findMany(args);
}

/** The handles of the table equal to `base` or starting with `base-` (candidates for a suffix). */
export async function takenHandles(tx: Tx, table: GroupTable, tenantId: string, base: string): Promise<Set<string>> {
  const rows = await handleRows(tx, table, {
    tenantId,
    OR: [{ handle: base }, { handle: { startsWith: `${base}-` } }],
  });
  return new Set(rows.map((r) => r.handle));
}

/** The id of the row holding `handle`, if any. */
export async function handleOwner(tx: Tx, table: GroupTable, tenantId: string, handle: string): Promise<string | null> {
  const rows = await handleRows(tx, table, { tenantId, OR: [{ handle }] });
  return rows[0]?.id ?? null;
}

/**
 * The ids (of `ids`) with no row in the tenant. The rows found are locked FOR KEY SHARE until
 * the caller's transaction ends, so a concurrent DELETE waits and the caller's membership
 * INSERTs cannot hit a just-deleted row (a foreign-key error, 500) after the check passed.
 */
export async function missingIds(
  tx: SqlTx,
  table: GroupTable,
  tenantId: string,
  ids: readonly string[],
): Promise<string[]> {
  if (ids.length === 0) return [];
  const unique = [...new Set(ids)];
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM ${TABLE[table]}
    WHERE tenant_id = ${tenantId}::uuid AND id = ANY(${unique}::uuid[]) FOR KEY SHARE`;
  const found = new Set(rows.map((r) => r.id));
  return unique.filter((id) => !found.has(id));
}
