// RFC 6238 TOTP (SHA-1, 6 digits, 30 s) with otpauth, and recovery codes.
import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { sha256Hex } from '../../platform/crypto';

export const TOTP_PERIOD = 30;
export const TOTP_WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;

const totpFor = (secretBase32: string, label = 'user', issuer = 'Commerce API') =>
  new TOTP({
    issuer,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_PERIOD,
    secret: Secret.fromBase32(secretBase32),
  });

/** A new 160-bit secret (base32). */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

export async function enrolmentPayload(secret: string, label: string, issuer: string) {
  const otpauthUrl = totpFor(secret, label, issuer).toString();
  const qrCodeDataUrl = await QRCode.toDataURL(otpauthUrl, { type: 'image/png', errorCorrectionLevel: 'M' });
  return { secret, otpauthUrl, qrCodeDataUrl };
}

/** The time-step a 6-digit code matches within ±1 step of now, or null. */
export function matchTotpStep(secret: string, code: string, now = Date.now()): bigint | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secret).validate({ token: code, timestamp: now, window: TOTP_WINDOW });
  if (delta === null) return null;
  return BigInt(Math.floor(now / 1000 / TOTP_PERIOD) + delta);
}

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz023456789'; // 32 symbols: no modulo bias

/** Ten codes like "k7m2p-q9x4r" (50 bits each). */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const b = randomBytes(10);
    const s = Array.from(b, (x) => ALPHABET[x % ALPHABET.length]).join('');
    return `${s.slice(0, 5)}-${s.slice(5)}`;
  });
}

export const normaliseRecoveryCode = (c: string): string => c.trim().toLowerCase().replace(/[\s-]/g, '');

/** Recovery codes are stored as SHA-256 of user id + normalised code. */
export const recoveryCodeHash = (userId: string, code: string): string =>
  sha256Hex(`${userId}:${normaliseRecoveryCode(code)}`);
