// The write path of every module (ADR 0007): platform's tenantWriter bound to the audit
// log's and the outbox's INSERT builders. The one place that joins the two, so services
// import neither audit nor outbox writers: they declare w.audit(...) and w.emit(...).
import { tenantWriter, type WriteScope } from '../platform/db/tenant-write';
import type { SqlTx, Tx } from '../platform/db/prisma';
import { auditInsert } from './audit';
import { outboxEventInsert, type EventType } from './webhooks';

const writer = tenantWriter<EventType>({
  audit: auditInsert,
  event: outboxEventInsert,
});

/** A tenant write through Prisma: `tenantWrite(ctx, actor, async (w) => { ...w.tx...; w.audit(...) })`. */
export const tenantWrite = writer.write;
/** A tenant write in raw SQL only (hot paths, ADR 0002). */
export const tenantWriteRaw = writer.writeRaw;

/** The scope of a write through Prisma (what services pass to in-transaction helpers). */
export type Write = WriteScope<Tx, EventType>;
/** The scope of any write, Prisma or raw SQL (for helpers that use only raw SQL). */
export type AnyWrite = WriteScope<SqlTx, EventType>;
