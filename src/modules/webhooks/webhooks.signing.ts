// Standard Webhooks signing: secret "whsec_<base64 key>", header
// webhook-signature: "v1,<base64 HMAC-SHA256(key, "{id}.{timestamp}.{body}")>".
import { createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';

/** 24 random bytes, base64, after "whsec_". */
export const generateSecret = (): string => `${PREFIX}${randomBytes(24).toString('base64')}`;

export function secretKey(secret: string): Buffer {
  const b64 = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret;
  return Buffer.from(b64, 'base64');
}

/** The webhook-signature header value for one message. */
export function sign(key: Buffer, msgId: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', key).update(`${msgId}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${mac}`;
}
