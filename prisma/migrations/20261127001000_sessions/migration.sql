-- Sessions a user can end (issue 12, hardening): disabled users, the login time of a refresh
-- family (absolute lifetime, auth_time claim), single-use password-reset tokens. RLS policies
-- and the definer look-up for reset tokens are in sql/rls/.

-- AlterTable: an ADMIN can disable a user (no login, no refresh, tokens denied at once).
ALTER TABLE "users" ADD COLUMN "disabled" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable: the password step of the login that began the family, copied on every rotation
-- (the API always sets it; the default is the row's own creation). Existing families get the
-- creation time of their oldest token (rows are never deleted, so that is the family's login).
ALTER TABLE "refresh_tokens" ADD COLUMN "auth_time" TIMESTAMPTZ(3);
UPDATE "refresh_tokens" r SET "auth_time" = f."started"
  FROM (SELECT "family_id", min("created_at") AS "started" FROM "refresh_tokens" GROUP BY "family_id") f
  WHERE f."family_id" = r."family_id";
ALTER TABLE "refresh_tokens" ALTER COLUMN "auth_time" SET DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "refresh_tokens" ALTER COLUMN "auth_time" SET NOT NULL;

-- CreateIndex: logout-all, password change and disabling revoke every family of a user.
CREATE INDEX "refresh_tokens_tenant_id_user_id_idx" ON "refresh_tokens"("tenant_id", "user_id");

-- CreateTable
CREATE TABLE "password_reset_tokens" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "password_reset_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "password_reset_tokens_token_hash_key" ON "password_reset_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "password_reset_tokens_tenant_id_user_id_idx" ON "password_reset_tokens"("tenant_id", "user_id");

-- AddForeignKey
ALTER TABLE "password_reset_tokens" ADD CONSTRAINT "password_reset_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
