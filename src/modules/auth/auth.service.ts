// Sign-up, login, refresh-token rotation with reuse detection and an absolute family
// lifetime, logout (one session or all), "me".
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/app-context';
import { jwtService, type JwtService, type UserPrincipal } from '../../platform/auth/jwt';
import { actorOf, type Principal, type Role } from '../../platform/auth/types';
import { randomToken, sha256Hex } from '../../platform/crypto';
import { withTenant, type Tx } from '../../platform/db/prisma';
import { unauthorized } from '../../platform/errors';
import { verifyPassword } from '../../platform/password';
import { findAuthState, findCredentialsByEmail, findUserById, toUserView, UsersService, type UserView } from '../users';
import { attachGuestOrders } from '../orders';
import { tenantWrite } from '../write-path';
import {
  insertRefreshToken,
  lockRefreshToken,
  markSpent,
  refreshTokenTenant,
  revokeFamily,
  type RefreshRow,
} from './auth.repository';
import type { LoginInput, MfaChallenge, RegisterInput, TokenPair } from './auth.schemas';
import { LoginLimiter } from './login-limiter';
import { Sessions } from './sessions';

const INVALID_LOGIN = 'Invalid e-mail or password';
const INVALID_REFRESH = 'Invalid or expired refresh token';

export type MeView =
  | (UserView & { type: 'user'; tenantId: string; amr: string[] })
  | { type: 'api_key'; id: string; tenantId: string; role: Role; amr: string[] };

