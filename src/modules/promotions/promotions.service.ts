// Promotions: reads in a tenant transaction; writes through the write path with their audit
// row (no webhook events). A PATCH is checked as the whole promotion it produces, so the
// type/value rules hold whatever fields it sends. A code is unique per tenant
// case-insensitively: checked first for a clear 409, and held by the unique index on
// (tenant_id, lower(code)) when two writes race. A PATCH that sets usageLimit locks the row
// and re-counts the uses (its redemptions) into times_used in the same transaction: orders
// keep times_used only for limited promotions, so the counter starts right; a limit below
// the uses already made is 409 USAGE_LIMIT_BELOW_USES.
import type { AppContext } from '../../platform/app-context';
import type { Actor, TenantRef } from '../../platform/auth/types';
import { isUniqueViolation } from '../../platform/db/errors';
import { withTenant, type Tx } from '../../platform/db/prisma';
import { badRequest, conflict, notFound } from '../../platform/errors';
import { skipTake } from '../../platform/http/validate';
import { moneyFor, toScaled } from '../../platform/money';
import { missingCategoryIds } from '../categories';
import { missingCollectionIds } from '../collections';
import { tenantWrite, type Write } from '../write-path';
import {
  countPromotions,
  bumpPromotionsVersion,
  deletePromotion,
  findPromotion,
  insertPromotion,
  listPromotions,
  lockForLimitChange,
  missingProductIds,
  promotionIdByCode,
  updatePromotion,
  type PromotionData,
} from './promotions.repository';
import type {
  CreatePromotionInput,
  ListPromotionsQuery,
  PromotionView,
  UpdatePromotionInput,
} from './promotions.schemas';

type Issue = { path: string; message: string; code: 'custom' };

const codeConflict = (code?: string) =>
  conflict('CODE_CONFLICT', 'The store already has a promotion with this code', code ? { code } : undefined);

const limitBelowUses = (timesUsed: number, usageLimit: number) =>
  conflict('USAGE_LIMIT_BELOW_USES', `The promotion has already been used ${timesUsed} times`, {
    timesUsed,
    usageLimit,
  });

/** The CHECK times_used <= usage_limit (a backstop: update() checks the count first). */
const isTimesUsedCheck = (e: unknown): boolean => {
  const err = e as { message?: unknown; meta?: unknown } | null | undefined;
  return JSON.stringify({ message: err?.message, meta: err?.meta }).includes('promotions_times_used_check');
};

const invalid = (issues: Issue[]) => badRequest('Request validation failed', { issues });
const issue = (path: string, message: string): Issue => ({ path, message, code: 'custom' });

export class PromotionsService {
  constructor(private readonly ctx: AppContext) {}

  async list(tenant: TenantRef, q: ListPromotionsQuery): Promise<{ items: PromotionView[]; total: number }> {
    const { skip, take } = skipTake(q);
    const f = { status: q.status, q: q.q };
    return withTenant(this.ctx.db, tenant.id, async (tx) => ({
      items: await listPromotions(tx, tenant.id, tenant.currency, f, skip, take),
      total: await countPromotions(tx, tenant.id, f),
    }));
  }

  async get(tenant: TenantRef, id: string): Promise<PromotionView> {
    const p = await withTenant(this.ctx.db, tenant.id, (tx) => findPromotion(tx, tenant.id, tenant.currency, id));
    if (!p) throw notFound('Promotion');
    return p;
  }

