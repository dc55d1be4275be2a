-- Delivery errors without addresses (issue 12 leftover): the delivery now stores only fixed
-- phrases in webhook_deliveries.last_error ("connection failed", "timeout", "status N",
-- "URL refused: <reason>", "endpoint disabled", "event not found"), which the merchant reads
-- in GET /webhook-endpoints/:id/deliveries. Rows written before held the socket's or the
-- receiver's own words: "connect ECONNREFUSED 10.0.3.7:443", "HTTP 503: <proxy error page>",
-- 'URL refused: host "x" resolves to ...', which map the internal network for anyone who
-- registers an endpoint. This rewrites them to the phrase the delivery would store today.
-- Idempotent: rows already in the new vocabulary are left alone.

-- The table is FORCE ROW LEVEL SECURITY (sql/rls/20_policies.sql): with no tenant set, a
-- migration role that is the owner but not a superuser would match no row. Lifted for this
-- statement only; sql/rls/ re-applies FORCE after every migration run anyway.
ALTER TABLE "webhook_deliveries" NO FORCE ROW LEVEL SECURITY;

UPDATE "webhook_deliveries"
SET "last_error" = CASE
    -- "HTTP 503" / "HTTP 503: <body>": the status only (the stored status code when there is one).
    WHEN "last_error" ~ '^HTTP [0-9]{3}'
      THEN 'status ' || COALESCE("last_status_code"::text, substring("last_error" FROM '^HTTP ([0-9]{3})'))
    WHEN "last_error" ~* '(timed out|ETIMEDOUT|ESOCKETTIMEDOUT)' THEN 'timeout'
    -- Refusals that named the host or its addresses become the one generic refusal (ssrf.ts NOT_PUBLIC).
    WHEN "last_error" LIKE 'URL refused: %' THEN 'URL refused: the host must resolve only to public addresses'
    ELSE 'connection failed'
  END
WHERE "last_error" IS NOT NULL
  AND "last_error" !~ '^(connection failed|timeout|status [0-9]{1,3}|endpoint disabled|event not found)$'
  AND "last_error" NOT IN (
    'URL refused: the host must resolve only to public addresses',
    'URL refused: not a valid absolute URL',
    'URL refused: scheme must be http or https',
    'URL refused: scheme must be https',
    'URL refused: credentials in the URL are not allowed',
    'URL refused: host is missing'
  );

ALTER TABLE "webhook_deliveries" FORCE ROW LEVEL SECURITY;
