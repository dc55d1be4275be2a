// TOTP MFA: enrolment, login second step, replay refusal, recovery codes, lockout, the
// admin MFA gate. Codes are computed here from the secret the API returns (RFC 6238 by hand
// with node:crypto, and otpauth), never with the server's own helpers.
import { createHmac } from 'node:crypto';
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { adminToken, createStaff, login, registerCustomer, totpOf, type TestUser } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';
import { SecretBox } from '../../src/platform/crypto';

let t: TestApp;
let tenant: SignedUpTenant;

beforeAll(async () => {
  t = await makeTestApp();
  tenant = await signUpTenant(t.app);
});
afterAll(async () => t.close());

/** RFC 4648 base32 decode + RFC 6238 (HMAC-SHA1, 6 digits, 30 s), written out independently. */
function base32Decode(s: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of s.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const bytes: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}
function rfc6238(secret: string, stepOffset = 0, now = Date.now()): string {
  const counter = Math.floor(now / 1000 / 30) + stepOffset;
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', base32Decode(secret)).update(msg).digest();
  const off = mac[mac.length - 1]! & 0x0f;
  const bin = (mac.readUInt32BE(off) & 0x7fffffff) % 1_000_000;
  return String(bin).padStart(6, '0');
}

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const postAuth = (path: string, token?: string) => {
  const r = request(t.app).post(`/api/v1/auth${path}`);
  return token ? r.set(auth(token)) : r;
};
const loginRaw = (email: string, password: string) =>
  request(t.app).post('/api/v1/auth/login').set('X-Tenant', tenant.subdomain).send({ email, password });

/** Enrols a fresh customer: setup + enable with the current step's code. */
async function enrolled(): Promise<TestUser & { secret: string; recoveryCodes: string[]; enableCode: string }> {
  const u = await registerCustomer(t.app, tenant);
  const setup = await postAuth('/mfa/setup', u.accessToken).send({});
  expect(setup.status).toBe(200);
  const enableCode = rfc6238(setup.body.data.secret);
  const enable = await postAuth('/mfa/enable', u.accessToken).send({ code: enableCode });
  expect(enable.status).toBe(200);
  return { ...u, secret: setup.body.data.secret, recoveryCodes: enable.body.data.recoveryCodes, enableCode };
}

async function mfaToken(u: TestUser): Promise<string> {
  const res = await loginRaw(u.email, u.password);
  expect(res.status).toBe(200);
  expect(res.body.data).toEqual({ mfaRequired: true, mfaToken: expect.any(String) });
  return res.body.data.mfaToken;
}

const verify = (token: string, code: string) => postAuth('/mfa/verify').send({ mfaToken: token, code });
const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());

