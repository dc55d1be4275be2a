-- Roles. Applied by `npm run db:migrate` on every run (idempotent).
-- commerce_app: the API's login role. Not the owner of any table, no BYPASSRLS.
-- commerce_definer: NOLOGIN owner of the few SECURITY DEFINER look-up functions that must
-- find a row before a tenant is known (subdomain, API-key hash, refresh-token hash) and
-- of the workers' cross-tenant scans. It sees only what its own narrow policies allow.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'commerce_app') THEN
    BEGIN
      CREATE ROLE commerce_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- created concurrently
    END;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'commerce_definer') THEN
    BEGIN
      CREATE ROLE commerce_definer NOLOGIN NOSUPERUSER NOBYPASSRLS;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
  END IF;
END
$$;
-- Keep the role's attributes right even if somebody changed them by hand.
ALTER ROLE commerce_app NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
ALTER ROLE commerce_definer NOSUPERUSER NOBYPASSRLS;
-- The migrating role must be a member of commerce_definer to hand it the functions.
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'commerce_definer', 'MEMBER') THEN
    EXECUTE format('GRANT commerce_definer TO %I', current_user);
  END IF;
END
$$;
