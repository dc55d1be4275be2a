// Access tokens: RS256 with kid, verifiable by an independent verifier against the served
// JWKS; every forged variant is refused; signing-key rotation keeps old tokens valid.
import {
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  verify as rsaVerify,
  type JsonWebKey,
} from 'node:crypto';
import { SignJWT, createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { login, registerCustomer } from '../helpers/auth';

let t: TestApp;
let tenant: SignedUpTenant;
let customer: { id: string; email: string; password: string; accessToken: string };

beforeAll(async () => {
  t = await makeTestApp();
  tenant = await signUpTenant(t.app);
  customer = await registerCustomer(t.app, tenant);
});
afterAll(async () => t.close());

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const parts = (jwt: string) => {
  const [h, p, s] = jwt.split('.');
  return {
    header: JSON.parse(Buffer.from(h!, 'base64url').toString()),
    payload: JSON.parse(Buffer.from(p!, 'base64url').toString()),
    h: h!,
    p: p!,
    s: s!,
  };
};
const me = (token: string) => request(t.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);

async function expect401(token: string) {
  const res = await me(token);
  expect(res.status).toBe(401);
  expect(res.body.error.code).toBe('UNAUTHORIZED');
  expect(res.body.data).toBeNull();
}

/** Re-signs a payload with the server's real private key (to isolate the one thing under test). */
async function serverSigned(payload: Record<string, unknown>, header: Record<string, unknown> = {}) {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: parts(customer.accessToken).header.kid, ...header })
    .sign(createPrivateKey(t.ctx.keys.privateKeyPem));
}