  async create(tenant: TenantRef, input: CreatePromotionInput, actor: Actor): Promise<PromotionView> {
    const data = checked(
      {
        name: input.name,
        code: input.code ?? null,
        type: input.type,
        value: input.value ?? null,
        productIds: input.appliesTo?.productIds ?? [],
        categoryIds: input.appliesTo?.categoryIds ?? [],
        collectionIds: input.appliesTo?.collectionIds ?? [],
        minSubtotal: input.minSubtotal ?? null,
        startsAt: dateOf(input.startsAt),
        endsAt: dateOf(input.endsAt),
        usageLimit: input.usageLimit ?? null,
        perCustomerLimit: input.perCustomerLimit ?? null,
        combinable: input.combinable ?? false,
        priority: input.priority ?? 0,
        status: input.status ?? 'active',
      },
      tenant.currency,
    );
    return this.write(actor, data.code, async (w) => {
      await assertTargetsExist(w.tx, tenant.id, data);
      if (data.code !== null) await assertCodeFree(w.tx, tenant.id, data.code);
      const after = await insertPromotion(w.tx, tenant.id, tenant.currency, data);
      await bumpPromotionsVersion(w.tx, tenant.id);
      promotionChanged(w, 'CREATE', after.id, null, after);
      return after;
    });
  }

  async update(tenant: TenantRef, id: string, input: UpdatePromotionInput, actor: Actor): Promise<PromotionView> {
    return this.write(actor, input.code ?? null, async (w) => {
      // Setting a limit: the row locked first, then its uses counted (lockForLimitChange).
      const newLimit = input.usageLimit ?? null;
      const uses = newLimit === null ? null : await lockForLimitChange(w.tx, tenant.id, id);
      const before = await findPromotion(w.tx, tenant.id, tenant.currency, id);
      if (!before) throw notFound('Promotion');
      const data = checked(merged(before, input), tenant.currency);
      if (uses !== null && newLimit !== null && uses > newLimit) throw limitBelowUses(uses, newLimit);
      if (input.appliesTo) await assertTargetsExist(w.tx, tenant.id, data);
      if (input.code) await assertCodeFree(w.tx, tenant.id, input.code, id);
      // usageLimit is written only when sent (and then with the count), never from `before`.
      const { usageLimit, ...rest } = data;
      const write = input.usageLimit === undefined ? rest : { ...rest, usageLimit, timesUsed: uses ?? undefined };
      try {
        await updatePromotion(w.tx, id, write);
      } catch (e) {
        if (isTimesUsedCheck(e)) throw limitBelowUses(uses ?? before.timesUsed, usageLimit ?? 0);
        throw e;
      }
      const after = (await findPromotion(w.tx, tenant.id, tenant.currency, id))!;
      await bumpPromotionsVersion(w.tx, tenant.id);
      promotionChanged(w, 'UPDATE', id, before, after);
      return after;
    });
  }

  async remove(tenant: TenantRef, id: string, actor: Actor): Promise<void> {
    await tenantWrite(this.ctx, actor, async (w) => {
      const before = await findPromotion(w.tx, tenant.id, tenant.currency, id);
      if (!before) throw notFound('Promotion');
      await deletePromotion(w.tx, id);
      await bumpPromotionsVersion(w.tx, tenant.id);
      promotionChanged(w, 'DELETE', id, before, null);
    });
  }

  /** A write whose code lost a race on the (tenant_id, lower(code)) index → 409 CODE_CONFLICT. */
  private async write<R>(actor: Actor, code: string | null, fn: (w: Write) => Promise<R>): Promise<R> {
    try {
      return await tenantWrite(this.ctx, actor, fn);
    } catch (e) {
      if (isUniqueViolation(e, 'code')) throw codeConflict(code ?? undefined);
      throw e;
    }
  }
}

const dateOf = (s: string | null | undefined): Date | null => (s ? new Date(s) : null);

/**
 * The promotion a PATCH produces. A type change without a value drops the old one (a
 * percent is no amount): free_shipping then has none, the others get a 400 asking for it.
 */
