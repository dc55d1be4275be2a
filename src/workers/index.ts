// Background workers (BullMQ processors). Each factory starts one worker and returns a
// handle that closes it (finishing in-flight jobs). Domain issues add their workers here.
import type { AppContext } from '../platform/app-context';
import { startOrderExpiryWorker } from './order-expiry';
import { startOutboxRelay } from './outbox-relay';
import { startRefundsWorker } from './refunds';
import { startRetentionWorker } from './retention';
import { startWebhookDeliveryWorker } from './webhook-delivery';

export interface WorkerHandle {
  name: string;
  close(): Promise<void>;
}

export type WorkerFactory = (ctx: AppContext) => Promise<WorkerHandle>;

export const workerFactories: WorkerFactory[] = [
  startOrderExpiryWorker,
  (ctx) => startOutboxRelay(ctx),
  (ctx) => startWebhookDeliveryWorker(ctx),
  startRetentionWorker,
  startRefundsWorker,
];

export async function startWorkers(ctx: AppContext): Promise<WorkerHandle[]> {
  const handles: WorkerHandle[] = [];
  for (const f of workerFactories) handles.push(await f(ctx));
  return handles;
}

export async function closeWorkers(handles: WorkerHandle[]): Promise<void> {
  await Promise.allSettled(handles.map((h) => h.close()));
}
