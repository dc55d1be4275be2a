// The write rules categories and collections share: every write holds the tenant's lock for
// its table (groups.repository), a handle is either the caller's (409 HANDLE_CONFLICT when
// another row has it) or generated from the name with a numeric suffix on a clash.
import type { AppContext } from '../../platform/app-context';
import type { Actor } from '../../platform/auth/types';
import { isUniqueViolation } from '../../platform/db/errors';
import type { Tx } from '../../platform/db/prisma';
import { conflict, type AppError } from '../../platform/errors';
import { firstFreeHandle, handleFrom } from '../../platform/handle';
import { tenantWrite, type Write } from '../write-path';
import { handleOwner, lockTenantTable, takenHandles, type GroupTable } from './groups.repository';

const NOUN: Record<GroupTable, string> = { categories: 'category', collections: 'collection' };

export const handleConflict = (table: GroupTable, handle: string): AppError =>
  conflict('HANDLE_CONFLICT', `Another ${NOUN[table]} of this store has the handle "${handle}"`, { field: 'handle' });

/** A write of the table under the tenant's lock for it. */
export async function lockedWrite<R>(
  ctx: AppContext,
  actor: Actor,
  table: GroupTable,
  fn: (w: Write) => Promise<R>,
): Promise<R> {
  try {
    return await tenantWrite(ctx, actor, async (w) => {
      await lockTenantTable(w.tx, table, actor.tenantId);
      return fn(w);
    });
  } catch (e) {
    // Under the lock the checks below already answer 409; a write outside it (a migration, a
    // seed) could still take a handle first.
    if (isUniqueViolation(e, 'handle')) throw conflict('HANDLE_CONFLICT', `The handle is taken`, { field: 'handle' });
    throw e;
  }
}

/**
 * The handle to store (call under lockedWrite): `given` when no other row (than `self`) has
 * it, else 409; without one, the first free of "name", "name-2", "name-3", …
 */
export async function resolveHandle(
  tx: Tx,
  table: GroupTable,
  tenantId: string,
  given: string | undefined,
  name: string,
  self?: string,
): Promise<string> {
  if (given !== undefined) {
    const owner = await handleOwner(tx, table, tenantId, given);
    if (owner !== null && owner !== self) throw handleConflict(table, given);
    return given;
  }
  const base = handleFrom(name);
  return firstFreeHandle(base, await takenHandles(tx, table, tenantId, base));
}
