// RS256 access tokens and short-lived MFA tokens (jose). Keys are parsed ONCE, when the
// service is built at startup: the current private key signs; every configured public key
// (current first, then previous ones) verifies, looked up by `kid` = RFC 7638 thumbprint.
// Verification pins RS256 and checks typ, iss, aud, kid, exp, then the Redis deny-list
// (logged-out jti, revoked sessions, disabled users). Anything wrong → 401 UNAUTHORIZED;
// Redis down → 503.
import { createHash, createPrivateKey, createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT, jwtVerify, type JWTHeaderParameters, type JWTPayload } from 'jose';
import type { Redis } from 'ioredis';
import type { AppContext, TokenVerifier } from '../app-context';
import { AppError, unauthorized, unavailable } from '../errors';
import type { KeyMaterial } from '../keys';
import { currentLogger } from '../logger';
import { ROLES, type Principal, type Role } from './types';

export const ACCESS_TYP = 'at+jwt';
export const MFA_TYP = 'mfa+jwt';
export const MFA_TOKEN_TTL = 300;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A user principal from an access token; `sid` is the refresh-token family (session),
 * `authTime` the unix seconds of the password step of the login that began it (absent on
 * tokens issued before the claim existed: treated as an old login).
 */
export interface UserPrincipal extends Principal {
  type: 'user';
  sid?: string;
  authTime?: number;
}

export interface PublicJwk {
  kty: 'RSA';
  n: string;
  e: string;
  kid: string;
  alg: 'RS256';
  use: 'sig';
}

export interface AccessClaims {
  userId: string;
  tenantId: string;
  role: Role;
  amr: string[];
  sid: string;
  /** Unix seconds of the login's password step (the `auth_time` claim); refreshing keeps it. */
  authTime: number;
}

export interface MfaClaims {
  userId: string;
  tenantId: string;
  jti: string;
  exp: number;
  /** When the password step happened (the MFA token's iat): the session's auth_time. */
  authTime: number;
}

/** RFC 7638 JWK thumbprint (SHA-256, base64url) of an RSA public key: a stable `kid`. */
export function rsaThumbprint(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' }) as { n: string; e: string };
  return createHash('sha256')
    .update(JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n }))
    .digest('base64url');
}

export interface JwtOptions {
  issuer: string;
  audience: string;
  accessTtl: number;
  redis: Redis;
  redisPrefix: string;
}

export class JwtService implements TokenVerifier {
  private readonly signingKey: KeyObject;
  readonly kid: string;
  private readonly verifyKeys = new Map<string, KeyObject>();
  readonly jwks: { keys: PublicJwk[] };
  private readonly mfaAudience: string;

  constructor(
    keys: KeyMaterial,
    private readonly opts: JwtOptions,
  ) {
    this.signingKey = createPrivateKey(keys.privateKeyPem);
    if (this.signingKey.asymmetricKeyType !== 'rsa') throw new Error('JWT_PRIVATE_KEY must be an RSA key');
    const jwks: PublicJwk[] = [];
    for (const pem of keys.publicKeyPems) {
      const pub = createPublicKey(pem);
      if (pub.asymmetricKeyType !== 'rsa') throw new Error('JWT_PUBLIC_KEYS must hold RSA keys');
      const kid = rsaThumbprint(pub);
      if (this.verifyKeys.has(kid)) continue;
      this.verifyKeys.set(kid, pub);
      const { n, e } = pub.export({ format: 'jwk' }) as { n: string; e: string };
      jwks.push({ kty: 'RSA', n, e, kid, alg: 'RS256', use: 'sig' });
    }
    this.kid = rsaThumbprint(createPublicKey(this.signingKey));
    this.jwks = { keys: jwks };
    this.mfaAudience = `${opts.audience}:mfa`;
  }

  private key = (header: JWTHeaderParameters): KeyObject => {
    const k = typeof header.kid === 'string' ? this.verifyKeys.get(header.kid) : undefined;
    if (!k) throw unauthorized('Invalid token');
    return k;
  };

