// TOTP MFA: enrolment (setup → enable with a first code → 10 recovery codes), disable,
// and the second login step. Every code check runs with the user's row locked, so the
// replay rule (a time-step is accepted once) and the lockout (5 wrong in a row → 15 min)
// hold under concurrency. Secrets are encrypted at rest (ctx.secretBox, AES-256-GCM).
// Enabling MFA ends the user's other sessions (whoever else was signed in with the password
// alone is signed out); setup, enable and disable need a recent login (recent-auth.ts).
import type { AppContext } from '../../platform/app-context';
import type { UserPrincipal } from '../../platform/auth/jwt';
import { actorOf, type Principal } from '../../platform/auth/types';
import { withTenant, type Tx } from '../../platform/db/prisma';
import { AppError, badRequest, conflict, forbidden, unauthorized } from '../../platform/errors';
import { findUserById } from '../users';
import { tenantWrite, type Write } from '../write-path';
import {
  disableMfa,
  enableMfa,
  lockMfaState,
  recordMfaFailure,
  recordMfaSuccess,
  replaceRecoveryCodes,
  setPendingSecret,
  useRecoveryCode,
  type MfaRow,
} from './auth.repository';
import type { TokenPair } from './auth.schemas';
import type { AuthService } from './auth.service';
import {
  enrolmentPayload,
  matchTotpStep,
  newRecoveryCodes,
  newTotpSecret,
  normaliseRecoveryCode,
  recoveryCodeHash,
} from './totp';

export const MFA_MAX_FAILURES = 5;
export const MFA_LOCK_MS = 15 * 60_000;

type CheckResult = { ok: true } | { ok: false; locked: Date | null };

const invalidCode = () =>
  badRequest('Invalid verification code', {
    issues: [{ path: 'code', message: 'is not a valid current code', code: 'invalid_code' }],
  });

const lockedError = (until: Date) => {
  const retry = String(Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000)));
  return new AppError(
    429,
    'RATE_LIMITED',
    'Too many wrong codes; MFA verification is locked',
    { retryAfterSeconds: Number(retry) },
    { 'Retry-After': retry },
  );
};

/** The audit row of a user's MFA being switched on or off (no secret in it). */
function auditMfaChange(w: Write, enabled: boolean, sessionsEnded?: number): void {
  w.audit({
    action: 'UPDATE',
    resource: 'user',
    resourceId: w.actor.userId!,
    before: { mfaEnabled: !enabled },
    after: { mfaEnabled: enabled, ...(sessionsEnded === undefined ? {} : { sessionsEnded }) },
  });
}

export class MfaService {
  constructor(
    private readonly ctx: AppContext,
    private readonly auth: AuthService,
  ) {}

  private userOnly(p: Principal): void {
    if (p.type !== 'user') throw forbidden('MFA is for users, not API keys');
  }

  /**
   * Checks a TOTP code (or, if allowed, a recovery code) against the locked row and records
   * the outcome in the same transaction. Must be called inside withTenant.
   */
  private async check(tx: Tx, row: MfaRow, code: string, allowRecovery: boolean): Promise<CheckResult> {
    if (row.mfa_locked_until && row.mfa_locked_until.getTime() > Date.now()) {
      return { ok: false, locked: row.mfa_locked_until };
    }
    const secret = row.mfa_secret_enc ? this.ctx.secretBox.decrypt(row.mfa_secret_enc) : null;
    const step = secret ? matchTotpStep(secret, code.trim()) : null;
    const last = row.mfa_last_used_step === null ? null : BigInt(row.mfa_last_used_step);
    if (step !== null && (last === null || step > last)) {
      await recordMfaSuccess(tx, row.id, step);
      return { ok: true };
    }
    if (step === null && allowRecovery && normaliseRecoveryCode(code).length === 10) {
      if (await useRecoveryCode(tx, row.id, recoveryCodeHash(row.id, code))) {
        await recordMfaSuccess(tx, row.id, null);
        return { ok: true };
      }
    }
    const failures = row.mfa_failed_attempts + 1;
    const lockUntil = failures >= MFA_MAX_FAILURES ? new Date(Date.now() + MFA_LOCK_MS) : null;
    await recordMfaFailure(tx, row.id, failures, lockUntil);
    // This attempt was simply wrong (401/400); the lock applies from the next attempt on.
    return { ok: false, locked: null };
  }

