// Order lines: what was asked for (a variant, or a product with one active variant) resolved
// against the snapshot read with the order's inputs (claimAndLoadOrderInputs), with the
// refusals of both contract parts. Pure: no I/O.
import { AppError, badRequest, conflict } from '../../platform/errors';
import { insufficientStock } from '../inventory';
import type { VariantForOrder } from './orders.inputs.repository';
import type { CreateOrderInput } from './orders.schemas';

/** A requested line, ids lower-cased. */
export interface RequestedLine {
  variantId?: string;
  productId?: string;
  quantity: number;
}

/** A line resolved to its variant. */
export interface ResolvedLine {
  variant: VariantForOrder;
  quantity: number;
}

export const requestedLines = (items: CreateOrderInput['items']): RequestedLine[] =>
  items.map((i) => ({
    variantId: i.variantId?.toLowerCase(),
    productId: i.productId?.toLowerCase(),
    quantity: i.quantity,
  }));

/** What the snapshot must read: the named variants, and the products of productId-only lines. */
export function lookupIds(lines: readonly RequestedLine[]): { variantIds: string[]; productIds: string[] } {
  const variantIds: string[] = [];
  const productIds: string[] = [];
  for (const l of lines) {
    if (l.variantId !== undefined) variantIds.push(l.variantId);
    else productIds.push(l.productId!);
  }
  return { variantIds, productIds };
}

const notFoundLine = (field: 'variantId' | 'productId', id: string): AppError =>
  new AppError(404, 'NOT_FOUND', `${field === 'variantId' ? 'Variant' : 'Product'} ${id} not found`, { [field]: id });

/** 409 VARIANT_UNAVAILABLE: an archived variant, or a variant of a product not for sale. */
export const variantUnavailable = (v: { id: string; productId: string }): AppError =>
  conflict('VARIANT_UNAVAILABLE', `Variant ${v.id} is not available for sale`, {
    variantId: v.id,
    productId: v.productId,
  });

/** 400 VARIANT_REQUIRED: a productId-only line for a product with several variants. */
const variantRequired = (productId: string, i: number): AppError =>
  new AppError(400, 'VARIANT_REQUIRED', `Product ${productId} has several variants: order one by variantId`, {
    productId,
    issues: [{ path: `items.${i}.variantId`, message: 'required for a product with several variants', code: 'custom' }],
  });

/** Part 1's refusal of an inactive product ordered by productId: 400, kept as it was. */
const productInactive = (productId: string): AppError =>
  badRequest(`Product ${productId} is not available for sale`, {
    productId,
    issues: [{ path: 'items.productId', message: 'product is inactive', code: 'product_inactive' }],
  });

function resolveOne(
  l: RequestedLine,
  i: number,
  byId: Map<string, VariantForOrder>,
  byProduct: Map<string, VariantForOrder[]>,
) {
  if (l.variantId !== undefined) {
    const v = byId.get(l.variantId);
    if (!v) throw notFoundLine('variantId', l.variantId);
    if (l.productId !== undefined && l.productId !== v.productId)
      throw badRequest(`Variant ${v.id} is not a variant of product ${l.productId}`, {
        issues: [{ path: `items.${i}.variantId`, message: 'not a variant of productId', code: 'custom' }],
      });
    if (v.status !== 'active' || !v.productActive) throw variantUnavailable(v);
    return v;
  }
  const productId = l.productId!;
  const vs = byProduct.get(productId) ?? [];
  if (vs.length === 0) throw notFoundLine('productId', productId);
  if (!vs[0]!.productActive) throw productInactive(productId);
  if (vs.length > 1) throw variantRequired(productId, i);
  return vs[0]!;
}

/**
 * Resolves every line to its variant, in request order, refusing (in this order, line by
 * line): 404 NOT_FOUND {variantId | productId}; 400 for a variant of another productId;
 * 409 VARIANT_UNAVAILABLE (archived variant, or its product not active); 400 for an inactive
 * product ordered by productId (part 1); 400 VARIANT_REQUIRED; 409 INSUFFICIENT_STOCK from the
 * snapshot (the guarded UPDATE stays the authority). Two lines naming one variant → 400.
 */
export function resolveLines(lines: readonly RequestedLine[], variants: readonly VariantForOrder[]): ResolvedLine[] {
  const byId = new Map<string, VariantForOrder>();
  const byProduct = new Map<string, VariantForOrder[]>();
  for (const v of variants) {
    if (!v.byProduct) byId.set(v.id, v);
    else byProduct.set(v.productId, [...(byProduct.get(v.productId) ?? []), v]);
  }
  const seen = new Set<string>();
  return lines.map((l, i) => {
    const v = resolveOne(l, i, byId, byProduct);
    if (seen.has(v.id))
      throw badRequest('Two lines name the same variant: lines must be distinct', {
        issues: [{ path: `items.${i}`, message: `duplicate variant ${v.id}`, code: 'custom' }],
      });
    seen.add(v.id);
    const available = v.available ?? 0;
    if (available < l.quantity)
      throw insufficientStock({ productId: v.productId, variantId: v.id }, l.quantity, available);
    return { variant: v, quantity: l.quantity };
  });
}

/** Lines in the order view's order: product id, then variant id. */
export const byProductThenVariant = (a: ResolvedLine, b: ResolvedLine): number => {
  const x = `${a.variant.productId}/${a.variant.id}`;
  const y = `${b.variant.productId}/${b.variant.id}`;
  return x < y ? -1 : x > y ? 1 : 0;
};
