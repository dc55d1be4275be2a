// perCustomerLimit under concurrency, for POST /orders and cart completion: the person's
// uses are read with the order's inputs, but two orders of one person could both read
// "one use left". When an applied promotion has a per-person limit, the person's lock (the
// advisory lock on their e-mail that also serialises guest orders) is taken and their uses
// re-read; the lock is held until commit, and the order's statement writes the redemption.
import type { SqlTx } from '../../platform/db/prisma';
import { currentPersonUses, type Evaluation, type PromotionCandidate } from '../promotions';
import type { ResolvedLine } from './orders.lines';
import { lockGuestEmail } from './orders.repository';

export interface Person {
  customerId: string | null;
  /** Trimmed, lower-cased: the account's for a customer, the order's for a guest. */
  email: string | null;
}

/**
 * Locks the person when `ev` applied a per-person promotion (unless `locked`: the caller
 * already holds it) and returns the candidates with their current uses: the same array when
 * nothing changed, else a new one to evaluate again.
 */
export async function lockPersonUses(
  tx: SqlTx,
  tenantId: string,
  ev: Evaluation,
  candidates: PromotionCandidate[],
  person: Person,
  locked: boolean,
): Promise<PromotionCandidate[]> {
  const ids = ev.applied.filter((a) => a.perPerson).map((a) => a.promotionId);
  if (ids.length === 0) return candidates;
  if (!locked && person.email) await lockGuestEmail(tx, tenantId, person.email);
  const uses = await currentPersonUses(tx, ids, person);
  const stale = candidates.some((c) => uses.has(c.id) && uses.get(c.id) !== c.personUses);
  return stale ? candidates.map((c) => (uses.has(c.id) ? { ...c, personUses: uses.get(c.id)! } : c)) : candidates;
}

/** A resolved line as promotions evaluate it (toEvaluatedLines). */
export const evaluatedLine = (l: ResolvedLine) => ({
  productId: l.variant.productId,
  variantId: l.variant.id,
  unitPrice: l.variant.price,
  quantity: l.quantity,
});
