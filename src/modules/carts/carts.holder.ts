// Who may use a cart (contract "holder"): a customer's cart only that customer; a guest cart
// anyone presenting its id (its random id is its only credential), a signed-in customer
// included. Staff of the tenant may read any cart but hold none. Anyone else gets the 404 a
// missing cart gets, so a cart's existence is never disclosed.
import type { Principal } from '../../platform/auth/types';
import { notFound } from '../../platform/errors';
import type { CartRow } from './carts.snapshot.repository';

const isStaff = (p: Principal | undefined): boolean => p?.role === 'ADMIN' || p?.role === 'MERCHANT';

export function isHolder(principal: Principal | undefined, cart: Pick<CartRow, 'customerId'>): boolean {
  if (cart.customerId === null) return true;
  return principal?.role === 'CUSTOMER' && principal.type === 'user' && principal.id === cart.customerId;
}

/** 404 unless `principal` holds the cart (mutations, completion). */
export function assertHolder(principal: Principal | undefined, cart: Pick<CartRow, 'customerId'>): void {
  if (!isHolder(principal, cart)) throw notFound('Cart');
}

/** 404 unless `principal` holds the cart or is the tenant's staff (reads). */
export function assertReader(principal: Principal | undefined, cart: Pick<CartRow, 'customerId'>): void {
  if (!isHolder(principal, cart) && !isStaff(principal)) throw notFound('Cart');
}
