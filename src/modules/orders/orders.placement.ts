// Placing an order, shared by POST /orders and cart completion (POST /carts/:id/complete):
// resolved lines + shipping + tax → the priced order (one engine), its view (built from what
// is written, no read-back) and the single statement that reserves its stock and writes it
// with its outbox event, audit row and stored idempotent response.
import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../generated/prisma/client';
import { conflict, type AppError } from '../../platform/errors';
import { fromMinor, minorDigits, toScaled } from '../../platform/money';
import { emitLowStockIfCrossed, stockRefusal } from '../inventory';
import type { Evaluation } from '../promotions';
import type { AnyWrite } from '../write-path';
import type { ResolvedLine } from './orders.lines';
import { byProductThenVariant } from './orders.lines';
import type { IdempotencyRef } from './orders.idempotency.repository';
import { placeOrder, type NewOrder } from './orders.repository';
import type { OrderItemView, OrderView } from './orders.schemas';
import { priceCart, type PricingResult, type TaxRate } from './pricing-engine';

export interface PlacementInput {
  tenantId: string;
  currency: string;
  pricesIncludeTax: boolean;
  /** null: a guest order (its e-mail is the holder until it registers). */
  customerId: string | null;
  customerName: string | null;
  /** Trimmed, lower-cased. */
  email: string | null;
  /** A validated Address (platform/address). */
  shippingAddress: object;
  billingAddress: object | null;
  lines: readonly ResolvedLine[];
  /** The shipping method bought at its effective amount (after freeAbove, before free shipping), or none. */
  shipping: { name: string; amount: string } | null;
  /** The promotions evaluated on `lines` (lineDiscounts in the same order), or none. */
  promotions: Evaluation | null;
  /** The buyer's e-mail as perCustomerLimit counts it: the account's for a customer, else `email`. */
  personEmail: string | null;
  /** The rate of the shipping address (taxRateFor), or none. */
  tax: TaxRate | null;
  cartId: string | null;
  metadata: Record<string, string>;
}

export interface BuiltOrder {
  view: OrderView;
  row: NewOrder;
  priced: PricingResult;
  /** The lines in the order's order (product id, then variant id). */
  lines: ResolvedLine[];
}

/**
 * Prices the lines (pricing-engine: per-line half-up tax, parts add up to the total) and
 * builds the order to write and its view. Throws RangeError only for amounts the catalog and
 * the schemas already refuse.
 */
export function buildOrder(p: PlacementInput): BuiltOrder {
  const { currency } = p;
  const money = (m: bigint) => fromMinor(m, currency);
  const ev = p.promotions;
  // Each line keeps its discount through the sort into the order's line order.
  const zipped = p.lines
    .map((line, i) => ({ line, discount: ev?.lineDiscounts[i] ?? 0n }))
    .sort((a, b) => byProductThenVariant(a.line, b.line));
  const lines = zipped.map((z) => z.line);
  // Free shipping waives the method's amount; the order still has its shipping line (at 0).
  const shippingAmount = p.shipping
    ? money(toScaled(p.shipping.amount, minorDigits(currency)) - (ev?.shippingDiscount ?? 0n))
    : null;
  const priced = priceCart({
    currency,
    pricesIncludeTax: p.pricesIncludeTax,
    lines: zipped.map((z) => ({
      unitPrice: z.line.variant.price,
      quantity: z.line.quantity,
      discount: money(z.discount),
    })),
    shipping: shippingAmount,
    tax: p.tax,
  });
  const discounts = (ev?.applied ?? []).map((a) => ({
    code: a.code,
    promotionId: a.promotionId,
    amount: money(a.amount),
  }));
  // The line snapshots the variant (sku, title, option values, price) and the product's name.
  const items: OrderItemView[] = priced.lines.map((pl, i) => {
    const v = lines[i]!.variant;
    return {
      id: randomUUID(),
      productId: v.productId,
      variantId: v.id,
      sku: v.sku,
      name: v.productName,
      variantTitle: v.title,
      optionValues: jsonbKeyOrder(v.optionValues) as Record<string, string>,
      quantity: pl.quantity,
      unitPrice: money(pl.unitPrice),
      lineTotal: money(pl.subtotal),
      subtotal: money(pl.subtotal),
      discountTotal: money(pl.discountTotal),
      taxTotal: money(pl.taxTotal),
      total: money(pl.total),
    };
  });
  const shippingLine = p.shipping
    ? { name: p.shipping.name, amount: money(priced.shippingTotal), taxTotal: money(priced.shippingTaxTotal) }
    : null;
  const taxLines = priced.taxLines.map((t) => ({ name: t.name, rate: t.rate, amount: money(t.amount) }));
  const id = randomUUID();
  const createdAt = new Date().toISOString();
  const view: OrderView = {
    id,
    status: 'PENDING',
    customerId: p.customerId,
    customerName: p.customerName,
    customerEmail: p.email,
    shippingAddress: jsonbKeyOrder(p.shippingAddress),
    items,
    subtotal: money(priced.subtotal),
    discountTotal: money(priced.discountTotal),
    shippingTotal: money(priced.shippingTotal),
    taxTotal: money(priced.taxTotal),
    totalAmount: money(priced.total),
    currency,
    shippingLine: jsonbKeyOrder(shippingLine) as OrderView['shippingLine'],
    discounts: jsonbKeyOrder(discounts) as OrderView['discounts'],
    taxLines: jsonbKeyOrder(taxLines) as OrderView['taxLines'],
    paymentStatus: 'unpaid',
    fulfillmentStatus: 'unfulfilled',
    billingAddress: p.billingAddress === null ? null : jsonbKeyOrder(p.billingAddress),
    email: p.email,
    metadata: jsonbKeyOrder(p.metadata) as Record<string, string>,
    payment: null,
    createdAt,
    updatedAt: createdAt,
  };
  const row: NewOrder = {
    id,
    tenantId: p.tenantId,
    customerId: p.customerId,
    customerName: p.customerName,
    customerEmail: p.email,
    shippingAddressJson: JSON.stringify(p.shippingAddress),
    totalAmount: view.totalAmount,
    currency,
    subtotal: view.subtotal,
    discountTotal: view.discountTotal,
    shippingTotal: view.shippingTotal,
    taxTotal: view.taxTotal,
    shippingLineJson: shippingLine === null ? null : JSON.stringify(shippingLine),
    taxLinesJson: JSON.stringify(taxLines),
    discountsJson: JSON.stringify(discounts),
    promotions: {
      redemptions: discounts.map((d) => ({ promotionId: d.promotionId, amount: d.amount })),
      personEmail: p.personEmail,
    },
    billingAddressJson: p.billingAddress === null ? null : JSON.stringify(p.billingAddress),
    metadataJson: JSON.stringify(p.metadata),
    cartId: p.cartId,
    createdAt,
    items,
  };
  return { view, row, priced, lines };
}

