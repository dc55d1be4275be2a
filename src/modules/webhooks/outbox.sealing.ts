// Secret fields of an event payload (a password reset token...) are sealed at rest: the outbox
// row stores `{"$sealed": "<SecretBox ciphertext>"}` (ENCRYPTION_KEY, like TOTP secrets), so a
// database read or a backup never shows them. The delivery unseals them just before signing,
// so the merchant receives the plain value; a manual retry unseals the same stored row again.
import type { SecretBox } from '../../platform/crypto';

export const SEALED_KEY = '$sealed';

export interface SealedValue {
  [SEALED_KEY]: string;
}

/** Wraps a secret string for an event payload: `emitEvent(tx, t, type, { token: sealed(box, token) })`. */
export const sealed = (box: SecretBox, value: string): SealedValue => ({ [SEALED_KEY]: box.encrypt(value) });

const isSealed = (v: unknown): v is SealedValue => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && keys[0] === SEALED_KEY && typeof (v as SealedValue)[SEALED_KEY] === 'string';
};

/**
 * The payload's data with every sealed value opened. A `$sealed` object that does not open with
 * our key (merchant data that merely looks like one) is left as it is: AES-GCM authenticates the
 * ciphertext, so only values this API sealed are ever replaced.
 */
export function unseal(box: SecretBox, data: unknown): unknown {
  if (isSealed(data)) {
    try {
      return box.decrypt(data[SEALED_KEY]);
    } catch {
      return data;
    }
  }
  if (Array.isArray(data)) return data.map((v) => unseal(box, v));
  if (typeof data === 'object' && data !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(data)) out[k] = unseal(box, v);
    return out;
  }
  return data;
}

/** Cheap pre-check so unsealed payloads (nearly all) are not copied. */
export const mayHoldSealed = (json: string): boolean => json.includes(`"${SEALED_KEY}"`);
