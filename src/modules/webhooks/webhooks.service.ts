// Merchant webhook endpoints: CRUD, secret rotation, delivery log and manual redelivery.
// Secrets are generated here, returned once, stored only encrypted (ctx.secretBox), and
// never written to audit rows or logs.
import type { Queue } from 'bullmq';
import type { AppContext } from '../../platform/app-context';
import type { Actor } from '../../platform/auth/types';
import { withTenant } from '../../platform/db/prisma';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors';
import type { Pagination } from '../../platform/http/validate';
import { assertPublicUrl, UrlRefusedError } from '../../platform/ssrf';
import { tenantWrite } from '../write-path';
import { createDeliveryQueue, enqueueNow, type DeliveryJobData } from './webhooks.queue';
import {
  deleteEndpoint,
  findDelivery,
  findEndpoint,
  insertEndpoint,
  listDeliveries,
  listEndpoints,
  markDeliveryDueNow,
  toDeliveryView,
  toEndpointView,
  updateEndpoint,
} from './webhooks.repository';
import type {
  CreateEndpointInput,
  DeliveryView,
  EndpointView,
  EndpointWithSecret,
  ListDeliveriesQuery,
  UpdateEndpointInput,
} from './webhooks.schemas';
import { generateSecret } from './webhooks.signing';

const RESOURCE = 'webhook_endpoint';

export class WebhooksService {
  private queue?: Queue<DeliveryJobData>;

  constructor(private readonly ctx: AppContext) {}

  /** Producer on the shared Redis client (closed with the context). */
  private deliveryQueue(): Queue<DeliveryJobData> {
    this.queue ??= createDeliveryQueue(this.ctx.redis, this.ctx.config);
    return this.queue;
  }

  private async checkUrl(url: string): Promise<string> {
    try {
      await assertPublicUrl(url, this.ctx.config.WEBHOOK_ALLOW_PRIVATE_URLS);
      return url;
    } catch (e) {
      if (e instanceof UrlRefusedError) {
        throw badRequest(`Webhook URL refused: ${e.reason}`, {
          issues: [{ path: 'url', message: e.reason, code: 'url_refused' }],
        });
      }
      throw e;
    }
  }

  async create(actor: Actor, input: CreateEndpointInput): Promise<EndpointWithSecret> {
    const url = await this.checkUrl(input.url);
    const secret = generateSecret();
    return tenantWrite(this.ctx, actor, async (w) => {
      const { tx } = w;
      const row = await insertEndpoint(tx, {
        tenantId: actor.tenantId,
        url,
        events: input.events,
        description: input.description ?? null,
        secretEnc: this.ctx.secretBox.encrypt(secret),
      });
      const view = toEndpointView(row);
      w.audit({ action: 'CREATE', resource: RESOURCE, resourceId: row.id, after: view });
      return { ...view, secret };
    });
  }

  async list(tenantId: string, p: Pagination): Promise<{ items: EndpointView[]; total: number }> {
    const { rows, total } = await withTenant(this.ctx.db, tenantId, (tx) => listEndpoints(tx, p));
    return { items: rows.map(toEndpointView), total };
  }

  async get(tenantId: string, id: string): Promise<EndpointView> {
    const row = await withTenant(this.ctx.db, tenantId, (tx) => findEndpoint(tx, id));
    if (!row) throw notFound('Webhook endpoint');
    return toEndpointView(row);
  }

  async update(actor: Actor, id: string, input: UpdateEndpointInput): Promise<EndpointView> {
    const url = input.url !== undefined ? await this.checkUrl(input.url) : undefined;
    return tenantWrite(this.ctx, actor, async (w) => {
      const { tx } = w;
      const before = await findEndpoint(tx, id, true);
      if (!before) throw notFound('Webhook endpoint');
      const reenable = input.disabled === false && before.disabled;
      const row = await updateEndpoint(tx, id, {
        url,
        events: input.events,
        description: input.description,
        disabled: input.disabled,
        ...(input.disabled === true && !before.disabled ? { disabledReason: 'disabled by a merchant' } : {}),
        ...(reenable ? { disabledReason: null, failingSince: null } : {}),
      });
      const after = toEndpointView(row);
      w.audit({
        action: 'UPDATE',
        resource: RESOURCE,
        resourceId: id,
        before: toEndpointView(before),
        after,
      });
      return after;
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await tenantWrite(this.ctx, actor, async (w) => {
      const { tx } = w;
      const before = await findEndpoint(tx, id, true);
      if (!before) throw notFound('Webhook endpoint');
      await deleteEndpoint(tx, id);
      w.audit({
        action: 'DELETE',
        resource: RESOURCE,
        resourceId: id,
        before: toEndpointView(before),
      });
    });
  }

  async rotateSecret(actor: Actor, id: string): Promise<EndpointWithSecret> {
    const secret = generateSecret();
    return tenantWrite(this.ctx, actor, async (w) => {
      const { tx } = w;
      const before = await findEndpoint(tx, id, true);
      if (!before) throw notFound('Webhook endpoint');
      const row = await updateEndpoint(tx, id, { secretEnc: this.ctx.secretBox.encrypt(secret) });
      const view = toEndpointView(row);
      w.audit({
        action: 'UPDATE',
        resource: RESOURCE,
        resourceId: id,
        before: { secretRotated: false },
        after: { secretRotated: true },
      });
      return { ...view, secret };
    });
  }

  async deliveries(
    tenantId: string,
    endpointId: string,
    q: ListDeliveriesQuery,
  ): Promise<{ items: DeliveryView[]; total: number }> {
    const { rows, total } = await withTenant(this.ctx.db, tenantId, async (tx) => {
      if (!(await findEndpoint(tx, endpointId))) throw notFound('Webhook endpoint');
      return listDeliveries(tx, endpointId, q);
    });
    return { items: rows.map(toDeliveryView), total };
  }

  /** Redeliver now: the delivery becomes PENDING and its job runs at once. */
  async retry(actor: Actor, deliveryId: string): Promise<DeliveryView> {
    const { view, endpointId } = await withTenant(this.ctx.db, actor.tenantId, async (tx) => {
      const d = await findDelivery(tx, deliveryId);
      if (!d) throw notFound('Webhook delivery');
      if (d.endpoint.disabled) {
        throw conflict('ENDPOINT_DISABLED', 'The endpoint is disabled; enable it before retrying', {
          endpointId: d.endpointId,
        });
      }
      return { view: toDeliveryView(await markDeliveryDueNow(tx, deliveryId)), endpointId: d.endpointId };
    });
    try {
      await enqueueNow(this.deliveryQueue(), { deliveryId, tenantId: actor.tenantId, endpointId });
    } catch (e) {
      this.ctx.logger.error({ err: e, deliveryId }, 'could not enqueue webhook redelivery');
      throw new AppError(503, 'SERVICE_UNAVAILABLE', 'Could not queue the redelivery; try again shortly');
    }
    return view;
  }
}
