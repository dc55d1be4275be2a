// /auth/*: register, login, MFA, refresh, logout (one session or all), password change and
// reset, me. HTTP only; rules live in the services.
import { Router } from 'express';
import type { AppContext } from '../../platform/app-context';
import { principalOf, requireAuth, tenantOf } from '../../platform/auth/authenticate';
import { created, noContent, ok, send } from '../../platform/http/envelope';
import { parseBody } from '../../platform/http/validate';
import {
  changePasswordBody,
  loginBody,
  logoutAllBody,
  logoutBody,
  mfaCodeBody,
  mfaSetupBody,
  mfaVerifyBody,
  PASSWORD_RESET_ACCEPTED,
  passwordResetBody,
  passwordResetConfirmBody,
  refreshBody,
  registerBody,
} from './auth.schemas';
import { AuthService } from './auth.service';
import { MfaService } from './mfa.service';
import { PasswordService } from './password.service';
import { requireRecentAuth } from './recent-auth';

export function authRouter(ctx: AppContext): Router {
  const auth = new AuthService(ctx);
  const mfa = new MfaService(ctx, auth);
  const passwords = new PasswordService(ctx, auth);
  const r = Router();

  r.post('/auth/register', async (req, res) => {
    const input = parseBody(registerBody, req);
    created(res, await auth.register(tenantOf(req).id, input, req.correlationId));
  });

  r.post('/auth/login', async (req, res) => {
    const input = parseBody(loginBody, req);
    ok(res, await auth.login(tenantOf(req).id, input, req.ip ?? 'unknown'));
  });

  r.post('/auth/mfa/verify', async (req, res) => {
    const { mfaToken, code } = parseBody(mfaVerifyBody, req);
    ok(res, await mfa.verify(mfaToken, code));
  });

  r.post('/auth/refresh', async (req, res) => {
    const { refreshToken } = parseBody(refreshBody, req);
    ok(res, await auth.refresh(refreshToken));
  });

  r.post('/auth/logout', requireAuth, async (req, res) => {
    const { refreshToken } = parseBody(logoutBody, req);
    await auth.logout(principalOf(req), refreshToken);
    noContent(res);
  });

  r.post('/auth/logout-all', requireAuth, async (req, res) => {
    parseBody(logoutAllBody, req);
    await auth.logoutAll(principalOf(req), req.correlationId);
    noContent(res);
  });

  r.post('/auth/password', requireAuth, requireRecentAuth, async (req, res) => {
    const { currentPassword, newPassword } = parseBody(changePasswordBody, req);
    await passwords.change(principalOf(req), currentPassword, newPassword, req.ip ?? 'unknown', req.correlationId);
    noContent(res);
  });

  r.post('/auth/password-reset', (req, res) => {
    const { email } = parseBody(passwordResetBody, req);
    passwords.requestReset(tenantOf(req).id, email, req.correlationId);
    send(res, 202, PASSWORD_RESET_ACCEPTED);
  });

  r.post('/auth/password-reset/confirm', async (req, res) => {
    const { token, newPassword } = parseBody(passwordResetConfirmBody, req);
    await passwords.confirmReset(token, newPassword, req.correlationId);
    noContent(res);
  });

  r.get('/auth/me', requireAuth, async (req, res) => {
    ok(res, await auth.me(principalOf(req)));
  });

  r.post('/auth/mfa/setup', requireAuth, requireRecentAuth, async (req, res) => {
    parseBody(mfaSetupBody, req);
    ok(res, await mfa.setup(principalOf(req)));
  });

  r.post('/auth/mfa/enable', requireAuth, requireRecentAuth, async (req, res) => {
    const { code } = parseBody(mfaCodeBody, req);
    ok(res, await mfa.enable(principalOf(req), code, req.correlationId));
  });

  r.post('/auth/mfa/disable', requireAuth, requireRecentAuth, async (req, res) => {
    const { code } = parseBody(mfaCodeBody, req);
    await mfa.disable(principalOf(req), code, req.correlationId);
    noContent(res);
  });

  return r;
}