describe('JWKS and the access token', () => {
  it('publishes only public RSA parameters, with the kid the tokens carry', async () => {
    const res = await request(t.app).get('/.well-known/jwks.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body.keys).toHaveLength(1);
    const k = res.body.keys[0];
    expect(Object.keys(k).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
    expect(k).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    for (const priv of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(k).not.toHaveProperty(priv);
    expect(JSON.stringify(res.body)).not.toContain('PRIVATE');
    expect(decodeProtectedHeader(customer.accessToken)).toEqual({ alg: 'RS256', typ: 'at+jwt', kid: k.kid });
  });

  it('an independent verifier (node:crypto RSA-SHA256 over the JWKS key) accepts the token; claims as the contract says', async () => {
    const jwks = (await request(t.app).get('/.well-known/jwks.json')).body as {
      keys: (JsonWebKey & { kid: string })[];
    };
    const { header, payload, h, p, s } = parts(customer.accessToken);
    const jwk = jwks.keys.find((k) => k.kid === header.kid)!;
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    expect(rsaVerify('RSA-SHA256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))).toBe(true);
    expect(payload).toEqual({
      sub: customer.id,
      userId: customer.id,
      tenantId: tenant.tenantId,
      role: 'CUSTOMER',
      amr: ['pwd'],
      sid: expect.any(String),
      auth_time: expect.any(Number),
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      iat: expect.any(Number),
      exp: expect.any(Number),
      iss: 'commerce-api',
      aud: 'commerce-api',
    });
    expect(payload.exp - payload.iat).toBe(3600);
    expect(payload.iat - payload.auth_time).toBeLessThanOrEqual(1); // a fresh login: the password step
    expect(Math.abs(payload.iat - Date.now() / 1000)).toBeLessThan(60);

    // And a standard JOSE library against the JWKS as served.
    const verified = await jwtVerify(customer.accessToken, createLocalJWKSet(jwks as never), {
      algorithms: ['RS256'],
      issuer: 'commerce-api',
      audience: 'commerce-api',
    });
    expect(verified.payload.sub).toBe(customer.id);
  });

  it('each login gets a distinct jti', async () => {
    const a = await login(t.app, tenant, customer.email, customer.password);
    const b = await login(t.app, tenant, customer.email, customer.password);
    expect(parts(a.accessToken).payload.jti).not.toBe(parts(b.accessToken).payload.jti);
    expect(a.refreshToken).not.toBe(b.refreshToken);
  });
});

describe('forged tokens → 401 UNAUTHORIZED', () => {
  it('the genuine token works (control)', async () => {
    const res = await me(customer.accessToken);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: customer.id, role: 'CUSTOMER', tenantId: tenant.tenantId });
  });

  it('alg "none" (unsigned)', async () => {
    const { header, p } = parts(customer.accessToken);
    await expect401(`${b64({ ...header, alg: 'none' })}.${p}.`);
    await expect401(`${b64({ alg: 'none', typ: 'JWT' })}.${p}.`);
  });

  it('HS256 signed with the public key as the HMAC secret (algorithm confusion)', async () => {
    const { header, payload } = parts(customer.accessToken);
    const forged = { ...payload, role: 'ADMIN' };
    for (const secret of [t.ctx.keys.publicKeyPems[0]!, t.ctx.keys.publicKeyPems[0]!.trim()]) {
      const hp = `${b64({ ...header, alg: 'HS256' })}.${b64(forged)}`;
      const sig = createHmac('sha256', secret).update(hp).digest('base64url');
      await expect401(`${hp}.${sig}`);
    }
  });

  it('tampered payload (role raised to ADMIN, original signature kept)', async () => {
    const { h, payload, s } = parts(customer.accessToken);
    await expect401(`${h}.${b64({ ...payload, role: 'ADMIN' })}.${s}`);
    await expect401(`${h}.${b64({ ...payload, tenantId: '00000000-0000-4000-8000-000000000000' })}.${s}`);
  });

  it('tampered signature', async () => {
    const { h, p, s } = parts(customer.accessToken);
    const flipped = Buffer.from(s, 'base64url');
    flipped[10] ^= 0xff;
    await expect401(`${h}.${p}.${flipped.toString('base64url')}`);
  });

  it('wrong kid, and a token signed by an attacker key that names its own kid', async () => {
    const { payload } = parts(customer.accessToken);
    await expect401(await serverSigned(payload, { kid: 'not-a-known-kid' }));
    await expect401(await serverSigned(payload, { kid: undefined }));
    const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = attacker.publicKey.export({ format: 'jwk' });
    const forged = await new SignJWT({ ...payload, role: 'ADMIN' })
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: 'attacker', jwk: jwk as never })
      .sign(attacker.privateKey);
    await expect401(forged);
  });

  it('expired (exp in the past, signed with the real key)', async () => {
    const { payload } = parts(customer.accessToken);
    const now = Math.floor(Date.now() / 1000);
    await expect401(await serverSigned({ ...payload, iat: now - 7200, exp: now - 3600 }));
  });

  it('a token accepted before (verified once, then remembered) is refused once it has expired', async () => {
    const { payload } = parts(customer.accessToken);
    const now = Math.floor(Date.now() / 1000);
    const shortLived = await serverSigned({ ...payload, jti: 'short-lived', iat: now, exp: now + 60 });
    expect((await me(shortLived)).status).toBe(200);
    expect((await me(shortLived)).status).toBe(200); // second use: no new signature check
    // Only the clock moves (timers, I/O and microtasks stay real): past exp + the 5 s leeway.
    jest.useFakeTimers({
      now: Date.now() + 66_000,
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'requestAnimationFrame',
        'cancelAnimationFrame',
        'requestIdleCallback',
        'cancelIdleCallback',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
    try {
      await expect401(shortLived);
    } finally {
      jest.useRealTimers();
    }
  });

  it('wrong audience and wrong issuer (signed with the real key)', async () => {
    const { payload } = parts(customer.accessToken);
    expect((await me(await serverSigned(payload))).status).toBe(200); // the re-signing itself is sound
    await expect401(await serverSigned({ ...payload, aud: 'some-other-api' }));
    await expect401(await serverSigned({ ...payload, iss: 'https://evil.example' }));
  });

  it('wrong typ (an MFA token is not an access token)', async () => {
    const { payload } = parts(customer.accessToken);
    await expect401(await serverSigned(payload, { typ: 'mfa+jwt' }));
  });

  it('garbage and malformed Authorization headers', async () => {
    await expect401('not.a.jwt');
    await expect401('abc');
    const res = await request(t.app).get('/api/v1/auth/me').set('Authorization', 'Basic Zm9vOmJhcg==');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHORIZED');
  });

  it('no credentials on /auth/me → 401', async () => {
    const res = await request(t.app).get('/api/v1/auth/me');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHORIZED');
  });
});

describe('signing-key rotation', () => {
  it('a new key signs, the previous one still verifies its tokens, JWKS lists both; without it old tokens → 401', async () => {
    const next = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const newPem = next.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const rotated = await makeTestApp({ JWT_PRIVATE_KEY: newPem, JWT_PUBLIC_KEYS: t.ctx.keys.publicKeyPems[0]! });
    const onlyNew = await makeTestApp({ JWT_PRIVATE_KEY: newPem });
    try {
      const oldKid = parts(customer.accessToken).header.kid;
      const jwks = (await request(rotated.app).get('/.well-known/jwks.json')).body.keys as { kid: string }[];
      expect(jwks).toHaveLength(2);
      expect(jwks[1]!.kid).toBe(oldKid);
      const newKid = jwks[0]!.kid;
      expect(newKid).not.toBe(oldKid);

      // Old token still accepted by the rotated instance.
      const res = await request(rotated.app)
        .get('/api/v1/auth/me')
        .set('Authorization', `Bearer ${customer.accessToken}`);
      expect(res.status).toBe(200);

      // New tokens carry the new kid.
      const fresh = await login(rotated.app, tenant, customer.email, customer.password);
      expect(parts(fresh.accessToken).header.kid).toBe(newKid);
      // The old-only instance does not know the new key.
      expect((await me(fresh.accessToken)).status).toBe(401);

      // Once the old key is dropped, its tokens stop working.
      const gone = await request(onlyNew.app)
        .get('/api/v1/auth/me')
        .set('Authorization', `Bearer ${customer.accessToken}`);
      expect(gone.status).toBe(401);
      expect((await request(onlyNew.app).get('/.well-known/jwks.json')).body.keys).toHaveLength(1);
    } finally {
      await rotated.close();
      await onlyNew.close();
    }
  });
});
