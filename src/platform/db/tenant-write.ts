// The one write path of tenant data (ADR 0007). A write runs in a tenant transaction and
// declares what every write owes besides its own rows: audit rows, outbox events, cache
// invalidations and work for after the commit (metrics, provider calls). The scope
// collects them; before the commit the audit rows and events are inserted in ONE statement
// (or folded by a hot path into a statement of its own), and after the commit the
// invalidations run (one name each, one policy when Redis is down: see cache.ts) and then
// the after-commit work. Nothing after the commit runs for a write that rolled back.
//
// The audit and outbox tables belong to modules (audit, webhooks), and platform imports no
// module: their INSERT builders are passed in as WriteSinks by the composition of the
// modules (src/modules/write-path.ts), which binds them once.
import { Prisma } from '../../generated/prisma/client';
import type { AppContext } from '../app-context';
import type { Actor } from '../auth/types';
import { invalidateCatalog } from '../cache';
import { withTenant, withTenantRaw, type SqlTx, type Tx, type TxOptions } from './prisma';

export interface AuditRecord {
  action: 'CREATE' | 'UPDATE' | 'DELETE';
  resource: string;
  resourceId: string;
  before?: unknown;
  after?: unknown;
}

/** An INSERT of one collected row; `when` (a boolean SQL expression) makes it conditional. */
export type CollectedInsert = (when: Prisma.Sql) => Prisma.Sql;

/** The INSERT builders of the audit log and the outbox (bound by the modules that own them). */
export interface WriteSinks<E extends string> {
  /** Called when the row is declared, with its timestamp. */
  audit(actor: Actor, entry: AuditRecord, at: string): CollectedInsert;
  /** Called when the event is declared (its id is the declaration's) with its createdAt. */
  event(tenantId: string, type: E, data: unknown, createdAt: string): CollectedInsert;
}

/** The caches a write can invalidate, each under one name. */
const INVALIDATIONS = {
  /** Product reads (products show their stock): catalog, inventory, order and payment writes. */
  catalog: invalidateCatalog,
} as const satisfies Record<string, (ctx: AppContext, tenantId: string) => Promise<boolean>>;
export type Invalidation = keyof typeof INVALIDATIONS;

const TRUE = Prisma.sql`true`;

/** INSERTs as data-modifying CTEs `w0 AS (...), w1 AS (...)` for a statement's WITH list. */
export function insertCtes(inserts: readonly Prisma.Sql[]): Prisma.Sql {
  return Prisma.join(
    inserts.map((s, i) => Prisma.sql`${Prisma.raw(`w${i}`)} AS (${s})`),
    ', ',
  );
}

export interface WriteScope<T extends SqlTx, E extends string> {
  /** The tenant transaction (RLS applies). */
  readonly tx: T;
  readonly tenantId: string;
  /** Who writes: the default actor of audit rows. */
  readonly actor: Actor;
  /** An audit row of this write (inserted before the commit). */
  audit(entry: AuditRecord, actor?: Actor): void;
  /** An outbox event of this write (inserted before the commit). */
  emit(type: E, data: unknown): void;
  /** A cache to invalidate after the commit (once per name, however often it is asked). */
  invalidate(what: Invalidation): void;
  /** Work after the commit (metrics, best-effort provider calls), in the order declared. */
  afterCommit(fn: () => void | Promise<void>): void;
  /**
   * Hands the collected audit rows and events, as INSERTs conditional on `when`, to a hot
   * path that folds them into a statement of its own (data-modifying CTEs); they are then
   * no longer pending. Order creation uses it to stay at its round trips (ADR 0002).
   */
  takeInserts(when?: Prisma.Sql): Prisma.Sql[];
}

class Scope<T extends SqlTx, E extends string> implements WriteScope<T, E> {
  private inserts: CollectedInsert[] = [];
  private lastAt = 0;
  readonly invalidations = new Set<Invalidation>();
  readonly after: Array<() => void | Promise<void>> = [];

  constructor(
    private readonly sinks: WriteSinks<E>,
    readonly tx: T,
    readonly tenantId: string,
    readonly actor: Actor,
  ) {}

  audit(entry: AuditRecord, actor: Actor = this.actor): void {
    this.inserts.push(this.sinks.audit(actor, entry, this.nextAt()));
  }

  emit(type: E, data: unknown): void {
    this.inserts.push(this.sinks.event(this.tenantId, type, data, this.nextAt()));
  }

  /**
   * The time of a declared row. Consumers read events in (created_at, id) order and the
   * audit log in (timestamp, id) order: a write's rows get strictly increasing times, so
   * they keep the order they were declared in even within one millisecond.
   */
  private nextAt(): string {
    this.lastAt = Math.max(Date.now(), this.lastAt + 1);
    return new Date(this.lastAt).toISOString();
  }

  invalidate(what: Invalidation): void {
    this.invalidations.add(what);
  }

  afterCommit(fn: () => void | Promise<void>): void {
    this.after.push(fn);
  }

  takeInserts(when: Prisma.Sql = TRUE): Prisma.Sql[] {
    const taken = this.inserts.map((build) => build(when));
    this.inserts = [];
    return taken;
  }

  /** The pending inserts in ONE statement (one round trip however many there are). */
  async flush(): Promise<void> {
    const sql = this.takeInserts();
    if (sql.length === 0) return;
    await this.tx.$executeRaw`WITH ${insertCtes(sql)} SELECT 1`;
  }

  async afterCommitted(ctx: AppContext): Promise<void> {
    for (const what of this.invalidations) await INVALIDATIONS[what](ctx, this.tenantId);
    for (const fn of this.after) await fn();
  }
}

export interface TenantWriter<E extends string> {
  /** A write of the actor's tenant through Prisma (withTenant). */
  write<R>(ctx: AppContext, actor: Actor, fn: (w: WriteScope<Tx, E>) => Promise<R>, opts?: TxOptions): Promise<R>;
  /** A write of the actor's tenant in raw SQL only (withTenantRaw: hot paths, ADR 0002). */
  writeRaw<R>(
    ctx: AppContext,
    actor: Actor,
    fn: (w: WriteScope<SqlTx, E>) => Promise<R>,
    opts?: { timeoutMs?: number },
  ): Promise<R>;
}

/** Runs fn in the transaction `open` starts; flushes before its commit, then the after-commit work. */
async function run<T extends SqlTx, E extends string, R>(
  ctx: AppContext,
  sinks: WriteSinks<E>,
  actor: Actor,
  fn: (w: WriteScope<T, E>) => Promise<R>,
  open: (body: (tx: T) => Promise<R>) => Promise<R>,
): Promise<R> {
  let scope: Scope<T, E> | undefined;
  const result = await open(async (tx) => {
    // A fresh scope per attempt: nothing collected by a rolled-back attempt survives.
    scope = new Scope(sinks, tx, actor.tenantId, actor);
    const r = await fn(scope);
    await scope.flush();
    return r;
  });
  await scope!.afterCommitted(ctx);
  return result;
}

/** The write path, bound to the audit and outbox INSERT builders. */
export function tenantWriter<E extends string>(sinks: WriteSinks<E>): TenantWriter<E> {
  return {
    write: (ctx, actor, fn, opts) =>
      run(ctx, sinks, actor, fn, (body) => withTenant(ctx.db, actor.tenantId, body, opts)),
    writeRaw: (ctx, actor, fn, opts) =>
      run(ctx, sinks, actor, fn, (body) => withTenantRaw(ctx.db, actor.tenantId, body, opts)),
  };
}
