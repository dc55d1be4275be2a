// Items asked for (a variant, or a product with one active variant) resolved against the
// variants a cart write looked up, with the refusals order creation makes: 404 for an
// unknown variant or product, 400 for a variant of another productId or a product with
// several variants (VARIANT_REQUIRED), 409 VARIANT_UNAVAILABLE for an archived variant or a
// product not for sale, and 409 INSUFFICIENT_STOCK when the line's resulting quantity
// exceeds what is available. Pure: no I/O.
import { AppError, badRequest } from '../../platform/errors';
import { insufficientStock } from '../inventory';
import { variantUnavailable, type RequestedLine, type VariantForOrder } from '../orders';

const notFoundItem = (field: 'variantId' | 'productId', id: string): AppError =>
  new AppError(404, 'NOT_FOUND', `${field === 'variantId' ? 'Variant' : 'Product'} ${id} not found`, { [field]: id });

const variantRequired = (productId: string, path: string): AppError =>
  new AppError(400, 'VARIANT_REQUIRED', `Product ${productId} has several variants: add one by variantId`, {
    productId,
    issues: [{ path: `${path}variantId`, message: 'required for a product with several variants', code: 'custom' }],
  });

/** The variant an item names; `path` prefixes issue paths ("items.0." or ""). */
export function resolveItem(item: RequestedLine, found: readonly VariantForOrder[], path = ''): VariantForOrder {
  if (item.variantId !== undefined) {
    const v = found.find((x) => !x.byProduct && x.id === item.variantId);
    if (!v) throw notFoundItem('variantId', item.variantId);
    if (item.productId !== undefined && item.productId !== v.productId)
      throw badRequest(`Variant ${v.id} is not a variant of product ${item.productId}`, {
        issues: [{ path: `${path}variantId`, message: 'not a variant of productId', code: 'custom' }],
      });
    if (v.status !== 'active' || !v.productActive) throw variantUnavailable(v);
    return v;
  }
  const productId = item.productId!;
  const vs = found.filter((x) => x.byProduct && x.productId === productId);
  if (vs.length === 0) throw notFoundItem('productId', productId);
  if (!vs[0]!.productActive) throw variantUnavailable(vs[0]!);
  if (vs.length > 1) throw variantRequired(productId, path);
  return vs[0]!;
}

/** 409 INSUFFICIENT_STOCK unless the line's resulting quantity is available. */
export function assertAvailable(v: VariantForOrder, quantity: number): void {
  const available = v.available ?? 0;
  if (quantity > available) throw insufficientStock({ productId: v.productId, variantId: v.id }, quantity, available);
}

/** A line holds at most 1000 units (the cart_items CHECK): more is a 400, not a database error. */
export function assertLineMax(quantity: number, path: string): void {
  if (quantity > 1000)
    throw badRequest('A cart line holds at most 1000 units', {
      issues: [{ path, message: 'the line would exceed 1000 units', code: 'too_big' }],
    });
}
