// Re-authentication gate: enrolling or removing an authenticator and changing the password
// need a token from a login less than 15 minutes old (its `auth_time`), so that someone
// holding an old session (a stolen token, an unlocked laptop) cannot take the account over.
import type { RequestHandler } from 'express';
import type { UserPrincipal } from '../../platform/auth/jwt';
import { AppError, forbidden, unauthorized } from '../../platform/errors';

export const REAUTH_WINDOW_SECONDS = 15 * 60;

export const reauthenticationRequired = (): AppError =>
  new AppError(
    403,
    'REAUTHENTICATION_REQUIRED',
    'This operation needs a recent login: sign in again (within the last 15 minutes) and retry',
  );

/** After authentication: users only (an API key → 403), with auth_time within the window. */
export const requireRecentAuth: RequestHandler = (req, _res, next) => {
  const p = req.principal;
  if (!p) return next(unauthorized());
  if (p.type !== 'user') return next(forbidden('Only a signed-in user can do this, not an API key'));
  const authTime = (p as UserPrincipal).authTime;
  const fresh = authTime !== undefined && Date.now() / 1000 - authTime < REAUTH_WINDOW_SECONDS;
  next(fresh ? undefined : reauthenticationRequired());
};
