// Password-reset tokens (stored as SHA-256 hashes). Tenant-scoped functions take a withTenant
// transaction; the one cross-tenant look-up uses the SECURITY DEFINER
// app_password_reset_token_tenant (confirmation names only the token).
import type { Db, Tx } from '../../platform/db/prisma';

export async function resetTokenTenant(db: Db, tokenHash: string): Promise<string | null> {
  const rows = await db.$queryRaw<{ t: string | null }[]>`SELECT app_password_reset_token_tenant(${tokenHash}) AS t`;
  return rows[0]?.t ?? null;
}

export async function insertResetToken(
  tx: Tx,
  r: { tenantId: string; userId: string; tokenHash: string; expiresAt: Date },
): Promise<string> {
  return (await tx.passwordResetToken.create({ data: r, select: { id: true } })).id;
}

export interface ResetTokenRow {
  id: string;
  user_id: string;
  expires_at: Date;
  used_at: Date | null;
}

/** The row, locked for this transaction (two confirmations of one token serialise). */
export async function lockResetToken(tx: Tx, tokenHash: string): Promise<ResetTokenRow | null> {
  const rows = await tx.$queryRaw<ResetTokenRow[]>`
    SELECT id, user_id, expires_at, used_at FROM password_reset_tokens WHERE token_hash = ${tokenHash} FOR UPDATE`;
  return rows[0] ?? null;
}

/** Spends every outstanding reset token of the user (the one used and any older ones). */
export async function spendResetTokens(tx: Tx, userId: string): Promise<void> {
  await tx.passwordResetToken.updateMany({ where: { userId, usedAt: null }, data: { usedAt: new Date() } });
}
