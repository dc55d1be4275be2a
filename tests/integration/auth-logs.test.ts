// Secrets never in logs: the whole identity surface is exercised with the log stream
// captured (at trace level), then every secret that went over the wire is searched for.
import request from 'supertest';
import { makeTestApp, signUpTenant, type TestApp } from '../helpers/app';
import { totpCode } from '../helpers/auth';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ LOG_LEVEL: 'trace', LOGIN_ATTEMPTS_PER_15MIN: '1000' });
});
afterAll(async () => t.close());

it('no password, token, API key, TOTP secret or recovery code appears in any log line; e-mails are masked', async () => {
  const tenant = await signUpTenant(t.app);
  const secrets: string[] = [tenant.adminPassword, tenant.apiKey];
  const tx = () => request(t.app);
  const X = { 'X-Tenant': tenant.subdomain };

  const customerPassword = 'very-secret-customer-pass';
  const email = `Log.Person-${Date.now()}@example.com`;
  secrets.push(customerPassword);
  expect((await tx().post('/api/v1/auth/register').set(X).send({ email, password: customerPassword })).status).toBe(
    201,
  );

  // Failed and successful logins.
  const wrongPassword = 'wrong-but-still-secret-pw';
  secrets.push(wrongPassword);
  expect((await tx().post('/api/v1/auth/login').set(X).send({ email, password: wrongPassword })).status).toBe(401);
  const l = await tx().post('/api/v1/auth/login').set(X).send({ email, password: customerPassword });
  secrets.push(l.body.data.accessToken, l.body.data.refreshToken);
  const r = await tx().post('/api/v1/auth/refresh').send({ refreshToken: l.body.data.refreshToken });
  secrets.push(r.body.data.accessToken, r.body.data.refreshToken);
  // Reuse detection logs a warning: still no token in it.
  expect((await tx().post('/api/v1/auth/refresh').send({ refreshToken: l.body.data.refreshToken })).status).toBe(401);

  // Admin MFA enrolment and verification.
  const a = await tx()
    .post('/api/v1/auth/login')
    .set(X)
    .send({ email: tenant.adminEmail, password: tenant.adminPassword });
  const pwdTok = a.body.data.accessToken;
  secrets.push(pwdTok, a.body.data.refreshToken);
  const setup = await tx().post('/api/v1/auth/mfa/setup').set('Authorization', `Bearer ${pwdTok}`).send({});
  const secret: string = setup.body.data.secret;
  secrets.push(secret, setup.body.data.otpauthUrl, setup.body.data.qrCodeDataUrl.slice(30, 90));
  const enable = await tx()
    .post('/api/v1/auth/mfa/enable')
    .set('Authorization', `Bearer ${pwdTok}`)
    .send({ code: totpCode(secret) });
  expect(enable.status).toBe(200);
  const recovery: string[] = enable.body.data.recoveryCodes;
  secrets.push(...recovery);
  const ch = await tx()
    .post('/api/v1/auth/login')
    .set(X)
    .send({ email: tenant.adminEmail, password: tenant.adminPassword });
  secrets.push(ch.body.data.mfaToken);
  expect(
    (await tx().post('/api/v1/auth/mfa/verify').send({ mfaToken: ch.body.data.mfaToken, code: '000000' })).status,
  ).toBe(401);
  const v = await tx()
    .post('/api/v1/auth/mfa/verify')
    .send({ mfaToken: ch.body.data.mfaToken, code: totpCode(secret, 1) });
  expect(v.status).toBe(200);
  secrets.push(v.body.data.accessToken, v.body.data.refreshToken);
  const ch2 = await tx()
    .post('/api/v1/auth/login')
    .set(X)
    .send({ email: tenant.adminEmail, password: tenant.adminPassword });
  secrets.push(ch2.body.data.mfaToken);
  expect(
    (await tx().post('/api/v1/auth/mfa/verify').send({ mfaToken: ch2.body.data.mfaToken, code: recovery[0] })).status,
  ).toBe(200);

  // API-key calls, a bad key, and a rotation.
  expect((await tx().get('/api/v1/auth/me').set('X-API-Key', tenant.apiKey)).status).toBe(200);
  const badKey = 'sk_this_is_not_a_valid_key_but_secret_anyway';
  secrets.push(badKey);
  expect((await tx().get('/api/v1/auth/me').set('X-API-Key', badKey)).status).toBe(401);
  const rot = await tx()
    .post('/api/v1/tenants/current/api-keys/rotate')
    .set('Authorization', `Bearer ${v.body.data.accessToken}`)
    .send({});
  expect(rot.status).toBe(201);
  secrets.push(rot.body.data.apiKey);

  // A malformed bearer and a validation error echoing input.
  expect((await tx().get('/api/v1/auth/me').set('Authorization', `Bearer ${pwdTok}x`)).status).toBe(401);
  expect(
    (await tx().post('/api/v1/auth/login').set(X).send({ email, password: customerPassword, extra: 1 })).status,
  ).toBe(400);

  // Logout.
  expect(
    (await tx().post('/api/v1/auth/logout').set('Authorization', `Bearer ${v.body.data.accessToken}`).send({})).status,
  ).toBe(204);

  const all = t.logs.join('\n');
  expect(t.logs.length).toBeGreaterThan(20); // the capture really saw the requests
  expect(all).toContain('/api/v1/auth/login');
  for (const s of secrets) {
    expect(typeof s).toBe('string');
    expect(s.length).toBeGreaterThan(5);
    if (all.includes(s)) throw new Error(`secret leaked into logs: ${s.slice(0, 12)}…`);
  }
  // JWT signatures (the secret-bearing part) separately, in case a token was split.
  for (const s of secrets.filter((x) => x.split('.').length === 3)) expect(all).not.toContain(s.split('.')[2]);
  // Raw e-mails are never logged (masked as x***@domain).
  expect(all).not.toContain(tenant.adminEmail);
  expect(all.toLowerCase()).not.toContain(email.toLowerCase());
});
