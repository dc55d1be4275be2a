-- Carts and checkout (issue 15): guest and customer carts, guest orders, and the order's
-- part-2 fields (breakdown, shipping line, tax lines, billing address, e-mail, metadata).
-- Amounts are NUMERIC(15,3): three-decimal currencies (KWD) need their fils.
-- RLS for carts and cart_items: sql/rls/20_policies.sql.

-- Guest orders: no customer until the cart's e-mail registers (then they become theirs).
ALTER TABLE "orders" ALTER COLUMN "customer_id" DROP NOT NULL;
ALTER TABLE "orders"
  ADD COLUMN "subtotal" DECIMAL(15,3),
  ADD COLUMN "discount_total" DECIMAL(15,3) NOT NULL DEFAULT 0,
  ADD COLUMN "shipping_total" DECIMAL(15,3) NOT NULL DEFAULT 0,
  ADD COLUMN "tax_total" DECIMAL(15,3) NOT NULL DEFAULT 0,
  -- {name, amount, taxTotal} | null; amounts as the API's decimal strings.
  ADD COLUMN "shipping_line" JSONB,
  -- [{name, rate, amount}]
  ADD COLUMN "tax_lines" JSONB NOT NULL DEFAULT '[]',
  -- [{code|null, promotionId, amount}] (promotions issue)
  ADD COLUMN "discounts" JSONB NOT NULL DEFAULT '[]',
  ADD COLUMN "billing_address" JSONB,
  ADD COLUMN "metadata" JSONB NOT NULL DEFAULT '{}',
  -- The cart this order completed (unique: one order per cart, whatever the races).
  ADD COLUMN "cart_id" UUID;
-- Part-1 orders had no discounts, shipping or tax: their subtotal is their total.
UPDATE "orders" SET "subtotal" = "total_amount";
ALTER TABLE "orders" ALTER COLUMN "subtotal" SET NOT NULL;
CREATE UNIQUE INDEX "orders_cart_id_key" ON "orders" ("cart_id");
-- Guests' unpaid orders by e-mail (MAX_PENDING_ORDERS_PER_CUSTOMER) and guest orders to
-- attach when the e-mail registers.
CREATE INDEX "orders_guest_email_idx" ON "orders" ("tenant_id", "customer_email") WHERE "customer_id" IS NULL;

ALTER TABLE "order_items"
  ADD COLUMN "discount_total" DECIMAL(15,3) NOT NULL DEFAULT 0,
  ADD COLUMN "tax_total" DECIMAL(15,3) NOT NULL DEFAULT 0,
  ADD COLUMN "total" DECIMAL(15,3);
UPDATE "order_items" SET "total" = "line_total";
ALTER TABLE "order_items" ALTER COLUMN "total" SET NOT NULL;

CREATE TABLE "carts" (
  "id" UUID NOT NULL,
  "tenant_id" UUID NOT NULL,
  -- null: a guest cart (its random id is its only credential).
  "customer_id" UUID,
  "email" TEXT,
  "currency" CHAR(3) NOT NULL,
  "shipping_address" JSONB,
  "billing_address" JSONB,
  -- The chosen rate; a deleted rate drops the method.
  "shipping_rate_id" UUID,
  "discount_codes" TEXT[] NOT NULL DEFAULT '{}',
  "status" TEXT NOT NULL DEFAULT 'open',
  "order_id" UUID,
  "expires_at" TIMESTAMPTZ(3) NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "carts_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "carts_status_check" CHECK ("status" IN ('open', 'completed'))
);
ALTER TABLE "carts" ADD CONSTRAINT "carts_tenant_id_fkey"
  FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "carts" ADD CONSTRAINT "carts_customer_id_fkey"
  FOREIGN KEY ("customer_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "carts" ADD CONSTRAINT "carts_shipping_rate_id_fkey"
  FOREIGN KEY ("shipping_rate_id") REFERENCES "shipping_rates"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "carts" ADD CONSTRAINT "carts_order_id_fkey"
  FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "orders" ADD CONSTRAINT "orders_cart_id_fkey"
  FOREIGN KEY ("cart_id") REFERENCES "carts"("id") ON DELETE SET NULL ON UPDATE CASCADE;
-- Staff's list (newest first, by status) and the expiry worker (open carts by expiry).
CREATE INDEX "carts_tenant_id_created_at_id_idx" ON "carts" ("tenant_id", "created_at" DESC, "id" DESC);
CREATE INDEX "carts_tenant_id_status_created_at_id_idx" ON "carts" ("tenant_id", "status", "created_at" DESC, "id" DESC);
CREATE INDEX "carts_open_expires_at_idx" ON "carts" ("expires_at") WHERE "status" = 'open';
CREATE INDEX "carts_customer_id_idx" ON "carts" ("customer_id");

CREATE TABLE "cart_items" (
  "id" UUID NOT NULL,
  "tenant_id" UUID NOT NULL,
  "cart_id" UUID NOT NULL,
  "variant_id" UUID NOT NULL,
  "quantity" INTEGER NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "cart_items_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "cart_items_quantity_check" CHECK ("quantity" BETWEEN 1 AND 1000)
);
ALTER TABLE "cart_items" ADD CONSTRAINT "cart_items_cart_id_fkey"
  FOREIGN KEY ("cart_id") REFERENCES "carts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- A variant deleted from the catalog leaves the carts that held it.
ALTER TABLE "cart_items" ADD CONSTRAINT "cart_items_variant_id_fkey"
  FOREIGN KEY ("variant_id") REFERENCES "product_variants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- The same variant again adds to its line.
CREATE UNIQUE INDEX "cart_items_cart_id_variant_id_key" ON "cart_items" ("cart_id", "variant_id");
CREATE INDEX "cart_items_variant_id_idx" ON "cart_items" ("variant_id");