function merged(before: PromotionView, input: UpdatePromotionInput): PromotionData {
  const pick = <K extends keyof UpdatePromotionInput, V>(
    k: K,
    old: V,
  ): V | NonNullable<UpdatePromotionInput[K]> | null => (input[k] !== undefined ? (input[k] ?? null) : old);
  const typeChanged = input.type !== undefined && input.type !== before.type;
  const a = input.appliesTo;
  return {
    name: input.name ?? before.name,
    code: pick('code', before.code),
    type: input.type ?? before.type,
    value: input.value !== undefined ? input.value : typeChanged ? null : before.value,
    productIds: a ? (a.productIds ?? []) : before.appliesTo.productIds,
    categoryIds: a ? (a.categoryIds ?? []) : before.appliesTo.categoryIds,
    collectionIds: a ? (a.collectionIds ?? []) : before.appliesTo.collectionIds,
    minSubtotal: pick('minSubtotal', before.minSubtotal),
    startsAt: input.startsAt !== undefined ? dateOf(input.startsAt) : dateOf(before.startsAt),
    endsAt: input.endsAt !== undefined ? dateOf(input.endsAt) : dateOf(before.endsAt),
    usageLimit: pick('usageLimit', before.usageLimit),
    perCustomerLimit: pick('perCustomerLimit', before.perCustomerLimit),
    combinable: input.combinable ?? before.combinable,
    priority: input.priority ?? before.priority,
    status: input.status ?? before.status,
  };
}

/**
 * The promotion's rules that zod cannot see alone: the value against the type (and the
 * currency's digits) and the window. (A usage limit below the uses already made is update's
 * 409, counted under the row lock.) Returns the data with amounts in the currency's digits;
 * 400 with every issue found.
 */
function checked(d: PromotionData, currency: string): PromotionData {
  const issues: Issue[] = [];
  let value = d.value;
  if (d.type === 'free_shipping') {
    if (value !== null) issues.push(issue('value', 'free_shipping promotions have no value'));
  } else if (value === null) {
    issues.push(issue('value', `${d.type} promotions need a value`));
  } else if (d.type === 'percentage') {
    const hundredths = percentHundredths(value);
    if (hundredths === null || hundredths < 1n || hundredths > 10_000n)
      issues.push(issue('value', 'must be a percent from 0.01 to 100 with at most two decimals'));
  } else {
    value = moneyFor(value, currency, 'value');
    if (toScaled(value, 3) === 0n) issues.push(issue('value', 'must be more than 0'));
  }
  const minSubtotal = d.minSubtotal === null ? null : moneyFor(d.minSubtotal, currency, 'minSubtotal');
  if (d.startsAt && d.endsAt && d.endsAt <= d.startsAt) issues.push(issue('endsAt', 'must be after startsAt'));
  if (issues.length > 0) throw invalid(issues);
  return { ...d, value, minSubtotal };
}

/** "12.5" → 1250n; null when it has more than two decimals. */
function percentHundredths(v: string): bigint | null {
  try {
    return toScaled(v, 2);
  } catch {
    return null;
  }
}

async function assertCodeFree(tx: Tx, tenantId: string, code: string, selfId?: string): Promise<void> {
  const id = await promotionIdByCode(tx, tenantId, code);
  if (id !== null && id !== selfId) throw codeConflict(code);
}

/** 400 naming the ids of appliesTo that are no product, category or collection of the tenant. */
async function assertTargetsExist(tx: Tx, tenantId: string, d: PromotionData): Promise<void> {
  const missing: [string, string[]][] = [
    ['productIds', await missingProductIds(tx, tenantId, d.productIds)],
    ['categoryIds', await missingCategoryIds(tx, tenantId, d.categoryIds)],
    ['collectionIds', await missingCollectionIds(tx, tenantId, d.collectionIds)],
  ];
  const issues = missing
    .filter(([, ids]) => ids.length > 0)
    .map(([field, ids]) => issue(`appliesTo.${field}`, `unknown id(s): ${ids.join(', ')}`));
  if (issues.length > 0) throw invalid(issues);
}

function promotionChanged(
  w: Write,
  action: 'CREATE' | 'UPDATE' | 'DELETE',
  id: string,
  before: PromotionView | null,
  after: PromotionView | null,
): void {
  w.audit({
    action,
    resource: 'promotion',
    resourceId: id,
    ...(before ? { before } : {}),
    ...(after ? { after } : {}),
  });
}