export const newRefreshToken = (): string => `rt_${randomToken(32)}`;

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export class AuthService {
  readonly jwt: JwtService;
  readonly sessions: Sessions;
  readonly limiter: LoginLimiter;
  private readonly users: UsersService;

  constructor(private readonly ctx: AppContext) {
    this.jwt = jwtService(ctx);
    this.sessions = new Sessions(ctx);
    this.users = new UsersService(ctx);
    this.limiter = new LoginLimiter(ctx);
  }

  register(tenantId: string, input: RegisterInput, correlationId: string | null): Promise<UserView> {
    // Guest orders placed with this e-mail become the new customer's, in the sign-up's transaction.
    return this.users.create(tenantId, { ...input, role: 'CUSTOMER' }, null, correlationId, async (w, user) => {
      await attachGuestOrders(w.tx, user.id, user.email);
    });
  }

  /**
   * Password login. Unknown e-mails do the same argon2 work and get the same answer as a
   * wrong password; so does a disabled user. With MFA enrolled the answer is a 5-minute
   * single-purpose mfaToken (its iat is the password step, the session's auth_time).
   */
  async login(tenantId: string, input: LoginInput, ip: string): Promise<TokenPair | MfaChallenge> {
    await this.limiter.attempt(tenantId, input.email, ip);
    const user = await withTenant(this.ctx.db, tenantId, (tx) => findCredentialsByEmail(tx, tenantId, input.email));
    const ok = await verifyPassword(user?.passwordHash, input.password);
    if (!user || !ok || user.disabled) throw unauthorized(INVALID_LOGIN);
    await this.limiter.succeeded(tenantId, input.email, ip);
    if (user.mfaEnabled) return { mfaRequired: true, mfaToken: await this.jwt.signMfaToken(user.id, tenantId) };
    return this.issueSession(tenantId, user.id, user.role, ['pwd'], nowSeconds());
  }

  /** A new refresh family (session) and its first access token; authTime = the password step. */
  async issueSession(
    tenantId: string,
    userId: string,
    role: Role,
    amr: string[],
    authTime: number,
  ): Promise<TokenPair> {
    const familyId = randomUUID();
    const refreshToken = newRefreshToken();
    await withTenant(this.ctx.db, tenantId, (tx) =>
      this.storeRefresh(tx, { tenantId, userId, familyId, amr, authTime }, refreshToken),
    );
    return this.pair({ tenantId, userId, role, amr, sid: familyId, authTime }, refreshToken);
  }

  private async pair(
    s: { tenantId: string; userId: string; role: Role; amr: string[]; sid: string; authTime: number },
    refreshToken: string,
  ): Promise<TokenPair> {
    const { token } = await this.jwt.signAccessToken(s);
    return { accessToken: token, refreshToken, tokenType: 'Bearer', expiresIn: this.ctx.config.ACCESS_TOKEN_TTL };
  }

  /** When a family that began at authTime (unix s) dies, however often it is refreshed. */
  private familyEnd(authTime: number): number {
    return (authTime + this.ctx.config.REFRESH_FAMILY_MAX_AGE) * 1000;
  }

  /** A refresh token of the family; it expires after REFRESH_TOKEN_TTL or with its family. */
  private storeRefresh(
    tx: Tx,
    f: { tenantId: string; userId: string; familyId: string; amr: string[]; authTime: number },
    token: string,
  ) {
    const expiresAt = new Date(
      Math.min(Date.now() + this.ctx.config.REFRESH_TOKEN_TTL * 1000, this.familyEnd(f.authTime)),
    );
    return insertRefreshToken(tx, {
      ...f,
      tokenHash: sha256Hex(token),
      authTime: new Date(f.authTime * 1000),
      expiresAt,
    });
  }

  /** The token has not expired, and its family is within its absolute lifetime. */
  private withinLifetime(row: RefreshRow): boolean {
    const now = Date.now();
    // The family end is checked here too, not only folded into expires_at, so that lowering
    // REFRESH_FAMILY_MAX_AGE also ends families whose tokens were issued under the old value.
    return row.expires_at.getTime() > now && this.familyEnd(Math.floor(row.auth_time.getTime() / 1000)) > now;
  }

  /**
   * Rotation: the presented token is spent and a new one of the same family issued. A spent
   * token presented again means it was stolen (or replayed): the whole family is revoked,
   * and the family's access tokens are denied too. A disabled user's refresh is refused.
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const hash = sha256Hex(refreshToken);
    const tenantId = await refreshTokenTenant(this.ctx.db, hash);
    if (!tenantId) throw unauthorized(INVALID_REFRESH);
    const next = newRefreshToken();
    const outcome = await withTenant(this.ctx.db, tenantId, async (tx) => {
      const row = await lockRefreshToken(tx, hash);
      if (!row || row.revoked_at || row.family_revoked) return { kind: 'invalid' as const };
      if (row.spent_at) {
        await revokeFamily(tx, row.family_id);
        return { kind: 'reused' as const, familyId: row.family_id };
      }
      if (!this.withinLifetime(row)) return { kind: 'invalid' as const };
      const user = await findAuthState(tx, row.user_id);
      if (!user || user.disabled) return { kind: 'invalid' as const };
      const authTime = Math.floor(row.auth_time.getTime() / 1000);
      await markSpent(tx, row.id);
      const family = { tenantId, userId: row.user_id, familyId: row.family_id, amr: row.amr, authTime };
      await this.storeRefresh(tx, family, next);
      return { kind: 'ok' as const, row, role: user.role, authTime };
    });
    if (outcome.kind === 'reused') {
      await this.jwt.denySessions([outcome.familyId]);
      this.ctx.logger.warn({ tenantId, familyId: outcome.familyId }, 'refresh token reuse: family revoked');
      throw unauthorized(INVALID_REFRESH);
    }
    if (outcome.kind !== 'ok') throw unauthorized(INVALID_REFRESH);
    const { row, role, authTime } = outcome;
    return this.pair({ tenantId, userId: row.user_id, role, amr: row.amr, sid: row.family_id, authTime }, next);
  }

  /**
   * Logout: the session's refresh family is revoked, and the presented access token (and any
   * other access token of that session) is denied until it expires. A refresh token in the
   * body, if any, has its family revoked too (only the caller's own).
   */
  async logout(p: Principal, refreshToken: string | undefined): Promise<void> {
    if (p.type !== 'user') return;
    const up = p as UserPrincipal;
    const families = new Set<string>();
    if (up.sid) families.add(up.sid);
    await withTenant(this.ctx.db, p.tenantId, async (tx) => {
      if (refreshToken) {
        const row = await lockRefreshToken(tx, sha256Hex(refreshToken));
        if (row && row.user_id === p.id) families.add(row.family_id);
      }
      for (const f of families) await revokeFamily(tx, f, p.id);
    });
    const tasks: Promise<void>[] = [this.jwt.denySessions([...families])];
    if (up.jti && up.exp) tasks.push(this.jwt.denyJti(up.jti, up.exp));
    await Promise.all(tasks);
  }

  /**
   * Logout everywhere: every session of the caller ends (refresh families revoked, their
   * access tokens denied), this one included, with an audit row.
   */
  async logoutAll(p: Principal, correlationId: string | null): Promise<void> {
    if (p.type !== 'user') return;
    await tenantWrite(this.ctx, actorOf(p, p.tenantId, correlationId), async (w) => {
      const ended = await this.sessions.endAll(w.tx, p.tenantId, p.id, null);
      w.audit({
        action: 'UPDATE',
        resource: 'user',
        resourceId: p.id,
        after: { sessionsEnded: ended, reason: 'logout_all' },
      });
    });
    // A token minted without a session id (none are today) still dies by its jti.
    if (p.jti && p.exp) await this.jwt.denyJti(p.jti, p.exp);
  }

  async me(p: Principal): Promise<MeView> {
    if (p.type === 'api_key') return { type: 'api_key', id: p.id, tenantId: p.tenantId, role: p.role, amr: [] };
    const u = await withTenant(this.ctx.db, p.tenantId, (tx) => findUserById(tx, p.id));
    if (!u) throw unauthorized('User no longer exists');
    return { type: 'user', ...toUserView(u), tenantId: p.tenantId, amr: p.amr };
  }
}