describe('enrolment and login with TOTP', () => {
  it('the test helper (otpauth) and the hand-written RFC 6238 agree', () => {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const at = 1_790_000_012_345; // fixed instants: no step boundary between the two computations
    expect(totpOf(secret).generate({ timestamp: at })).toBe(rfc6238(secret, 0, at));
    expect(totpOf(secret).generate({ timestamp: at + 30_000 })).toBe(rfc6238(secret, 1, at));
    // RFC 6238 appendix B vector (SHA-1, T=59 s): 94287082 → last 6 digits.
    // Secret = ASCII "12345678901234567890" in base32.
    expect(rfc6238('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 0, 59_000)).toBe('287082');
  });

  it('setup → {secret, otpauthUrl, PNG qrCodeDataUrl}; pending until enable; then login needs the second step', async () => {
    const u = await registerCustomer(t.app, tenant);
    const setup = await postAuth('/mfa/setup', u.accessToken).send({});
    expect(setup.status).toBe(200);
    const { secret, otpauthUrl, qrCodeDataUrl } = setup.body.data;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const url = new URL(otpauthUrl);
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(url.searchParams.get('secret')).toBe(secret);
    expect(url.searchParams.get('algorithm')).toBe('SHA1');
    expect(url.searchParams.get('digits')).toBe('6');
    expect(url.searchParams.get('period')).toBe('30');
    expect(qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    const png = Buffer.from(qrCodeDataUrl.split(',')[1], 'base64');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

    // Pending: login still gives tokens directly.
    expect((await loginRaw(u.email, u.password)).body.data.accessToken).toEqual(expect.any(String));

    // Secret encrypted at rest with ENCRYPTION_KEY (AES-256-GCM), never stored in clear.
    const [pending] = await ownerQuery<{ mfa_pending_secret_enc: string }>(
      'SELECT mfa_pending_secret_enc FROM users WHERE id = $1',
      [u.id],
    );
    expect(pending!.mfa_pending_secret_enc).toMatch(/^v1\./);
    expect(pending!.mfa_pending_secret_enc).not.toContain(secret);
    expect(new SecretBox(t.ctx.keys.encryptionKey).decrypt(pending!.mfa_pending_secret_enc)).toBe(secret);

    // A wrong code does not enable.
    const bad = await postAuth('/mfa/enable', u.accessToken).send({ code: rfc6238(secret, 5) });
    expect(bad.status).toBe(400);
    const enable = await postAuth('/mfa/enable', u.accessToken).send({ code: rfc6238(secret) });
    expect(enable.status).toBe(200);
    const codes: string[] = enable.body.data.recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const stored = await ownerQuery<{ code_hash: string; tenant_id: string }>(
      'SELECT code_hash, tenant_id FROM mfa_recovery_codes WHERE user_id = $1',
      [u.id],
    );
    expect(stored).toHaveLength(10);
    for (const c of codes) expect(JSON.stringify(stored)).not.toContain(c);
    const [row] = await ownerQuery<{
      mfa_enabled: boolean;
      mfa_secret_enc: string;
      mfa_pending_secret_enc: string | null;
    }>('SELECT mfa_enabled, mfa_secret_enc, mfa_pending_secret_enc FROM users WHERE id = $1', [u.id]);
    expect(row).toMatchObject({ mfa_enabled: true, mfa_pending_secret_enc: null });
    expect(row!.mfa_secret_enc).not.toContain(secret);

    // Login now answers with a challenge only.
    const token = await mfaToken(u);
    // The mfaToken is not an access token…
    expect((await request(t.app).get('/api/v1/auth/me').set(auth(token))).status).toBe(401);
    // …and an access token is not an mfaToken.
    expect((await verify(u.accessToken, rfc6238(secret, 1))).status).toBe(401);

    const ok = await verify(token, rfc6238(secret, 1));
    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600 });
    expect(claims(ok.body.data.accessToken).amr).toEqual(['pwd', 'otp']);
    const me = await request(t.app).get('/api/v1/auth/me').set(auth(ok.body.data.accessToken));
    expect(me.body.data).toMatchObject({ id: u.id, mfaEnabled: true, amr: ['pwd', 'otp'] });

    // A refresh keeps the session's amr.
    const refreshed = await postAuth('/refresh').send({ refreshToken: ok.body.data.refreshToken });
    expect(claims(refreshed.body.data.accessToken).amr).toEqual(['pwd', 'otp']);

    // Setup again while enabled → 409.
    expect((await postAuth('/mfa/setup', ok.body.data.accessToken).send({})).status).toBe(409);
  });

  it('a code accepted once is never accepted again (the enrolment code and a login code)', async () => {
    const u = await enrolled();
    // The code used to enable cannot be replayed at login.
    const enrolCodeReplay = await verify(await mfaToken(u), u.enableCode);
    expect(enrolCodeReplay.status).toBe(401);
    const code = rfc6238(u.secret, 1);
    expect((await verify(await mfaToken(u), code)).status).toBe(200);
    const replay = await verify(await mfaToken(u), code);
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('UNAUTHORIZED');
  });

  it('concurrent verifications with one code: exactly one succeeds', async () => {
    const u = await enrolled();
    const tokens = await Promise.all([mfaToken(u), mfaToken(u), mfaToken(u)]);
    const code = rfc6238(u.secret, 1);
    const results = await Promise.all(tokens.map((tok) => verify(tok, code)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 401, 401]);
  });

  it('codes outside ±1 step are refused', async () => {
    const u = await enrolled();
    expect((await verify(await mfaToken(u), rfc6238(u.secret, 3))).status).toBe(401);
    expect((await verify(await mfaToken(u), rfc6238(u.secret, -3))).status).toBe(401);
  });

  it('an mfaToken is single use', async () => {
    const u = await enrolled();
    const tok = await mfaToken(u);
    expect((await verify(tok, u.recoveryCodes[0]!)).status).toBe(200);
    expect((await verify(tok, u.recoveryCodes[1]!)).status).toBe(401);
  });

  it('an expired or forged mfaToken → 401', async () => {
    const u = await enrolled();
    const tok = await mfaToken(u);
    const [h, , s] = tok.split('.');
    const payload = claims(tok);
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...payload, exp: payload.exp + 3600 })).toString('base64url')}.${s}`;
    expect((await verify(tampered, rfc6238(u.secret, 1))).status).toBe(401);
    expect(payload.exp - payload.iat).toBe(300);
  });
});

describe('recovery codes', () => {
  it('each works once (any case, with or without the hyphen), and gives an otp session', async () => {
    const u = await enrolled();
    const [c1, c2] = u.recoveryCodes as [string, string];
    const first = await verify(await mfaToken(u), c1);
    expect(first.status).toBe(200);
    expect(claims(first.body.data.accessToken).amr).toEqual(['pwd', 'otp']);
    expect((await verify(await mfaToken(u), c1)).status).toBe(401);
    expect((await verify(await mfaToken(u), c2.toUpperCase().replace('-', ''))).status).toBe(200);
    const used = await ownerQuery<{ n: string }>(
      'SELECT count(*) AS n FROM mfa_recovery_codes WHERE user_id = $1 AND used_at IS NOT NULL',
      [u.id],
    );
    expect(Number(used[0]!.n)).toBe(2);
  });
});

describe('lockout', () => {
  it('5 wrong codes in a row lock verification for 15 min: even the right code is refused (429, Retry-After)', async () => {
    const u = await enrolled();
    for (let i = 0; i < 5; i++) {
      const r = await verify(await mfaToken(u), rfc6238(u.secret, 10)); // a real code, far outside ±1 step
      expect(r.status).toBe(401);
    }
    const right = await verify(await mfaToken(u), rfc6238(u.secret, 1));
    expect(right.status).toBe(429);
    expect(right.body.error.code).toBe('RATE_LIMITED');
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(800);
    expect((await verify(await mfaToken(u), u.recoveryCodes[0]!)).status).toBe(429);
    const [row] = await ownerQuery<{ mins: number }>(
      'SELECT EXTRACT(EPOCH FROM (mfa_locked_until - now())) / 60 AS mins FROM users WHERE id = $1',
      [u.id],
    );
    expect(Number(row!.mins)).toBeGreaterThan(14);
    expect(Number(row!.mins)).toBeLessThanOrEqual(15);
    // When the lock has run out, the right code works again.
    await ownerQuery(`UPDATE users SET mfa_locked_until = now() - interval '1 second' WHERE id = $1`, [u.id]);
    expect((await verify(await mfaToken(u), rfc6238(u.secret, 1))).status).toBe(200);
  });

  it('a success resets the streak (4 wrong, 1 right, 4 wrong → not locked)', async () => {
    const u = await enrolled();
    const miss = async () => expect((await verify(await mfaToken(u), 'abcdefghij')).status).toBe(401);
    for (let i = 0; i < 4; i++) await miss();
    expect((await verify(await mfaToken(u), u.recoveryCodes[0]!)).status).toBe(200);
    for (let i = 0; i < 4; i++) await miss();
    expect((await verify(await mfaToken(u), rfc6238(u.secret, 1))).status).toBe(200);
  });
});

describe('disable', () => {
  it('needs a valid code; afterwards login gives tokens directly again', async () => {
    const u = await enrolled();
    const s = await verify(await mfaToken(u), rfc6238(u.secret, 1));
    const tok = s.body.data.accessToken;
    expect((await postAuth('/mfa/disable', tok).send({ code: '123456' })).status).toBe(400);
    expect((await postAuth('/mfa/disable', tok).send({ code: u.recoveryCodes[3]! })).status).toBe(204);
    const [row] = await ownerQuery<{ mfa_enabled: boolean; mfa_secret_enc: string | null }>(
      'SELECT mfa_enabled, mfa_secret_enc FROM users WHERE id = $1',
      [u.id],
    );
    expect(row).toEqual({ mfa_enabled: false, mfa_secret_enc: null });
    expect((await login(t.app, tenant, u.email, u.password)).accessToken).toEqual(expect.any(String));
  });

  it('API keys cannot enrol (403); anonymous callers get 401', async () => {
    const r = await postAuth('/mfa/setup').set('X-API-Key', tenant.apiKey).send({});
    expect(r.status).toBe(403);
    expect((await postAuth('/mfa/setup').send({})).status).toBe(401);
  });
});

describe('admin MFA gate', () => {
  it('ADMIN without otp: reads and /auth/* allowed, writes → 403 MFA_REQUIRED; with otp the write succeeds', async () => {
    const pwdOnly = await adminToken(t.app, tenant, { mfa: false });
    expect(claims(pwdOnly).amr).toEqual(['pwd']);
    const staff = { email: `gate-${Date.now()}@example.com`, password: 'correct-horse-battery', role: 'MERCHANT' };

    const write = await request(t.app).post('/api/v1/users').set(auth(pwdOnly)).send(staff);
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe('MFA_REQUIRED');
    const rotate = await request(t.app).post('/api/v1/tenants/current/api-keys/rotate').set(auth(pwdOnly)).send({});
    expect(rotate.status).toBe(403);
    expect(rotate.body.error.code).toBe('MFA_REQUIRED');
    expect(await ownerQuery('SELECT 1 FROM users WHERE email = $1', [staff.email])).toHaveLength(0);

    expect((await request(t.app).get('/api/v1/users').set(auth(pwdOnly))).status).toBe(200);
    expect((await request(t.app).get('/api/v1/auth/me').set(auth(pwdOnly))).status).toBe(200);
    // /auth/* is open so the admin can enrol.
    expect((await postAuth('/mfa/setup', pwdOnly).send({})).status).toBe(200);

    const withOtp = await adminToken(t.app, tenant);
    expect(claims(withOtp).amr).toEqual(['pwd', 'otp']);
    const ok = await request(t.app).post('/api/v1/users').set(auth(withOtp)).send(staff);
    expect(ok.status).toBe(201);
  });

  it('the gate applies to ADMINs only (a MERCHANT without otp is judged by role alone)', async () => {
    const merchant = await createStaff(t.app, tenant, 'MERCHANT');
    expect(claims(merchant.accessToken).amr).toEqual(['pwd']);
    const r = await request(t.app).post('/api/v1/users').set(auth(merchant.accessToken)).send({});
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('FORBIDDEN');
  });

  it('a tenant with requireAdminMfa off lets a pwd-only ADMIN write', async () => {
    const other = await signUpTenant(t.app);
    await ownerQuery('UPDATE tenants SET require_admin_mfa = false WHERE id = $1', [other.tenantId]);
    const fresh = await makeTestApp(); // tenant look-ups are cached per instance
    try {
      const { accessToken } = await login(fresh.app, other, other.adminEmail, other.adminPassword);
      const r = await request(fresh.app)
        .post('/api/v1/users')
        .set(auth(accessToken))
        .send({ email: `nomfa-${Date.now()}@example.com`, password: 'correct-horse-battery', role: 'MERCHANT' });
      expect(r.status).toBe(201);
    } finally {
      await fresh.close();
    }
  });
});
