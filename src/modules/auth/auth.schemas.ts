// Auth request bodies and responses.
import { z } from 'zod';
import type { OpenApiSchemas } from '../../platform/http/schema-registry';
import { emailSchema, passwordSchema } from '../tenants';

export const registerBody = z
  .object({
    email: emailSchema.describe('Unique per store, case-insensitive'),
    password: passwordSchema,
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type RegisterInput = z.infer<typeof registerBody>;

// Login does not enforce the password policy (an old password may predate it): only bounds.
export const loginBody = z.object({ email: emailSchema, password: z.string().min(1).max(256) }).strict();
export type LoginInput = z.infer<typeof loginBody>;

const opaque = z.string().min(1).max(512);

export const refreshBody = z.object({ refreshToken: opaque }).strict();
export const logoutBody = z
  .object({ refreshToken: opaque.describe("Optional; its family (if the caller's) is revoked too").optional() })
  .strict();
export const logoutAllBody = z.object({}).strict();

// The current password is checked against the stored hash, so only bounds (like login).
export const changePasswordBody = z
  .object({ currentPassword: z.string().min(1).max(256), newPassword: passwordSchema })
  .strict();
export const passwordResetBody = z.object({ email: emailSchema }).strict();
export const passwordResetConfirmBody = z
  .object({ token: opaque.describe('prt_…, from the webhook event'), newPassword: passwordSchema })
  .strict();

/** The one answer of POST /auth/password-reset, whether or not the e-mail is known. */
export const PASSWORD_RESET_ACCEPTED = {
  status: 'accepted',
  message: 'If this e-mail belongs to an account of this store, a reset token has been issued to the store.',
} as const;

const code = z.string().trim().min(6).max(32);
export const mfaVerifyBody = z
  .object({ mfaToken: z.string().min(1).max(4096), code: code.describe('6-digit TOTP or a recovery code') })
  .strict();
export const mfaSetupBody = z.object({}).strict();
export const mfaCodeBody = z.object({ code }).strict();

export const tokenPair = z.object({
  accessToken: z
    .string()
    .describe(
      'RS256 JWT (header kid, typ at+jwt); claims sub, userId, tenantId, role, amr, sid, auth_time (unix ' +
        'seconds of the password step of the login that began the session; refreshing keeps it), jti, iat, ' +
        'exp, iss, aud',
    ),
  refreshToken: z.string().describe('Opaque (rt_…), stored hashed'),
  tokenType: z.literal('Bearer'),
  expiresIn: z
    .number()
    .int()
    .meta({ examples: [3600] }),
});
export type TokenPair = z.infer<typeof tokenPair>;

/** Login's answer for a user with MFA: the second step goes to /auth/mfa/verify. */
export const mfaChallenge = z.object({
  mfaRequired: z.literal(true),
  mfaToken: z.string().describe('Single-use, 5 minutes, only accepted by /auth/mfa/verify'),
});
export type MfaChallenge = z.infer<typeof mfaChallenge>;

/** POST /auth/mfa/setup: the secret to load into an authenticator app. */
export const mfaSetupResult = z.object({
  secret: z.string().describe('Base32'),
  otpauthUrl: z.string().meta({ examples: ['otpauth://totp/…?secret=…&algorithm=SHA1&digits=6&period=30'] }),
  qrCodeDataUrl: z.string().describe('PNG data URL (data:image/png;base64,…)'),
});

/** POST /auth/mfa/enable: ten single-use recovery codes, shown once. */
export const recoveryCodes = z.object({ recoveryCodes: z.array(z.string()).length(10) });

/** The body of PASSWORD_RESET_ACCEPTED. */
export const passwordResetAccepted = z.object({ status: z.literal('accepted'), message: z.string() });

export const openApiSchemas: OpenApiSchemas = {
  requests: {
    RegisterRequest: registerBody,
    LoginRequest: loginBody,
    MfaVerifyRequest: mfaVerifyBody,
    RefreshRequest: refreshBody,
    LogoutRequest: logoutBody,
    LogoutAllRequest: logoutAllBody,
    ChangePasswordRequest: changePasswordBody,
    PasswordResetRequest: passwordResetBody,
    PasswordResetConfirmRequest: passwordResetConfirmBody,
    MfaSetupRequest: mfaSetupBody,
    MfaCodeRequest: mfaCodeBody,
  },
  responses: {
    TokenPair: tokenPair,
    MfaChallenge: mfaChallenge,
    PasswordResetAccepted: passwordResetAccepted,
    MfaSetup: mfaSetupResult,
    RecoveryCodes: recoveryCodes,
  },
};
