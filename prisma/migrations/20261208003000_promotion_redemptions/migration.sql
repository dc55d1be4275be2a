-- Promotion redemptions (issue 16): one row per (order, promotion) written in the order's own
-- statement. They are what perCustomerLimit counts (by the person's customer id or e-mail) and
-- what timesUsed shows for promotions without a usageLimit (those keep no counter, so an
-- unlimited automatic promotion is never a row every order has to lock). A cancelled or
-- expired order deletes its rows (and gives limited promotions their use back) in the
-- transaction that cancels it. RLS: sql/rls/20_policies.sql.

CREATE TABLE "promotion_redemptions" (
  "id" UUID NOT NULL,
  "tenant_id" UUID NOT NULL,
  "promotion_id" UUID NOT NULL,
  "order_id" UUID NOT NULL,
  "customer_id" UUID,
  -- The person's e-mail, trimmed and lower-cased: the account's for a customer, the cart's for
  -- a guest (so a guest using an account's e-mail counts as that customer).
  "email" TEXT,
  "amount" DECIMAL(15,3) NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "promotion_redemptions_pkey" PRIMARY KEY ("id")
);
ALTER TABLE "promotion_redemptions" ADD CONSTRAINT "promotion_redemptions_tenant_id_fkey"
  FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "promotion_redemptions" ADD CONSTRAINT "promotion_redemptions_promotion_id_fkey"
  FOREIGN KEY ("promotion_id") REFERENCES "promotions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "promotion_redemptions" ADD CONSTRAINT "promotion_redemptions_order_id_fkey"
  FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE UNIQUE INDEX "promotion_redemptions_order_id_promotion_id_key" ON "promotion_redemptions" ("order_id", "promotion_id");
-- perCustomerLimit: a person's uses of a promotion, by customer or by e-mail.
CREATE INDEX "promotion_redemptions_promotion_id_customer_id_idx" ON "promotion_redemptions" ("promotion_id", "customer_id");
CREATE INDEX "promotion_redemptions_promotion_id_email_idx" ON "promotion_redemptions" ("promotion_id", "email");
