// User persistence. Every function takes a tenant-scoped transaction (withTenant).
import type { Tx } from '../../platform/db/prisma';
import { userSelect } from './users.schemas';

export type RoleName = 'ADMIN' | 'MERCHANT' | 'CUSTOMER';

export async function createUser(
  tx: Tx,
  u: { tenantId: string; email: string; passwordHash: string; role: RoleName; name?: string | null },
) {
  return tx.user.create({ data: u, select: userSelect });
}

export async function findUserById(tx: Tx, id: string) {
  return tx.user.findUnique({ where: { id }, select: userSelect });
}

/** For login: the hash and MFA flag too. */
export async function findCredentialsByEmail(tx: Tx, tenantId: string, email: string) {
  return tx.user.findUnique({
    where: { tenantId_email: { tenantId, email } },
    select: { id: true, role: true, passwordHash: true, mfaEnabled: true },
  });
}

export async function findRole(tx: Tx, id: string): Promise<RoleName | null> {
  const u = await tx.user.findUnique({ where: { id }, select: { role: true } });
  return u?.role ?? null;
}

export async function listUsers(tx: Tx, q: { role?: RoleName; skip: number; take: number }) {
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
