// Sign-up, login, refresh-token rotation with reuse detection, logout, "me".
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/app-context';
import { jwtService, type JwtService, type UserPrincipal } from '../../platform/auth/jwt';
import type { Principal, Role } from '../../platform/auth/types';
import { randomToken, sha256Hex } from '../../platform/crypto';
import { withTenant, type Tx } from '../../platform/db/prisma';
import { unauthorized } from '../../platform/errors';
import { verifyPassword } from '../../platform/password';
import { findCredentialsByEmail, findRole, findUserById } from '../users/users.repository';
import { toUserView, type UserView } from '../users/users.schemas';
import { UsersService } from '../users/users.service';
import { insertRefreshToken, lockRefreshToken, markSpent, refreshTokenTenant, revokeFamily } from './auth.repository';
import type { LoginInput, MfaChallenge, RegisterInput, TokenPair } from './auth.schemas';
import { LoginLimiter } from './login-limiter';

const INVALID_LOGIN = 'Invalid e-mail or password';
const INVALID_REFRESH = 'Invalid or expired refresh token';

export type MeView =
  | (UserView & { type: 'user'; tenantId: string; amr: string[] })
  | { type: 'api_key'; id: string; tenantId: string; role: Role; amr: string[] };

export const newRefreshToken = (): string => `rt_${randomToken(32)}`;

export class AuthService {
  readonly jwt: JwtService;
  private readonly users: UsersService;
  private readonly limiter: LoginLimiter;

  constructor(private readonly ctx: AppContext) {
    this.jwt = jwtService(ctx);
    this.users = new UsersService(ctx);
    this.limiter = new LoginLimiter(ctx);
  }

  register(tenantId: string, input: RegisterInput, correlationId: string | null): Promise<UserView> {
    return this.users.create(tenantId, { ...input, role: 'CUSTOMER' }, null, correlationId);
  }

  /**
   * Password login. Unknown e-mails do the same argon2 work and get the same answer as a
   * wrong password. With MFA enrolled the answer is a 5-minute single-purpose mfaToken.
   */
  async login(tenantId: string, input: LoginInput, ip: string): Promise<TokenPair | MfaChallenge> {
    await this.limiter.attempt(tenantId, input.email, ip);
    const user = await withTenant(this.ctx.db, tenantId, (tx) => findCredentialsByEmail(tx, tenantId, input.email));
    const ok = await verifyPassword(user?.passwordHash, input.password);
    if (!user || !ok) throw unauthorized(INVALID_LOGIN);
    await this.limiter.succeeded(tenantId, input.email, ip);
    if (user.mfaEnabled) return { mfaRequired: true, mfaToken: await this.jwt.signMfaToken(user.id, tenantId) };
    return this.issueSession(tenantId, user.id, user.role, ['pwd']);
  }

  /** A new refresh family (session) and its first access token. */
  async issueSession(tenantId: string, userId: string, role: Role, amr: string[]): Promise<TokenPair> {
    const familyId = randomUUID();
    const refreshToken = newRefreshToken();
    await withTenant(this.ctx.db, tenantId, (tx) =>
      this.storeRefresh(tx, tenantId, userId, familyId, refreshToken, amr),
    );
    return this.pair(tenantId, userId, role, amr, familyId, refreshToken);
  }

  private async pair(
    tenantId: string,
    userId: string,
    role: Role,
    amr: string[],
    sid: string,
    refreshToken: string,
  ): Promise<TokenPair> {
    const { token } = await this.jwt.signAccessToken({ userId, tenantId, role, amr, sid });
    return { accessToken: token, refreshToken, tokenType: 'Bearer', expiresIn: this.ctx.config.ACCESS_TOKEN_TTL };
  }

  private storeRefresh(tx: Tx, tenantId: string, userId: string, familyId: string, token: string, amr: string[]) {
    const expiresAt = new Date(Date.now() + this.ctx.config.REFRESH_TOKEN_TTL * 1000);
    return insertRefreshToken(tx, { tenantId, userId, familyId, tokenHash: sha256Hex(token), amr, expiresAt });
  }

  /**
   * Rotation: the presented token is spent and a new one of the same family issued. A spent
   * token presented again means it was stolen (or replayed): the whole family is revoked,
   * and the family's access tokens are denied too.
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const hash = sha256Hex(refreshToken);
    const tenantId = await refreshTokenTenant(this.ctx.db, hash);
    if (!tenantId) throw unauthorized(INVALID_REFRESH);
    const next = newRefreshToken();
    const outcome = await withTenant(this.ctx.db, tenantId, async (tx) => {
      const row = await lockRefreshToken(tx, hash);
      if (!row || row.revoked_at) return { kind: 'invalid' as const };
      if (row.spent_at) {
        await revokeFamily(tx, row.family_id);
        return { kind: 'reused' as const, familyId: row.family_id };
      }
      if (row.expires_at.getTime() <= Date.now()) return { kind: 'invalid' as const };
      const role = await findRole(tx, row.user_id);
      if (!role) return { kind: 'invalid' as const };
      await markSpent(tx, row.id);
      await this.storeRefresh(tx, tenantId, row.user_id, row.family_id, next, row.amr);
      return { kind: 'ok' as const, row, role };
    });
    if (outcome.kind === 'reused') {
      await this.jwt.denySession(outcome.familyId);
      this.ctx.logger.warn({ tenantId, familyId: outcome.familyId }, 'refresh token reuse: family revoked');
      throw unauthorized(INVALID_REFRESH);
    }
    if (outcome.kind !== 'ok') throw unauthorized(INVALID_REFRESH);
    const { row, role } = outcome;
    return this.pair(tenantId, row.user_id, role, row.amr, row.family_id, next);
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
    const tasks: Promise<void>[] = [...families].map((f) => this.jwt.denySession(f));
    if (up.jti && up.exp) tasks.push(this.jwt.denyJti(up.jti, up.exp));
    await Promise.all(tasks);
  }

  async me(p: Principal): Promise<MeView> {
    if (p.type === 'api_key') return { type: 'api_key', id: p.id, tenantId: p.tenantId, role: p.role, amr: [] };
    const u = await withTenant(this.ctx.db, p.tenantId, (tx) => findUserById(tx, p.id));
    if (!u) throw unauthorized('User no longer exists');
    return { type: 'user', ...toUserView(u), tenantId: p.tenantId, amr: p.amr };
  }
}
