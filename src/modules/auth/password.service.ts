// Password change (signed in, recent login) and the headless password reset: the API issues
// a single-use token (1 h, stored hashed) and hands it to the merchant's system in the
// webhook event customer.password_reset_requested, which mails it; confirming sets the
// password. Both end sessions and write an audit row (never a password or token in it).
import { createHash } from 'node:crypto';
import type { AppContext } from '../../platform/app-context';
import type { UserPrincipal } from '../../platform/auth/jwt';
import { actorOf, systemActor, type Principal } from '../../platform/auth/types';
import { randomToken, sha256Hex } from '../../platform/crypto';
import { withTenant } from '../../platform/db/prisma';
import { AppError, forbidden, unauthorized } from '../../platform/errors';
import { hashPassword, verifyPassword } from '../../platform/password';
import { findCredentialsByEmail, findCredentialsById, setPasswordHash } from '../users';
import { sealed } from '../webhooks';
import { tenantWrite } from '../write-path';
import type { AuthService } from './auth.service';
import { insertResetToken, lockResetToken, resetTokenTenant, spendResetTokens } from './password.repository';

export const RESET_TOKEN_TTL_MS = 60 * 60_000;
/** Reset requests per (store, e-mail) per 15 minutes; more are dropped silently (still 202). */
export const RESET_REQUESTS_PER_15MIN = 5;
/** Reset requests being worked on at once by this process; more are dropped (logged). */
const MAX_IN_FLIGHT = 100;

const invalidToken = () => new AppError(400, 'INVALID_TOKEN', 'The reset token is invalid, already used or expired');
const emailKey = (tenantId: string, email: string) =>
  `pwreset:${tenantId}:${createHash('sha256').update(email).digest('hex').slice(0, 32)}`;

export class PasswordService {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly ctx: AppContext,
    private readonly auth: AuthService,
  ) {}

  /**
   * Changes the caller's password after checking the current one (wrong → 401, counted by the
   * login brute-force limit); every other session ends, the caller's is kept.
   */
  async change(p: Principal, current: string, next: string, ip: string, correlationId: string | null): Promise<void> {
    if (p.type !== 'user') throw forbidden('Only a signed-in user can change a password');
    const user = await withTenant(this.ctx.db, p.tenantId, (tx) => findCredentialsById(tx, p.id));
    if (!user) throw unauthorized('User no longer exists');
    await this.auth.limiter.attempt(p.tenantId, user.email, ip);
    if (!(await verifyPassword(user.passwordHash, current))) throw unauthorized('The current password is wrong');
    await this.auth.limiter.succeeded(p.tenantId, user.email, ip);
    const hash = await hashPassword(next);
    await tenantWrite(this.ctx, actorOf(p, p.tenantId, correlationId), async (w) => {
      await setPasswordHash(w.tx, p.id, hash);
      const ended = await this.auth.sessions.endAll(w.tx, p.tenantId, p.id, (p as UserPrincipal).sid ?? null);
      w.audit({
        action: 'UPDATE',
        resource: 'user',
        resourceId: p.id,
        after: { password: 'changed', sessionsEnded: ended },
      });
    });
  }

  /**
   * POST /auth/password-reset. Returns at once, before any look-up: the work (limit, user
   * look-up, token, event) runs after the answer, so a known e-mail is not observably slower
   * than an unknown one and the answer never depends on it.
   */
  requestReset(tenantId: string, email: string, correlationId: string | null): void {
    if (this.inFlight.size >= MAX_IN_FLIGHT) {
      this.ctx.logger.warn({ tenantId }, 'password reset request dropped: too many in flight');
      return;
    }
    const task = this.issueReset(tenantId, email, correlationId).catch((err: unknown) =>
      this.ctx.logger.error({ err, tenantId }, 'password reset request failed'),
    );
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
  }

  private async issueReset(tenantId: string, email: string, correlationId: string | null): Promise<void> {
    const hit = await this.ctx.rateLimiter.hit(emailKey(tenantId, email), 15 * 60_000);
    if (hit.count > RESET_REQUESTS_PER_15MIN) {
      this.ctx.logger.warn({ tenantId }, 'password reset request dropped: per-e-mail limit');
      return;
    }
    const token = `prt_${randomToken(32)}`;
    const expiresAt = new Date(Date.now() + RESET_TOKEN_TTL_MS);
    await tenantWrite(this.ctx, systemActor(tenantId, correlationId), async (w) => {
      const { tx } = w;
      const user = await findCredentialsByEmail(tx, tenantId, email);
      // A disabled user gets no token: an ADMIN locked them out, a reset must not undo it.
      if (!user || user.disabled) return;
      const id = await insertResetToken(tx, { tenantId, userId: user.id, tokenHash: sha256Hex(token), expiresAt });
      w.emit('customer.password_reset_requested', {
        userId: user.id,
        email: user.email,
        // Sealed at rest (outbox.sealing.ts): the outbox row never holds the usable token.
        token: sealed(this.ctx.secretBox, token),
        expiresAt: expiresAt.toISOString(),
      });
      w.audit({
        action: 'CREATE',
        resource: 'password_reset',
        resourceId: id,
        after: { userId: user.id, expiresAt },
      });
    });
  }

  /**
   * POST /auth/password-reset/confirm: a live token sets the password, is spent (with any
   * other outstanding token of the user) and every session of the user ends. The disabled
   * flag is left as it is.
   */
  async confirmReset(token: string, newPassword: string, correlationId: string | null): Promise<void> {
    const tokenHash = sha256Hex(token);
    const tenantId = await resetTokenTenant(this.ctx.db, tokenHash);
    if (!tenantId) throw invalidToken();
    const hash = await hashPassword(newPassword);
    await tenantWrite(this.ctx, systemActor(tenantId, correlationId), async (w) => {
      const { tx } = w;
      const row = await lockResetToken(tx, tokenHash);
      if (!row || row.used_at || row.expires_at.getTime() <= Date.now()) throw invalidToken();
      await spendResetTokens(tx, row.user_id);
      await setPasswordHash(tx, row.user_id, hash);
      const ended = await this.auth.sessions.endAll(tx, tenantId, row.user_id, null);
      // The user whose token it is changed their password: they are the audit row's actor.
      w.audit(
        {
          action: 'UPDATE',
          resource: 'user',
          resourceId: row.user_id,
          after: { password: 'reset', resetId: row.id, sessionsEnded: ended },
        },
        { tenantId, userId: row.user_id, actorType: 'user', correlationId },
      );
    });
  }
}
