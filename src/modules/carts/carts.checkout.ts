// POST /carts/:id/complete. ONE transaction turns the cart into a PENDING order: the cart's
// row is locked (FOR UPDATE serialises concurrent completes), the cart is re-priced against
// live data, its lines re-checked, stock reserved, the order, its outbox event, audit row and
// the stored idempotent response written and the cart marked completed. The payment (a
// Stripe PaymentIntent for the order's total) is created AFTER the commit, so no transaction
// waits on the network; its idempotency key derives from the order, so a retry — a second
// complete, a replayed key, POST /payments/intents — gets the same intent.
import type { AppContext } from '../../platform/app-context';
import { actorOf, type Principal, type TenantRef } from '../../platform/auth/types';
import { AppError, conflict, notFound } from '../../platform/errors';
import { envelope } from '../../platform/http/envelope';
import {
  assertStorable,
  buildOrder,
  claimIdempotencyKey,
  IDEMPOTENCY_TTL_SECONDS,
  lockGuestEmail,
  lockPersonUses,
  orderViewById,
  ordersForPayments,
  principalKey,
  resolveLines,
  storedAnswer,
  writeOrder,
  type IdempotencyInput,
  type IdempotencyRef,
  type OrderView,
} from '../orders';
import { PaymentsService, type CheckoutPayment } from '../payments';
import { countRedemptions, discountCodeInvalid } from '../promotions';
import { tenantWriteRaw, type AnyWrite } from '../write-path';
import { assertHolder } from './carts.holder';
import { priceSnapshot } from './carts.pricing';
import { customerContact } from './carts.repository';
import { loadCartSnapshot, type CartSnapshot } from './carts.snapshot.repository';

export interface CompleteResult {
  status: number;
  body: unknown;
  replayed: boolean;
}

/** What the transaction decided: a new order, or the one the cart (or the key) already has. */
type Outcome =
  | { kind: 'created'; order: OrderView }
  | { kind: 'existing'; orderId: string }
  | { kind: 'replay'; status: number; body: unknown };

/** 409 CART_INCOMPLETE: what completion still needs (items, e-mail, address, shipping method). */
const cartIncomplete = (missing: string[]): AppError =>
  conflict('CART_INCOMPLETE', `The cart cannot be completed yet: ${missing.join(', ')} missing`, { missing });

export class CheckoutService {
  private readonly payments: PaymentsService;

  constructor(private readonly ctx: AppContext) {
    this.payments = new PaymentsService(ctx, ordersForPayments(ctx));
  }

  async complete(
    principal: Principal | undefined,
    tenant: TenantRef,
    cartId: string,
    idem: IdempotencyInput | null,
    correlationId: string | null,
  ): Promise<CompleteResult> {
    const actor = actorOf(principal, tenant.id, correlationId);
    // A guest has no principal: the cart (whose id is the guest's credential) scopes the key.
    const keyRef: IdempotencyRef | null = idem
      ? { tenantId: tenant.id, principal: principal ? principalKey(principal) : `cart:${cartId}`, key: idem.key }
      : null;
    const outcome = await tenantWriteRaw(this.ctx, actor, async (w): Promise<Outcome> => {
      if (keyRef && idem) {
        const claim = await claimIdempotencyKey(w.tx, {
          ...keyRef,
          requestHash: idem.requestHash,
          ttlSeconds: IDEMPOTENCY_TTL_SECONDS,
        });
        if (claim.kind === 'existing') return { kind: 'replay', ...storedAnswer(claim, idem.requestHash) };
      }
      const s = await loadCartSnapshot(w.tx, tenant.id, cartId, { forUpdate: true });
      if (!s) throw notFound('Cart');
      assertHolder(principal, s.cart);
      if (s.cart.status === 'completed') return { kind: 'existing', orderId: s.cart.orderId! };
      const order = await this.placeFromCart(w, tenant, s, keyRef);
      return { kind: 'created', order };
    });
    return this.respond(outcome, tenant, actor);
  }

