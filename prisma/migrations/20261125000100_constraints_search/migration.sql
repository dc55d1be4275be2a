-- Hand-written: constraints and indexes Prisma's schema language cannot express.

-- Stock can never go negative, whatever the application does.
ALTER TABLE "inventory" ADD CONSTRAINT "inventory_quantity_nonnegative" CHECK ("quantity" >= 0);
ALTER TABLE "inventory" ADD CONSTRAINT "inventory_threshold_nonnegative" CHECK ("low_stock_threshold" >= 0);
ALTER TABLE "products" ADD CONSTRAINT "products_price_nonnegative" CHECK ("price" >= 0);
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_quantity_positive" CHECK ("quantity" > 0);

-- E-mails are stored lower-cased so uniqueness is case-insensitive.
ALTER TABLE "users" ADD CONSTRAINT "users_email_lowercase" CHECK ("email" = lower("email"));

-- Catalog search: trigram index over name, SKU and description (ILIKE '%q%' uses it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "products_search_trgm_idx" ON "products"
  USING gin ((lower("name" || ' ' || "sku" || ' ' || coalesce("description", ''))) gin_trgm_ops);

-- Outbox relay scans only undispatched events.
CREATE INDEX "outbox_events_pending_idx" ON "outbox_events" ("created_at") WHERE "dispatched_at" IS NULL;

-- Order expiry scans only PENDING orders.
CREATE INDEX "orders_pending_created_idx" ON "orders" ("created_at") WHERE "status" = 'PENDING';
