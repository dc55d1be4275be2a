// Refresh tokens, MFA state and recovery codes. Tenant-scoped functions take a withTenant
// transaction; the one cross-tenant look-up uses the SECURITY DEFINER app_refresh_token_tenant.
import type { Role } from '../../platform/auth/types';
import type { Db, Tx } from '../../platform/db/prisma';

export async function refreshTokenTenant(db: Db, tokenHash: string): Promise<string | null> {
  const rows = await db.$queryRaw<{ t: string | null }[]>`SELECT app_refresh_token_tenant(${tokenHash}) AS t`;
  return rows[0]?.t ?? null;
}

export async function insertRefreshToken(
  tx: Tx,
  r: {
    tenantId: string;
    userId: string;
    familyId: string;
    tokenHash: string;
    amr: string[];
    authTime: Date;
    expiresAt: Date;
  },
): Promise<void> {
  await tx.refreshToken.create({ data: r, select: { id: true } });
}

export interface RefreshRow {
  id: string;
  user_id: string;
  family_id: string;
  amr: string[];
  auth_time: Date;
  expires_at: Date;
  spent_at: Date | null;
  revoked_at: Date | null;
  /** Some token of the family is revoked: the family is (a revocation racing a rotation may
   *  have missed the token the rotation inserted). */
  family_revoked: boolean;
}

/** The row, locked for this transaction (concurrent refreshes of one token serialise). */
export async function lockRefreshToken(tx: Tx, tokenHash: string): Promise<RefreshRow | null> {
  const rows = await tx.$queryRaw<RefreshRow[]>`
    SELECT r.id, r.user_id, r.family_id, r.amr, r.auth_time, r.expires_at, r.spent_at, r.revoked_at,
      EXISTS (SELECT 1 FROM refresh_tokens f WHERE f.tenant_id = r.tenant_id AND f.family_id = r.family_id
        AND f.revoked_at IS NOT NULL) AS family_revoked
    FROM refresh_tokens r WHERE r.token_hash = ${tokenHash} FOR UPDATE OF r`;
  return rows[0] ?? null;
}

export async function markSpent(tx: Tx, id: string): Promise<void> {
  await tx.refreshToken.update({ where: { id }, data: { spentAt: new Date() }, select: { id: true } });
}

export async function revokeFamily(tx: Tx, familyId: string, userId?: string): Promise<number> {
  const r = await tx.refreshToken.updateMany({
    where: { familyId, revokedAt: null, ...(userId ? { userId } : {}) },
    data: { revokedAt: new Date() },
  });
  return r.count;
}

/**
 * Revokes every live refresh family of a user, except `keepFamily` (the caller's session);
 * returns the families, whose access tokens the caller then denies.
 */
export async function revokeUserFamilies(
  tx: Tx,
  tenantId: string,
  userId: string,
  keepFamily: string | null,
): Promise<string[]> {
  const rows = await tx.$queryRaw<{ family_id: string }[]>`
    UPDATE refresh_tokens SET revoked_at = now()
    WHERE tenant_id = ${tenantId}::uuid AND user_id = ${userId}::uuid AND revoked_at IS NULL
      AND (${keepFamily}::uuid IS NULL OR family_id <> ${keepFamily}::uuid)
    RETURNING family_id`;
  return [...new Set(rows.map((r) => r.family_id))];
}

export interface MfaRow {
  id: string;
  role: Role;
  disabled: boolean;
  mfa_enabled: boolean;
  mfa_secret_enc: string | null;
  mfa_pending_secret_enc: string | null;
  mfa_last_used_step: bigint | null;
  mfa_failed_attempts: number;
  mfa_locked_until: Date | null;
}

/** The user's MFA state, row-locked so attempts on one user serialise (lockout, replay). */
export async function lockMfaState(tx: Tx, userId: string): Promise<MfaRow | null> {
  const rows = await tx.$queryRaw<MfaRow[]>`
    SELECT id, role, disabled, mfa_enabled, mfa_secret_enc, mfa_pending_secret_enc, mfa_last_used_step,
           mfa_failed_attempts, mfa_locked_until
    FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
  return rows[0] ?? null;
}

export async function setPendingSecret(tx: Tx, userId: string, enc: string): Promise<void> {
  await tx.user.update({ where: { id: userId }, data: { mfaPendingSecretEnc: enc }, select: { id: true } });
}

export async function enableMfa(tx: Tx, userId: string, secretEnc: string, step: bigint): Promise<void> {
  await tx.user.update({
    where: { id: userId },
    data: {
      mfaEnabled: true,
      mfaSecretEnc: secretEnc,
      mfaPendingSecretEnc: null,
      mfaLastUsedStep: step,
      mfaFailedAttempts: 0,
      mfaLockedUntil: null,
    },
    select: { id: true },
  });
}

export async function disableMfa(tx: Tx, userId: string): Promise<void> {
  await tx.user.update({
    where: { id: userId },
    data: { mfaEnabled: false, mfaSecretEnc: null, mfaPendingSecretEnc: null, mfaFailedAttempts: 0 },
    select: { id: true },
  });
  await tx.mfaRecoveryCode.deleteMany({ where: { userId } });
}

/** A good code: remember its step (never accepted again) and clear the failure streak. */
export async function recordMfaSuccess(tx: Tx, userId: string, step: bigint | null): Promise<void> {
  await tx.user.update({
    where: { id: userId },
    data: { mfaFailedAttempts: 0, mfaLockedUntil: null, ...(step !== null ? { mfaLastUsedStep: step } : {}) },
    select: { id: true },
  });
}

/** A wrong code: the streak grows; at `max` the user is locked until `lockUntil` and it restarts. */
export async function recordMfaFailure(tx: Tx, userId: string, failures: number, lockUntil: Date | null) {
  await tx.user.update({
    where: { id: userId },
    data: lockUntil ? { mfaFailedAttempts: 0, mfaLockedUntil: lockUntil } : { mfaFailedAttempts: failures },
    select: { id: true },
  });
}

export async function replaceRecoveryCodes(tx: Tx, tenantId: string, userId: string, hashes: string[]) {
  await tx.mfaRecoveryCode.deleteMany({ where: { userId } });
  await tx.mfaRecoveryCode.createMany({ data: hashes.map((codeHash) => ({ tenantId, userId, codeHash })) });
}

/** Spends a recovery code; true only for the one caller that flipped used_at. */
export async function useRecoveryCode(tx: Tx, userId: string, codeHash: string): Promise<boolean> {
  const r = await tx.mfaRecoveryCode.updateMany({
    where: { userId, codeHash, usedAt: null },
    data: { usedAt: new Date() },
  });
  return r.count === 1;
}