  /** Re-prices and re-checks the locked cart, then writes its order (throws to roll back). */
  private async placeFromCart(
    w: AnyWrite,
    tenant: TenantRef,
    s: CartSnapshot,
    keyRef: IdempotencyRef | null,
  ): Promise<OrderView> {
    const { cart } = s;
    const contact = cart.customerId ? await customerContact(w.tx, cart.customerId) : null;
    const email = cart.email ?? contact?.email ?? null;
    let priced = priceSnapshot(s);
    const missing: string[] = [];
    if (s.lines.length === 0) missing.push('items');
    if (!email) missing.push('email');
    if (!cart.shippingAddress) missing.push('shippingAddress');
    if (cart.shippingAddress && priced.methodRequired && !priced.method) {
      // A method was chosen but no longer fits the cart (subtotal or zone changed).
      if (cart.shippingRateId)
        throw conflict('SHIPPING_RATE_UNAVAILABLE', 'The chosen shipping method is no longer available', {
          rateId: cart.shippingRateId,
        });
      missing.push('shippingMethod');
    }
    if (missing.length > 0) throw cartIncomplete(missing);
    // The snapshot's variants re-checked as an order checks its lines: 409 VARIANT_UNAVAILABLE,
    // 409 INSUFFICIENT_STOCK (the guarded UPDATE in writeOrder stays the authority).
    const lines = resolveLines(
      s.lines.map((l) => ({ variantId: l.variant.id, quantity: l.quantity })),
      s.lines.map((l) => ({ ...l.variant, byProduct: false })),
    );
    if (cart.customerId === null) await lockGuestEmail(w.tx, tenant.id, email!);
    // perCustomerLimit: the person's uses re-read under their lock (a guest's is the one just taken).
    const person = { customerId: cart.customerId, email: (contact?.email ?? email!).trim().toLowerCase() };
    const promotions = await lockPersonUses(w.tx, tenant.id, priced.promotions, s.promotions, person, !cart.customerId);
    if (promotions !== s.promotions) priced = priceSnapshot({ ...s, promotions });
    // A code on the cart that no longer applies (used up, ended, the person's limit reached
    // meanwhile) refuses the completion as POST /orders refuses it, instead of an order at the
    // full price: 409 with the reason, nothing written, the cart stays open.
    const refused = priced.promotions.codes.find((c) => !c.applied);
    if (refused) throw discountCodeInvalid(refused);
    const built = buildOrder({
      tenantId: tenant.id,
      currency: cart.currency,
      pricesIncludeTax: s.pricesIncludeTax,
      customerId: cart.customerId,
      customerName: contact?.name ?? nameOf(cart.shippingAddress),
      email,
      shippingAddress: cart.shippingAddress!,
      billingAddress: cart.billingAddress,
      lines,
      shipping: priced.method ? { name: priced.method.name, amount: priced.method.amount } : null,
      promotions: priced.promotions,
      personEmail: person.email,
      tax: priced.tax,
      cartId: cart.id,
      metadata: {},
    });
    assertStorable(built);
    // Stored for an Idempotency-Key replay: the order as created; the payment is added when
    // answering (it is created after the commit, and the same intent is found again). The
    // same statement marks the cart completed (cartId).
    await writeOrder(w, built, {
      response: keyRef ? { ref: keyRef, status: 201, body: envelope({ order: built.view }) } : null,
      pendingCap: this.ctx.config.MAX_PENDING_ORDERS_PER_CUSTOMER,
    });
    const applied = priced.promotions.applied;
    w.afterCommit(() => countRedemptions(this.ctx, applied));
    return built.view;
  }

  /** The answer: the order with its payment (created now, outside any transaction, if needed). */
  private async respond(
    outcome: Outcome,
    tenant: TenantRef,
    actor: ReturnType<typeof actorOf>,
  ): Promise<CompleteResult> {
    if (outcome.kind === 'replay') {
      const stored = (outcome.body as { data?: { order?: OrderView } } | null)?.data?.order;
      if (!stored) return { status: outcome.status, body: outcome.body, replayed: true };
      const payment = await this.payment(tenant, stored, actor);
      return { status: outcome.status, body: envelope({ order: stored, payment }), replayed: true };
    }
    const order =
      outcome.kind === 'created' ? outcome.order : await orderViewById(this.ctx, tenant.id, outcome.orderId);
    if (!order) throw notFound('Order');
    const payment = await this.payment(tenant, order, actor);
    return { status: outcome.kind === 'created' ? 201 : 200, body: envelope({ order, payment }), replayed: false };
  }

  private payment(tenant: TenantRef, order: OrderView, actor: ReturnType<typeof actorOf>): Promise<CheckoutPayment> {
    return this.payments.paymentForCheckout(tenant, order, actor);
  }
}

/** "Ada Lovelace" from the address's name fields (a guest's name), or null. */
function nameOf(a: { firstName?: string; lastName?: string } | null): string | null {
  const n = [a?.firstName, a?.lastName].filter(Boolean).join(' ');
  return n || null;
}
