// Identity helpers for tests: customers, staff, admin tokens (with TOTP MFA computed here,
// from the secret the API returns, never with the server's own helpers).
import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import { Secret, TOTP } from 'otpauth';
import request from 'supertest';
import type { SignedUpTenant } from './app';

export const TEST_PASSWORD = 'correct-horse-battery-staple';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  accessToken: string;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

const uniq = () => randomBytes(6).toString('hex');

/** A TOTP for a base32 secret, as an authenticator app would compute it (RFC 6238, SHA-1, 6, 30 s). */
export const totpOf = (secret: string): TOTP =>
  new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });

/** The code of the time-step `offset` steps from now (offset 1 = the next 30-second step). */
export const totpCode = (secret: string, offset = 0): string =>
  totpOf(secret).generate({ timestamp: Date.now() + offset * 30_000 });

function fail(what: string, res: request.Response): never {
  throw new Error(`${what} failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** POST /auth/login; throws if the answer is not a token pair (e.g. the user has MFA). */
export async function login(app: Express, tenant: SignedUpTenant, email: string, password: string): Promise<TokenPair> {
  const res = await request(app).post('/api/v1/auth/login').set('X-Tenant', tenant.subdomain).send({ email, password });
  if (res.status !== 200 || !res.body.data?.accessToken) fail('login', res);
  return { accessToken: res.body.data.accessToken, refreshToken: res.body.data.refreshToken };
}

/** Self sign-up of a CUSTOMER through X-Tenant, then login. */
export async function registerCustomer(app: Express, tenant: SignedUpTenant): Promise<TestUser> {
  const email = `customer-${uniq()}@example.com`;
  const res = await request(app)
    .post('/api/v1/auth/register')
    .set('X-Tenant', tenant.subdomain)
    .send({ email, password: TEST_PASSWORD, name: 'Test Customer' });
  if (res.status !== 201) fail('register', res);
  const { accessToken } = await login(app, tenant, email, TEST_PASSWORD);
  return { id: res.body.data.id, email, password: TEST_PASSWORD, accessToken };
}

/**
 * Enrols TOTP for the holder of `accessToken` (setup + enable with a code computed here),
 * then logs in again through /auth/mfa/verify. Returns the otp token and the secret.
 */
export async function enrolMfaAndLogin(
  app: Express,
  tenant: SignedUpTenant,
  email: string,
  password: string,
  accessToken: string,
): Promise<{ accessToken: string; refreshToken: string; secret: string; recoveryCodes: string[] }> {
  const setup = await request(app)
    .post('/api/v1/auth/mfa/setup')
    .set('Authorization', `Bearer ${accessToken}`)
    .send({});
  if (setup.status !== 200) fail('mfa setup', setup);
  const secret: string = setup.body.data.secret;
  const enable = await request(app)
    .post('/api/v1/auth/mfa/enable')
    .set('Authorization', `Bearer ${accessToken}`)
    .send({ code: totpCode(secret) });
  if (enable.status !== 200) fail('mfa enable', enable);
  const challenge = await request(app)
    .post('/api/v1/auth/login')
    .set('X-Tenant', tenant.subdomain)
    .send({ email, password });
  if (challenge.status !== 200 || !challenge.body.data?.mfaRequired) fail('mfa login', challenge);
  // The enrolment consumed the current step; the next step's code is valid now (±1 step).
  const verify = await request(app)
    .post('/api/v1/auth/mfa/verify')
    .send({ mfaToken: challenge.body.data.mfaToken, code: totpCode(secret, 1) });
  if (verify.status !== 200) fail('mfa verify', verify);
  return {
    accessToken: verify.body.data.accessToken,
    refreshToken: verify.body.data.refreshToken,
    secret,
    recoveryCodes: enable.body.data.recoveryCodes,
  };
}

const adminCache = new Map<string, Promise<string>>();

/**
 * An access token of the tenant's first ADMIN. With mfa (default) the admin is enrolled in
 * TOTP once and the token's amr includes "otp". Cached per tenant: call it as often as you like.
 * mfa=false gives an ADMIN token whose amr is ["pwd"] only (a second, non-enrolled admin if
 * the first one is already enrolled).
 */
export function adminToken(app: Express, tenant: SignedUpTenant, opts: { mfa?: boolean } = {}): Promise<string> {
  const mfa = opts.mfa ?? true;
  const key = `${tenant.tenantId}:${mfa ? 'otp' : 'pwd'}`;
  let p = adminCache.get(key);
  if (!p) {
    p = (async () => {
      if (mfa) {
        // Enrol with the cached pwd-only token if there is one: enabling MFA ends the user's
        // other sessions, and that cached token must keep working.
        const pwd = await (adminCache.get(`${tenant.tenantId}:pwd`) ?? adminPwdToken(app, tenant));
        return (await enrolMfaAndLogin(app, tenant, tenant.adminEmail, tenant.adminPassword, pwd)).accessToken;
      }
      return adminPwdToken(app, tenant);
    })();
    p.catch(() => adminCache.delete(key));
    adminCache.set(key, p);
  }
  return p;
}

/** The first admin's pwd-only token; if that admin already has MFA, a fresh ADMIN without MFA. */
async function adminPwdToken(app: Express, tenant: SignedUpTenant): Promise<string> {
  const res = await request(app)
    .post('/api/v1/auth/login')
    .set('X-Tenant', tenant.subdomain)
    .send({ email: tenant.adminEmail, password: tenant.adminPassword });
  if (res.status !== 200) fail('admin login', res);
  if (res.body.data.accessToken) return res.body.data.accessToken;
  return (await createStaff(app, tenant, 'ADMIN', { mfa: false })).accessToken;
}

/**
 * A staff user created by the tenant's admin through POST /users, logged in. An ADMIN is
 * enrolled in MFA by default (its token can write); pass {mfa:false} for a pwd-only token.
 */
export async function createStaff(
  app: Express,
  tenant: SignedUpTenant,
  role: 'ADMIN' | 'MERCHANT',
  opts: { mfa?: boolean } = {},
): Promise<TestUser & { totpSecret?: string }> {
  const email = `${role.toLowerCase()}-${uniq()}@example.com`;
  const res = await request(app)
    .post('/api/v1/users')
    .set('Authorization', `Bearer ${await adminToken(app, tenant)}`)
    .send({ email, password: TEST_PASSWORD, role });
  if (res.status !== 201) fail('create staff', res);
  const { accessToken } = await login(app, tenant, email, TEST_PASSWORD);
  if (opts.mfa ?? role === 'ADMIN') {
    const m = await enrolMfaAndLogin(app, tenant, email, TEST_PASSWORD, accessToken);
    return { id: res.body.data.id, email, password: TEST_PASSWORD, accessToken: m.accessToken, totpSecret: m.secret };
  }
  return { id: res.body.data.id, email, password: TEST_PASSWORD, accessToken };
}
