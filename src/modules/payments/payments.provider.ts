// Payment providers. `stripe` (official SDK) when STRIPE_SECRET_KEY is set; otherwise
// `manual` (merchants mark orders paid and refund outside the system).
import Stripe from 'stripe';
import type { AppContext } from '../../platform/app-context';
import { AppError } from '../../platform/errors';

export type ProviderName = 'stripe' | 'manual';

export interface IntentResult {
  providerPaymentId: string | null;
  clientSecret: string | null;
}

export interface RefundResult {
  /**
   * succeeded: money is on its way back; pending: the provider confirms later (charge.refunded,
   * refund.updated); failed: the provider refused it (the amount goes back to the payment).
   */
  status: 'succeeded' | 'pending' | 'failed';
  refundId: string | null;
  failureReason: string | null;
}

/** A refund request: the amount in the provider's minor units (stripeAmount() for Stripe). */
export interface RefundRequest {
  providerPaymentId: string | null;
  amountMinor: number;
  idempotencyKey: string;
  /** Our refund's id, stored with the provider's refund (webhooks name it back). */
  refundId: string;
}

/**
 * A provider refusal that retrying cannot change (4xx other than 409/429): the refund is
 * failed. Any other error (network, 5xx, 409 idempotency in progress, 429) leaves it pending
 * for the sweeper.
 */
export const isPermanentProviderError = (e: unknown): boolean => {
  const s = (e as { details?: { statusCode?: unknown } })?.details?.statusCode;
  return typeof s === 'number' && s >= 400 && s < 500 && s !== 409 && s !== 429;
};

export interface PaymentProvider {
  readonly name: ProviderName;
  createIntent(p: {
    orderId: string;
    tenantId: string;
    /** Amount in the provider's minor units (stripeAmount() for Stripe). */
    amountMinor: number;
    currency: string;
    idempotencyKey: string;
  }): Promise<IntentResult>;
  refund(p: RefundRequest): Promise<RefundResult>;
  /** Stops an unpaid intent from being paid later (best effort; a late payment is refunded). */
  cancelIntent(providerPaymentId: string): Promise<void>;
}

export function stripeClient(ctx: AppContext): Stripe {
  const cfg = ctx.config;
  const opts: ConstructorParameters<typeof Stripe>[1] = { maxNetworkRetries: 2, timeout: 10_000 };
  if (cfg.STRIPE_API_BASE) {
    const u = new URL(cfg.STRIPE_API_BASE);
    opts.host = u.hostname;
    opts.protocol = u.protocol === 'http:' ? 'http' : 'https';
    opts.port = u.port || (u.protocol === 'http:' ? '80' : '443');
  }
  // Without a secret key the client is only used for webhook signature checks (no API calls).
  return new Stripe(cfg.STRIPE_SECRET_KEY ?? 'sk_unused_manual_provider', opts);
}

const providerError = (e: unknown): AppError => {
  const err = e as { type?: string; code?: string; statusCode?: number; message?: string };
  return new AppError(502, 'PAYMENT_PROVIDER_ERROR', 'The payment provider refused or did not answer', {
    provider: 'stripe',
    type: err?.type ?? 'unknown',
    code: err?.code ?? null,
    statusCode: err?.statusCode ?? null,
  });
};

/** Our status of a Stripe refund object (requires_action / pending stay pending). */
export function stripeRefundOutcome(r: {
  status?: string | null;
  failure_reason?: string | null;
}): Pick<RefundResult, 'status' | 'failureReason'> {
  if (r.status === 'succeeded') return { status: 'succeeded', failureReason: null };
  if (r.status === 'failed' || r.status === 'canceled')
    return { status: 'failed', failureReason: r.failure_reason ?? r.status };
  return { status: 'pending', failureReason: null };
}

export class StripeProvider implements PaymentProvider {
  readonly name = 'stripe' as const;
  constructor(readonly stripe: Stripe) {}

  async createIntent(p: Parameters<PaymentProvider['createIntent']>[0]): Promise<IntentResult> {
    try {
      const pi = await this.stripe.paymentIntents.create(
        {
          amount: p.amountMinor,
          currency: p.currency.toLowerCase(),
          metadata: { orderId: p.orderId, tenantId: p.tenantId },
          automatic_payment_methods: { enabled: true },
        },
        { idempotencyKey: p.idempotencyKey },
      );
      return { providerPaymentId: pi.id, clientSecret: pi.client_secret };
    } catch (e) {
      throw providerError(e);
    }
  }

  async refund(p: RefundRequest): Promise<RefundResult> {
    if (!p.providerPaymentId) return { status: 'failed', refundId: null, failureReason: 'payment has no provider id' };
    let r: Stripe.Refund;
    try {
      r = await this.stripe.refunds.create(
        { payment_intent: p.providerPaymentId, amount: p.amountMinor, metadata: { refundId: p.refundId } },
        { idempotencyKey: p.idempotencyKey },
      );
    } catch (e) {
      throw providerError(e);
    }
    return { ...stripeRefundOutcome(r), refundId: r.id };
  }

  async cancelIntent(providerPaymentId: string): Promise<void> {
    try {
      await this.stripe.paymentIntents.cancel(providerPaymentId, {}, { idempotencyKey: `cancel-${providerPaymentId}` });
    } catch (e) {
      throw providerError(e);
    }
  }
}

export class ManualProvider implements PaymentProvider {
  readonly name = 'manual' as const;
  async createIntent(): Promise<IntentResult> {
    return { providerPaymentId: null, clientSecret: null };
  }
  /** The merchant returns the money outside the system; we record it as refunded. */
  async refund(): Promise<RefundResult> {
    return { status: 'succeeded', refundId: null, failureReason: null };
  }
  async cancelIntent(): Promise<void> {}
}

const providers = new WeakMap<AppContext, { active: PaymentProvider; stripe: Stripe }>();

function resolve(ctx: AppContext) {
  let p = providers.get(ctx);
  if (!p) {
    const stripe = stripeClient(ctx);
    p = { stripe, active: ctx.config.STRIPE_SECRET_KEY ? new StripeProvider(stripe) : new ManualProvider() };
    providers.set(ctx, p);
  }
  return p;
}

/** The configured provider for new payments. */
export const paymentProvider = (ctx: AppContext): PaymentProvider => resolve(ctx).active;

/** The provider that handled an existing payment (a manual payment stays manual). */
export function providerFor(ctx: AppContext, name: string): PaymentProvider {
  const p = resolve(ctx);
  if (name === 'manual') return p.active.name === 'manual' ? p.active : new ManualProvider();
  if (p.active.name !== 'stripe')
    throw new AppError(409, 'PAYMENT_PROVIDER_ERROR', 'Stripe is not configured (STRIPE_SECRET_KEY is unset)');
  return p.active;
}

export const stripeFor = (ctx: AppContext): Stripe => resolve(ctx).stripe;