/** 409: the customer (or guest e-mail) already holds the most unpaid orders allowed. */
export const tooManyPendingOrders = (max: number) =>
  conflict('TOO_MANY_PENDING_ORDERS', `You already have ${max} unpaid orders; pay or cancel one first`, {
    maxPendingOrders: max,
  });

/**
 * 409 DISCOUNT_CODE_INVALID (reason exhausted): a limited promotion's last use went to a
 * concurrent order between pricing and the write; nothing was written, the cart stays open.
 */
function usesRanOut(built: BuiltOrder, lost: string[]): AppError {
  const first = built.view.discounts.find((d) => lost.includes(d.promotionId));
  const code = first?.code ?? null;
  return conflict('DISCOUNT_CODE_INVALID', `${code ? `Discount code ${code}` : 'A promotion'} has no uses left`, {
    reason: 'exhausted',
    code,
    promotionIds: lost,
  });
}

/**
 * Writes a built order inside the caller's transaction: order.created + audit are collected
 * on the write, then ONE statement reserves the stock (guarded, variant-id lock order), counts
 * the pending order against `pendingCap` and inserts the order, its items, the events, the
 * audit row and the stored response. Throws (so the transaction rolls back) for stock
 * (409 INSUFFICIENT_STOCK) and for the cap (409 TOO_MANY_PENDING_ORDERS).
 */
export async function writeOrder(
  w: AnyWrite,
  built: BuiltOrder,
  opts: { response: { ref: IdempotencyRef; status: number; body: unknown } | null; pendingCap: number | null },
): Promise<void> {
  const { view, row, lines } = built;
  w.emit('order.created', view);
  w.audit({ action: 'CREATE', resource: 'order', resourceId: view.id, after: view });
  // Stock is reserved in the last statement before COMMIT, so row locks are held only until the commit.
  const placed = await placeOrder(w.tx, row, (when: Prisma.Sql) => w.takeInserts(when), opts.response, opts.pendingCap);
  const taken = placed.taken;
  if (taken.length < lines.length) {
    const got = new Set(taken.map((t) => t.variantId));
    const short = lines.find((l) => !got.has(l.variant.id))!;
    throw await stockRefusal(w.tx, row.tenantId, { variantId: short.variant.id }, -short.quantity);
  }
  const lost = placed.limitedPromotionIds.filter((id) => !placed.claimedPromotionIds.includes(id));
  if (lost.length > 0) throw usesRanOut(built, lost);
  if (!placed.placed) throw tooManyPendingOrders(opts.pendingCap ?? 0);
  // inventory.low_stock for lines that crossed their threshold: inserted by the write path
  // before the commit (one more statement, only when a line crossed).
  for (const t of taken) {
    const l = lines.find((x) => x.variant.id === t.variantId)!;
    const v = l.variant;
    emitLowStockIfCrossed(
      w,
      { productId: v.productId, variantId: v.id, sku: v.sku, name: v.productName, variantTitle: v.title },
      { available: t.available + l.quantity, threshold: t.threshold },
      { available: t.available, threshold: t.threshold },
    );
  }
  // Stock changed: product reads (which show inventory) must not serve the old value.
  w.invalidate('catalog');
}

/**
 * A JSON value with object keys in PostgreSQL jsonb's order (shorter keys first, then
 * byte-wise), i.e. as it reads back from a jsonb column.
 */
export function jsonbKeyOrder(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(jsonbKeyOrder);
  if (!v || typeof v !== 'object') return v;
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  const bytes = (k: string) => Buffer.from(k, 'utf8');
  entries.sort(([a], [b]) => {
    const ba = bytes(a);
    const bb = bytes(b);
    return ba.length !== bb.length ? ba.length - bb.length : Buffer.compare(ba, bb);
  });
  return Object.fromEntries(entries.map(([k, x]) => [k, jsonbKeyOrder(x)]));
}