  private denyKey = (kind: 'jti' | 'sid' | 'user', id: string): string =>
    `${this.opts.redisPrefix}:auth:deny:${kind}:${id}`;

  async signAccessToken(c: AccessClaims): Promise<{ token: string; jti: string; exp: number }> {
    const jti = randomUUID();
    const iat = Math.floor(Date.now() / 1000);
    const exp = iat + this.opts.accessTtl;
    const claims = {
      userId: c.userId,
      tenantId: c.tenantId,
      role: c.role,
      amr: c.amr,
      sid: c.sid,
      auth_time: c.authTime,
    };
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: this.kid, typ: ACCESS_TYP })
      .setSubject(c.userId)
      .setJti(jti)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .setIssuer(this.opts.issuer)
      .setAudience(this.opts.audience)
      .sign(this.signingKey);
    return { token, jti, exp };
  }

  /** A 5-minute token that only /auth/mfa/verify accepts (distinct typ and aud). */
  async signMfaToken(userId: string, tenantId: string): Promise<string> {
    return new SignJWT({ tenantId })
      .setProtectedHeader({ alg: 'RS256', kid: this.kid, typ: MFA_TYP })
      .setSubject(userId)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(`${MFA_TOKEN_TTL}s`)
      .setIssuer(this.opts.issuer)
      .setAudience(this.mfaAudience)
      .sign(this.signingKey);
  }

  private async verify(token: string, typ: string, audience: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['RS256'],
        issuer: this.opts.issuer,
        audience,
        typ,
        requiredClaims: ['sub', 'jti', 'iat', 'exp'],
        clockTolerance: 5,
      });
      return payload;
    } catch {
      throw unauthorized('Invalid or expired token');
    }
  }

  /**
   * Access tokens that passed verification, by token text, until they expire: an RS256 verify
   * was ~9% of the API's CPU when customers place orders. The signature and claims of a given
   * token never change, so a hit only re-checks expiry (with the same 5 s tolerance); the
   * deny-list (logout, revoked session) is still checked in Redis on every request.
   */
  private readonly verified = new Map<string, UserPrincipal & { jti: string; exp: number }>();
  private static readonly VERIFIED_MAX = 10_000;

  async verifyAccessToken(token: string): Promise<UserPrincipal> {
    let hit = this.verified.get(token);
    if (hit && Date.now() / 1000 > hit.exp + 5) {
      this.verified.delete(token);
      hit = undefined;
    }
    if (!hit) {
      hit = await this.verifyAccessClaims(token);
      if (this.verified.size >= JwtService.VERIFIED_MAX) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, hit);
    }
    await this.checkNotDenied(hit.jti, hit.sid, hit.id);
    return hit;
  }

  private async verifyAccessClaims(token: string): Promise<UserPrincipal & { jti: string; exp: number }> {
    const p = await this.verify(token, ACCESS_TYP, this.opts.audience);
    const { sub, jti, exp, tenantId, role, amr, userId, sid, auth_time } = p as JWTPayload & Record<string, unknown>;
    if (
      typeof sub !== 'string' ||
      !UUID_RE.test(sub) ||
      userId !== sub ||
      typeof tenantId !== 'string' ||
      !UUID_RE.test(tenantId) ||
      !ROLES.includes(role as Role) ||
      !Array.isArray(amr) ||
      !amr.every((a) => typeof a === 'string') ||
      typeof jti !== 'string' ||
      typeof exp !== 'number' ||
      (sid !== undefined && typeof sid !== 'string') ||
      (auth_time !== undefined && !Number.isSafeInteger(auth_time))
    ) {
      throw unauthorized('Invalid token');
    }
    // Shared by every request that presents this token (see `verified`), so frozen.
    return Object.freeze({
      type: 'user' as const,
      id: sub,
      tenantId,
      role: role as Role,
      amr: Object.freeze([...(amr as string[])]) as string[],
      jti,
      exp,
      sid,
      authTime: auth_time as number | undefined,
    });
  }

  private async checkNotDenied(jti: string, sid: string | undefined, userId: string): Promise<void> {
    const keys = [this.denyKey('jti', jti), this.denyKey('user', userId)];
    if (typeof sid === 'string') keys.push(this.denyKey('sid', sid));
    let denied: number;
    try {
      denied = await this.opts.redis.exists(...keys);
    } catch (err) {
      // Fail closed: without the deny-list a logged-out token could be replayed. The cause
      // (timeout or closed connection) is logged: the 503 body does not say which.
      currentLogger().warn({ err: (err as Error).message }, 'token revocation check failed');
      throw unavailable('Token revocation check unavailable; try again shortly');
    }
    if (denied > 0) throw unauthorized('Token has been revoked');
  }

  async verifyMfaToken(token: string): Promise<MfaClaims> {
    const p = await this.verify(token, MFA_TYP, this.mfaAudience);
    const tenantId = (p as Record<string, unknown>).tenantId;
    if (typeof p.sub !== 'string' || !UUID_RE.test(p.sub) || typeof tenantId !== 'string' || !UUID_RE.test(tenantId)) {
      throw unauthorized('Invalid MFA token');
    }
    return { userId: p.sub, tenantId, jti: p.jti!, exp: p.exp!, authTime: p.iat! };
  }

  /** Deny an access token until it expires anyway. */
  async denyJti(jti: string, exp: number): Promise<void> {
    const ttl = Math.max(1, exp - Math.floor(Date.now() / 1000) + 5);
    await this.opts.redis.set(this.denyKey('jti', jti), '1', 'EX', ttl);
  }

  /** Deny every access token of a session (refresh family) for the longest access-token life. */
  /** Denies every access token of these sessions (refresh families), in one round trip. */
  async denySessions(sids: readonly string[]): Promise<void> {
    if (sids.length === 0) return;
    const m = this.opts.redis.multi();
    for (const sid of sids) m.set(this.denyKey('sid', sid), '1', 'EX', this.opts.accessTtl + 5);
    const res = await m.exec();
    const failed = res?.find(([err]) => err);
    if (!res || failed) throw failed?.[0] ?? new Error('session deny-list write failed');
  }

  /**
   * Deny every access token of a user (disabled by an ADMIN), including one a login racing
   * the disabling might still mint, for the longest access-token life; allowUser lifts it.
   */
  async denyUser(userId: string): Promise<void> {
    await this.opts.redis.set(this.denyKey('user', userId), '1', 'EX', this.opts.accessTtl + 5);
  }

  async allowUser(userId: string): Promise<void> {
    await this.opts.redis.del(this.denyKey('user', userId));
  }

  /** Marks a single-use MFA token spent; false if it already was. */
  async spendMfaToken(jti: string, exp: number): Promise<boolean> {
    const ttl = Math.max(1, exp - Math.floor(Date.now() / 1000) + 5);
    const r = await this.opts.redis.set(`${this.opts.redisPrefix}:auth:mfa-spent:${jti}`, '1', 'EX', ttl, 'NX');
    return r === 'OK';
  }
}

/** The app's JwtService (built once, stored as ctx.tokens). */
export function jwtService(ctx: AppContext): JwtService {
  if (ctx.tokens instanceof JwtService) return ctx.tokens;
  const svc = new JwtService(ctx.keys, {
    issuer: ctx.config.JWT_ISSUER,
    audience: ctx.config.JWT_AUDIENCE,
    accessTtl: ctx.config.ACCESS_TOKEN_TTL,
    redis: ctx.redis,
    redisPrefix: ctx.config.REDIS_PREFIX,
  });
  ctx.tokens = svc;
  return svc;
}

export const mfaRequired = () =>
  new AppError(403, 'MFA_REQUIRED', 'This operation requires a token obtained with multi-factor authentication');
