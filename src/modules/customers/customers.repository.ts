// Customers (users with role CUSTOMER) with their order aggregates, and saved addresses.
// Every function takes a tenant-scoped transaction (withTenant / the write path).
import { Prisma } from '../../generated/prisma/client';
import type { SqlTx, Tx } from '../../platform/db/prisma';
import type { AddressFields, AddressRow, CustomerRow } from './customers.schemas';

// ---- customers ---------------------------------------------------------------------------

/** `%q%` for ILIKE, with the pattern's own wildcards (and the escape) taken literally. */
const containsPattern = (q: string): string => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The tenant's customers matching `q`. The (tenant_id, role, created_at) index of users finds
 * them; the ILIKE then scans those rows: under RLS a LIKE is not leakproof, so no index could
 * serve it (a trigram index would need a SECURITY DEFINER look-up like the catalog's; a
 * store's customer list is searched by staff only, so a scan of its customers is accepted).
 */
function customerFilter(tenantId: string, q: string | undefined): Prisma.Sql {
  const match = q
    ? Prisma.sql`AND (u.email ILIKE ${containsPattern(q)} OR u.name ILIKE ${containsPattern(q)})`
    : Prisma.empty;
  return Prisma.sql`u.tenant_id = ${tenantId}::uuid AND u.role = 'CUSTOMER' ${match}`;
}

/**
 * The aggregates of one customer `u` (a LATERAL subquery over their orders through the
 * (tenant_id, customer_id, created_at) index, and each order's one payment):
 * - ordersCount: every order, any status;
 * - totalSpent: the total of every paid order — status PAID, FULFILLED, SHIPPED or COMPLETED,
 *   or an order whose payment was captured (payment PAID or REFUNDED: a paid order cancelled
 *   later) — minus what was refunded (a REFUNDED payment is refunded in full; partial refunds
 *   do not exist yet). A paid-then-refunded cancelled order nets to zero; one whose refund the
 *   provider has not confirmed yet still counts until it does.
 */
function aggregatesOf(tenantId: string): Prisma.Sql {
  return Prisma.sql`LEFT JOIN LATERAL (
    SELECT count(*)::int AS "ordersCount",
      coalesce(sum(o.total_amount) FILTER (
        WHERE o.status IN ('PAID', 'FULFILLED', 'SHIPPED', 'COMPLETED') OR pay.status IN ('PAID', 'REFUNDED')
      ), 0)
      - coalesce(sum(pay.amount) FILTER (WHERE pay.status = 'REFUNDED'), 0) AS spent
    FROM orders o LEFT JOIN payments pay ON pay.order_id = o.id AND pay.tenant_id = o.tenant_id
    WHERE o.tenant_id = ${tenantId}::uuid AND o.customer_id = u.id
  ) agg ON true`;
}

const customerColumns = Prisma.sql`u.id, u.email, u.name, u.created_at AS "createdAt",
  agg."ordersCount", agg.spent::text AS "totalSpent"`;

/**
 * One page of customers, newest first, with their aggregates. One statement (ADR 0006 §2.4:
 * a read joining what the model API would fetch in several queries): the page is cut first
 * and only its customers' orders are aggregated.
 */
export async function listCustomerPage(
  tx: SqlTx,
  tenantId: string,
  q: { q?: string; skip: number; take: number },
): Promise<CustomerRow[]> {
  return tx.$queryRaw<CustomerRow[]>`
    SELECT ${customerColumns}
    FROM (
      SELECT u.id, u.email, u.name, u.created_at FROM users u
      WHERE ${customerFilter(tenantId, q.q)}
      ORDER BY u.created_at DESC, u.id DESC
      LIMIT ${q.take}::int OFFSET ${q.skip}::int
    ) u ${aggregatesOf(tenantId)}
    ORDER BY u.created_at DESC, u.id DESC`;
}

/** How many customers match (the list's meta.total), with the page's filter. */
export async function countCustomers(tx: SqlTx, tenantId: string, q: string | undefined): Promise<number> {
  const rows = await tx.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM users u WHERE ${customerFilter(tenantId, q)}`;
  return rows[0]?.n ?? 0;
}

/** One customer of the tenant with their aggregates; null for an unknown id or a staff user. */
export async function findCustomer(tx: SqlTx, tenantId: string, id: string): Promise<CustomerRow | null> {
  const rows = await tx.$queryRaw<CustomerRow[]>`
    SELECT ${customerColumns}
    FROM users u ${aggregatesOf(tenantId)}
    WHERE u.id = ${id}::uuid AND ${customerFilter(tenantId, undefined)}`;
  return rows[0] ?? null;
}

// ---- addresses ---------------------------------------------------------------------------

const addressSelect = {
  id: true,
  customerId: true,
  firstName: true,
  lastName: true,
  company: true,
  line1: true,
  line2: true,
  city: true,
  state: true,
  postalCode: true,
  country: true,
  phone: true,
  isDefaultShipping: true,
  isDefaultBilling: true,
} as const satisfies Record<keyof AddressRow, true>;

/**
 * Locks the customer's user row for the rest of the write, so one customer's address writes
 * run one at a time: "set default" (clear the old, set the new) and the per-customer cap stay
 * exact under concurrency. FOR NO KEY UPDATE, as an UPDATE of the row would take: it does not
 * block the foreign-key checks of inserts that reference the user. Returns whether the user
 * is a CUSTOMER of the tenant.
 */
export async function lockCustomer(tx: SqlTx, tenantId: string, customerId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM users WHERE id = ${customerId}::uuid AND tenant_id = ${tenantId}::uuid AND role = 'CUSTOMER'
    FOR NO KEY UPDATE`;
  return rows.length > 0;
}

/** The customer's addresses, oldest first, and how many there are. */
export async function listAddresses(
  tx: Tx,
  tenantId: string,
  customerId: string,
  page: { skip: number; take: number },
): Promise<{ rows: AddressRow[]; total: number }> {
  const where = { tenantId, customerId };
  const rows = await tx.customerAddress.findMany({
    where,
    select: addressSelect,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    skip: page.skip,
    take: page.take,
  });
  return { rows, total: await tx.customerAddress.count({ where }) };
}

export async function countAddresses(tx: Tx, tenantId: string, customerId: string): Promise<number> {
  return tx.customerAddress.count({ where: { tenantId, customerId } });
}

/** The customer's defaults (ids), to know what a new default replaces. */
export async function findDefaults(
  tx: Tx,
  tenantId: string,
  customerId: string,
): Promise<{ shipping: string | null; billing: string | null }> {
  const rows = await tx.customerAddress.findMany({
    where: { tenantId, customerId, OR: [{ isDefaultShipping: true }, { isDefaultBilling: true }] },
    select: { id: true, isDefaultShipping: true, isDefaultBilling: true },
  });
  return {
    shipping: rows.find((r) => r.isDefaultShipping)?.id ?? null,
    billing: rows.find((r) => r.isDefaultBilling)?.id ?? null,
  };
}

/** One address of this customer; another customer's (or tenant's) id is null. */
export async function findAddress(tx: Tx, tenantId: string, customerId: string, id: string) {
  return tx.customerAddress.findFirst({ where: { id, tenantId, customerId }, select: addressSelect });
}

export async function insertAddress(
  tx: Tx,
  a: AddressFields & { tenantId: string; customerId: string; isDefaultShipping: boolean; isDefaultBilling: boolean },
): Promise<AddressRow> {
  return tx.customerAddress.create({ data: a, select: addressSelect });
}

export async function updateAddress(
  tx: Tx,
  id: string,
  data: Partial<AddressFields> & { isDefaultShipping?: boolean; isDefaultBilling?: boolean },
): Promise<AddressRow> {
  return tx.customerAddress.update({ where: { id }, data, select: addressSelect });
}

export async function deleteAddress(tx: Tx, id: string): Promise<void> {
  await tx.customerAddress.delete({ where: { id }, select: { id: true } });
}
