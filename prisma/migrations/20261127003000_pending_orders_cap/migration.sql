-- Unpaid orders per customer (issue 12, hardening): a CUSTOMER may hold at most
-- MAX_PENDING_ORDERS_PER_CUSTOMER orders in PENDING, so unpaid orders can't pin a store's stock.
--
-- The count is kept on the customer's row rather than counted per order: order creation
-- checks and raises it in its stock statement with one guarded UPDATE (the row lock makes
-- concurrent orders of one customer wait for each other, and the re-checked condition holds
-- the cap under concurrency), at O(1) however many orders the customer has; counting through
-- an index would read every pending entry (4 ms at 2,200 pending orders). Every order counts
-- (staff-created ones too); only customers' own orders are refused at the cap. Leaving
-- PENDING (paid, cancelled, expired) lowers it in the same transaction (setOrderStatus).
ALTER TABLE "users" ADD COLUMN "pending_orders" INTEGER NOT NULL DEFAULT 0;

-- The orders already pending when this runs.
UPDATE "users" u SET "pending_orders" = p."n"
  FROM (SELECT "customer_id", count(*)::int AS "n" FROM "orders" WHERE "status" = 'PENDING' GROUP BY "customer_id") p
  WHERE u."id" = p."customer_id";
