-- After the sale (issue 17): fulfilments with tracking, refunds (pending until the provider
-- answers; the provider is called outside the transaction by a worker, with an idempotency key
-- derived from the refund id), returns. RLS: sql/rls/20_policies.sql.

-- What has been refunded of a payment. The refund's transaction raises it with
-- `WHERE refunded_amount + x <= amount` on the locked payment row, so concurrent refunds can
-- never together exceed what was paid; a failed refund gives its amount back.
ALTER TABLE "payments" ADD COLUMN "refunded_amount" DECIMAL(15,3) NOT NULL DEFAULT 0;
ALTER TABLE "payments" ADD CONSTRAINT "payments_refunded_amount_check"
  CHECK ("refunded_amount" >= 0 AND "refunded_amount" <= "amount");

CREATE TABLE "fulfillments" (
  "id" UUID NOT NULL,
  "tenant_id" UUID NOT NULL,
  "order_id" UUID NOT NULL,
  "status" TEXT NOT NULL DEFAULT 'shipped',
  "carrier" TEXT,
  "tracking_number" TEXT,
  "tracking_url" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "fulfillments_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "fulfillments_status_check" CHECK ("status" IN ('shipped', 'delivered', 'cancelled'))
);
CREATE INDEX "fulfillments_order_id_created_at_idx" ON "fulfillments" ("order_id", "created_at");

CREATE TABLE "fulfillment_items" (
  "id" UUID NOT NULL,
  "tenant_id" UUID NOT NULL,
  "fulfillment_id" UUID NOT NULL,
  "order_item_id" UUID NOT NULL,
  "quantity" INTEGER NOT NULL,
  CONSTRAINT "fulfillment_items_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "fulfillment_items_quantity_check" CHECK ("quantity" > 0)
);
CREATE INDEX "fulfillment_items_fulfillment_id_idx" ON "fulfillment_items" ("fulfillment_id");
CREATE INDEX "fulfillment_items_order_item_id_idx" ON "fulfillment_items" ("order_item_id");

CREATE TABLE "returns" (
  "id" UUID NOT NULL,
  "tenant_id" UUID NOT NULL,
  "order_id" UUID NOT NULL,
  "status" TEXT NOT NULL DEFAULT 'requested',
  "reason" TEXT,
  -- Set when received: whether the returned quantities went back on hand.
  "restock" BOOLEAN,
  "received_at" TIMESTAMPTZ(3),
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "returns_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "returns_status_check" CHECK ("status" IN ('requested', 'received'))
);
CREATE INDEX "returns_order_id_idx" ON "returns" ("order_id");
CREATE INDEX "returns_tenant_id_status_created_at_idx" ON "returns" ("tenant_id", "status", "created_at");

CREATE TABLE "return_items" (
  "id" UUID NOT NULL,
  "tenant_id" UUID NOT NULL,
  "return_id" UUID NOT NULL,
  "order_item_id" UUID NOT NULL,
  "quantity" INTEGER NOT NULL,
  CONSTRAINT "return_items_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "return_items_quantity_check" CHECK ("quantity" > 0)
);
CREATE INDEX "return_items_return_id_idx" ON "return_items" ("return_id");
CREATE INDEX "return_items_order_item_id_idx" ON "return_items" ("order_item_id");

CREATE TABLE "refunds" (
  "id" UUID NOT NULL,
  "tenant_id" UUID NOT NULL,
  "order_id" UUID NOT NULL,
  "payment_id" UUID NOT NULL,
  "return_id" UUID,
  "provider" TEXT NOT NULL,
  "amount" DECIMAL(15,3) NOT NULL,
  "currency" CHAR(3) NOT NULL,
  "status" TEXT NOT NULL DEFAULT 'pending',
  "shipping" BOOLEAN NOT NULL DEFAULT false,
  "reason" TEXT,
  "provider_refund_id" TEXT,
  "failure_reason" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "refunds_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "refunds_status_check" CHECK ("status" IN ('pending', 'succeeded', 'failed')),
  CONSTRAINT "refunds_amount_check" CHECK ("amount" > 0)
);
CREATE INDEX "refunds_order_id_created_at_idx" ON "refunds" ("order_id", "created_at");
-- The provider worker's look-up of refunds still to send (and the sweeper after a crash).
CREATE INDEX "refunds_status_created_at_idx" ON "refunds" ("status", "created_at");
CREATE UNIQUE INDEX "refunds_provider_refund_id_key" ON "refunds" ("provider_refund_id");

CREATE TABLE "refund_items" (
  "id" UUID NOT NULL,
  "tenant_id" UUID NOT NULL,
  "refund_id" UUID NOT NULL,
  "order_item_id" UUID NOT NULL,
  "quantity" INTEGER NOT NULL,
  "restock" BOOLEAN NOT NULL DEFAULT false,
  "amount" DECIMAL(15,3) NOT NULL,
  CONSTRAINT "refund_items_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "refund_items_quantity_check" CHECK ("quantity" > 0)
);
CREATE INDEX "refund_items_refund_id_idx" ON "refund_items" ("refund_id");
CREATE INDEX "refund_items_order_item_id_idx" ON "refund_items" ("order_item_id");

ALTER TABLE "fulfillments" ADD CONSTRAINT "fulfillments_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "fulfillments" ADD CONSTRAINT "fulfillments_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "fulfillment_items" ADD CONSTRAINT "fulfillment_items_fulfillment_id_fkey" FOREIGN KEY ("fulfillment_id") REFERENCES "fulfillments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "fulfillment_items" ADD CONSTRAINT "fulfillment_items_order_item_id_fkey" FOREIGN KEY ("order_item_id") REFERENCES "order_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "returns" ADD CONSTRAINT "returns_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "returns" ADD CONSTRAINT "returns_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "return_items" ADD CONSTRAINT "return_items_return_id_fkey" FOREIGN KEY ("return_id") REFERENCES "returns"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "return_items" ADD CONSTRAINT "return_items_order_item_id_fkey" FOREIGN KEY ("order_item_id") REFERENCES "order_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_return_id_fkey" FOREIGN KEY ("return_id") REFERENCES "returns"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "refund_items" ADD CONSTRAINT "refund_items_refund_id_fkey" FOREIGN KEY ("refund_id") REFERENCES "refunds"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "refund_items" ADD CONSTRAINT "refund_items_order_item_id_fkey" FOREIGN KEY ("order_item_id") REFERENCES "order_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;