  async setup(p: Principal) {
    this.userOnly(p);
    const secret = newTotpSecret();
    const email = await withTenant(this.ctx.db, p.tenantId, async (tx) => {
      const row = await lockMfaState(tx, p.id);
      if (!row) throw unauthorized('User no longer exists');
      if (row.mfa_enabled) throw conflict('MFA_ALREADY_ENABLED', 'MFA is already enabled; disable it first');
      await setPendingSecret(tx, p.id, this.ctx.secretBox.encrypt(secret));
      return (await findUserById(tx, p.id))!.email;
    });
    return enrolmentPayload(secret, email, 'Commerce API');
  }

  async enable(p: Principal, code: string, correlationId: string | null): Promise<{ recoveryCodes: string[] }> {
    this.userOnly(p);
    const codes = newRecoveryCodes();
    await tenantWrite(this.ctx, actorOf(p, p.tenantId, correlationId), async (w) => {
      const { tx } = w;
      const row = await lockMfaState(tx, p.id);
      if (!row) throw unauthorized('User no longer exists');
      if (row.mfa_enabled) throw conflict('MFA_ALREADY_ENABLED', 'MFA is already enabled');
      if (!row.mfa_pending_secret_enc) throw conflict('MFA_NOT_PENDING', 'Call /auth/mfa/setup first');
      const secret = this.ctx.secretBox.decrypt(row.mfa_pending_secret_enc);
      const step = matchTotpStep(secret, code.trim());
      if (step === null) throw invalidCode();
      await enableMfa(tx, p.id, row.mfa_pending_secret_enc, step);
      await replaceRecoveryCodes(
        tx,
        p.tenantId,
        p.id,
        codes.map((c) => recoveryCodeHash(p.id, c)),
      );
      const ended = await this.auth.sessions.endAll(tx, p.tenantId, p.id, (p as UserPrincipal).sid ?? null);
      auditMfaChange(w, true, ended);
    });
    return { recoveryCodes: codes };
  }

  async disable(p: Principal, code: string, correlationId: string | null): Promise<void> {
    this.userOnly(p);
    const r = await tenantWrite(this.ctx, actorOf(p, p.tenantId, correlationId), async (w) => {
      const { tx } = w;
      const row = await lockMfaState(tx, p.id);
      if (!row) throw unauthorized('User no longer exists');
      if (!row.mfa_enabled) throw conflict('MFA_NOT_ENABLED', 'MFA is not enabled');
      const res = await this.check(tx, row, code, true);
      if (res.ok) {
        await disableMfa(tx, p.id);
        auditMfaChange(w, false);
      }
      return res;
    });
    if (!r.ok) throw r.locked ? lockedError(r.locked) : invalidCode();
  }

  /** Second login step: the mfaToken (single use) and a TOTP or recovery code → tokens with amr otp. */
  async verify(mfaToken: string, code: string): Promise<TokenPair> {
    const claims = await this.auth.jwt.verifyMfaToken(mfaToken);
    const r = await withTenant(this.ctx.db, claims.tenantId, async (tx) => {
      const row = await lockMfaState(tx, claims.userId);
      if (!row || !row.mfa_enabled || row.disabled) return { ok: false as const, locked: null, gone: true };
      const res = await this.check(tx, row, code, true);
      return { ...res, gone: false, role: row.role };
    });
    if (!r.ok) {
      if (r.locked) throw lockedError(r.locked);
      throw unauthorized('Invalid verification code');
    }
    if (!(await this.auth.jwt.spendMfaToken(claims.jti, claims.exp))) throw unauthorized('MFA token already used');
    return this.auth.issueSession(claims.tenantId, claims.userId, r.role!, ['pwd', 'otp'], claims.authTime);
  }
}
