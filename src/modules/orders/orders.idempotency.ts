// What a request does with an Idempotency-Key that already exists (Stripe's semantics):
// another body → 422, still in progress → 409, else the stored answer is replayed.
import { AppError, conflict } from '../../platform/errors';

export interface StoredKey {
  requestHash: string;
  responseStatus: number | null;
  responseBody: unknown;
}

/** The stored answer to replay for `requestHash`, or the refusal. */
export function storedAnswer(claim: StoredKey, requestHash: string): { status: number; body: unknown } {
  if (claim.requestHash !== requestHash)
    throw new AppError(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request body');
  if (claim.responseStatus === null)
    throw conflict('IDEMPOTENCY_KEY_IN_USE', 'A request with this Idempotency-Key is still in progress');
  return { status: claim.responseStatus, body: claim.responseBody };
}
