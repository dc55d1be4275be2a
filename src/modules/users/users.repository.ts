// User persistence. Every function takes a tenant-scoped transaction (withTenant).
import type { Role } from '../../platform/auth/types';
import type { Tx } from '../../platform/db/prisma';
import { userSelect } from './users.schemas';

export async function createUser(
  tx: Tx,
  u: { tenantId: string; email: string; passwordHash: string; role: Role; name?: string | null },
) {
  return tx.user.create({ data: u, select: userSelect });
}

export async function findUserById(tx: Tx, id: string) {
  return tx.user.findUnique({ where: { id }, select: userSelect });
}

/** For login: the hash, MFA and disabled flags too. */
export async function findCredentialsByEmail(tx: Tx, tenantId: string, email: string) {
  return tx.user.findUnique({
    where: { tenantId_email: { tenantId, email } },
    select: { id: true, email: true, role: true, passwordHash: true, mfaEnabled: true, disabled: true },
  });
}

/** For a password change: the user's hash (and e-mail, for the brute-force limit). */
export async function findCredentialsById(tx: Tx, id: string) {
  return tx.user.findUnique({ where: { id }, select: { id: true, email: true, passwordHash: true } });
}

/** What a refresh needs to know about the session's user now. */
export async function findAuthState(tx: Tx, id: string): Promise<{ role: Role; disabled: boolean } | null> {
  return tx.user.findUnique({ where: { id }, select: { role: true, disabled: true } });
}

export async function setPasswordHash(tx: Tx, id: string, passwordHash: string): Promise<void> {
  await tx.user.update({ where: { id }, data: { passwordHash }, select: { id: true } });
}

/** The user row, locked for this transaction (PATCH /users/:id). */
export async function lockUser(tx: Tx, id: string) {
  const rows = await tx.$queryRaw<{ id: string; role: Role; disabled: boolean }[]>`
    SELECT id, role, disabled FROM users WHERE id = ${id}::uuid FOR UPDATE`;
  return rows[0] ?? null;
}

/**
 * Ids of the tenant's active (not disabled) ADMINs, locked in id order: two ADMINs disabling
 * or demoting each other at once serialise here, and the second sees the first's change.
 */
export async function lockActiveAdmins(tx: Tx, tenantId: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM users WHERE tenant_id = ${tenantId}::uuid AND role = 'ADMIN' AND NOT disabled
    ORDER BY id FOR UPDATE`;
  return rows.map((r) => r.id);
}

export async function updateUser(tx: Tx, id: string, data: { role?: Role; disabled?: boolean }) {
  return tx.user.update({ where: { id }, data, select: userSelect });
}

export async function listUsers(tx: Tx, q: { role?: Role; skip: number; take: number }) {
  const where = q.role ? { role: q.role } : {};
  const rows = await tx.user.findMany({
    where,
    select: userSelect,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    skip: q.skip,
    take: q.take,
  });
  const total = await tx.user.count({ where });
  return { rows, total };
}
