// Generated from openapi.yaml by scripts/generate-clients.ts. Do not edit.
export interface paths {
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness */
    get: operations['health'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/ready': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Readiness (PostgreSQL and Redis) */
    get: operations['ready'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/metrics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Prometheus metrics (bearer METRICS_TOKEN when configured)
     * @description With METRICS_PORT set, served on that port (with /health and /ready) and not on the API's port, which answers 404.
     */
    get: operations['metrics'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/openapi.json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** This specification as JSON */
    get: operations['openapiSpec'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/docs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Interactive API reference */
    get: operations['docsPage'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tenants': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sign up a merchant (tenant, first ADMIN, API key shown once) */
    post: operations['createTenant'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/.well-known/jwks.json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Public keys that verify access tokens (RS256; current and previous key during a rotation)
     * @description Not under /api/v1 and not enveloped (RFC 7517 JWK Set). `kid` is the RFC 7638 thumbprint.
     */
    get: operations['getJwks'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/register': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Customer self sign-up (role CUSTOMER; the role cannot be chosen)
     * @description Needs tenant context through `X-Tenant` or Host `{subdomain}.{BASE_DOMAIN}`.
     */
    post: operations['registerCustomer'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Password login; users with MFA get a 5-minute mfaToken instead of tokens
     * @description Unknown e-mails and wrong passwords get the same 401. Failed logins are limited per (store, e-mail) and ×5 per client IP (`LOGIN_ATTEMPTS_PER_15MIN` in 15 minutes) → 429.
     */
    post: operations['login'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/mfa/verify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Second login step with a TOTP code or a recovery code → tokens with amr ["pwd","otp"]
     * @description A TOTP time-step is accepted once; each recovery code works once. Five wrong codes in a row lock verification for the user for 15 minutes (429, even with the right code).
     */
    post: operations['verifyMfa'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/refresh': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Rotate a refresh token (the old one is spent; reusing a spent one revokes its whole family)
     * @description A refresh family (session) lives at most `REFRESH_FAMILY_MAX_AGE` (default 90 days) from its login, however often it is refreshed; after that, or once the session was ended (logout, logout-all, password change or reset, MFA enrolment elsewhere) or the user was disabled, refreshing gets 401. The new access token keeps the session's `auth_time`.
     */
    post: operations['refreshTokens'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/logout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Revoke the session's refresh family and deny the access token until it expires */
    post: operations['logout'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/logout-all': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * End every session of the caller (this one included)
     * @description Every refresh family of the caller is revoked and every access token of those sessions is denied at once. An API key has no sessions (204, nothing changes). Audited.
     */
    post: operations['logoutAll'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/password': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Change the caller's password (recent login); every other session ends, this one is kept
     * @description Needs an access token whose `auth_time` is less than 15 minutes old, else 403 `REAUTHENTICATION_REQUIRED`. A wrong current password → 401 (counted by the login brute-force limit, 429 when exceeded). Audited (no password in the row).
     */
    post: operations['changePassword'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/password-reset': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Request a password reset (always 202, same body; the token goes to the store's webhooks)
     * @description Headless: the API sends no e-mail. When a user (customer or staff, not disabled) of the store has this e-mail, a single-use token valid 1 hour is issued (stored hashed) and the webhook event `customer.password_reset_requested` `{userId, email, token, expiresAt}` is emitted for the merchant's system to mail. The answer is the same, and as fast, whether or not the e-mail is known: the work happens after it. At most 5 tokens per (store, e-mail) per 15 minutes; further requests are accepted and dropped.
     */
    post: operations['requestPasswordReset'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/password-reset/confirm': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Set a new password with a reset token; every session of the user ends
     * @description The token is spent (with any other outstanding reset token of the user). A used, expired or unknown token → 400 `INVALID_TOKEN`. A disabled user stays disabled. MFA, if enrolled, is still required at the next login. Audited.
     */
    post: operations['confirmPasswordReset'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The caller (a user, or an API key) */
    get: operations['getMe'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/mfa/setup': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Start TOTP enrolment (pending until /auth/mfa/enable)
     * @description RFC 6238, SHA-1, 6 digits, 30 s. The secret is stored encrypted (AES-256-GCM). Needs a token whose `auth_time` is less than 15 minutes old (else 403 `REAUTHENTICATION_REQUIRED`).
     */
    post: operations['setupMfa'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/mfa/enable': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Confirm enrolment with a first code → 10 single-use recovery codes (shown once)
     * @description Ends every other session of the user (this one is kept). Needs a recent login (403 `REAUTHENTICATION_REQUIRED`).
     */
    post: operations['enableMfa'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/mfa/disable': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Turn MFA off with a current TOTP or a recovery code
     * @description Needs a recent login (403 `REAUTHENTICATION_REQUIRED`).
     */
    post: operations['disableMfa'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tenants/current': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The current tenant's settings (ADMIN, MERCHANT) */
    get: operations['getTenantSettings'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Change the current tenant's settings (ADMIN; audited)
     * @description Only the fields sent change; one audit row (resource `tenant`, action UPDATE) records the changed fields before and after. Sending the current values changes nothing. The change applies at once on the API process that served it and within 30 s on the others (their cached copy of the tenant expires).
     */
    patch: operations['updateTenantSettings'];
    trace?: never;
  };
  '/api/v1/tenants/current/api-keys/rotate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Issue a new secret API key (shown once) and revoke the old one at once (ADMIN) */
    post: operations['rotateApiKey'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/users': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the store's users (ADMIN) */
    get: operations['listUsers'];
    put?: never;
    /** Create a staff user (ADMIN) */
    post: operations['createStaffUser'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/users/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One user of the store (ADMIN); another store's user is 404 */
    get: operations['getUser'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Disable (or re-enable) a user, or move staff between ADMIN and MERCHANT (ADMIN)
     * @description `disabled: true` locks the user out at once: login and refresh are refused (401) and every access token of the user is denied (401) from the next request on; their sessions end. Re-enabling lets them log in again (old sessions stay ended). A role change also ends the user's sessions, so no token keeps the old role. A CUSTOMER's role cannot change (409 `ROLE_CHANGE_NOT_ALLOWED`). Disabling or demoting the store's last active ADMIN (the caller included) → 409 `LAST_ADMIN`. Audited with before/after.
     */
    patch: operations['updateUser'];
    trace?: never;
  };
  '/api/v1/customers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List the store's customers with their order count and spend (MERCHANT, ADMIN)
     * @description The users with role CUSTOMER, newest first (`createdAt` descending). `ordersCount` counts all their orders, any status; `totalSpent` sums the totals of their paid orders (PAID, FULFILLED, SHIPPED, COMPLETED, or any order whose payment was captured) minus refunded amounts, so a paid order cancelled and refunded counts 0 (one whose refund the provider has not confirmed yet counts until it does). `q` matches a case-insensitive substring of the e-mail or the name (a scan of the store's customers, not an index).
     */
    get: operations['listCustomers'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/customers/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * One customer with their order count and spend (MERCHANT, ADMIN)
     * @description 404 for a staff user's id and for another store's customer. The aggregates are those of the list.
     */
    get: operations['getCustomer'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/customers/me/addresses': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The signed-in customer's saved addresses (CUSTOMER)
     * @description Oldest first. A customer keeps at most 50 addresses, so the default page (`limit` 50) holds them all. Staff tokens and API keys get 403.
     */
    get: operations['listMyAddresses'];
    put?: never;
    /**
     * Save an address (CUSTOMER)
     * @description An Address plus optional `isDefaultShipping` / `isDefaultBilling`. Setting a default clears the previous default of that kind in the same transaction. A flag left out is `true` when the customer has no default of that kind yet, so the first address becomes the default shipping and billing address; send `false` to opt out. At most 50 addresses per customer (409 `TOO_MANY_ADDRESSES`). Audited (resource `customer_address`: the changed field names and flags, never the address itself).
     */
    post: operations['createMyAddress'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/customers/me/addresses/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Delete a saved address (CUSTOMER)
     * @description Deleting a default address leaves the customer without a default of that kind (no other address is promoted). Another customer's address id → 404.
     */
    delete: operations['deleteMyAddress'];
    options?: never;
    head?: never;
    /**
     * Change a saved address (CUSTOMER)
     * @description Any subset of the fields; `null` clears an optional field (firstName, lastName, company, line2, state, phone). `isDefaultShipping: true` (or billing) makes it the default and clears the previous one in the same transaction; `false` on the current default leaves the customer without one. Another customer's address id → 404.
     */
    patch: operations['updateMyAddress'];
    trace?: never;
  };
  '/api/v1/products': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List products (public storefront with X-Tenant, or any role)
     * @description Public callers (X-Tenant or Host) and CUSTOMERs only ever see active products
     *     (`isActive` is ignored for them). MERCHANT/ADMIN see all unless `isActive` is given.
     *     Served from a per-tenant Redis cache (TTL `CACHE_TTL`, default 300 s) that every catalog
     *     or inventory write of the tenant invalidates before its response is sent. If Redis is
     *     unavailable the list is read from PostgreSQL (still 200).
     */
    get: operations['listProducts'];
    put?: never;
    /**
     * Create a product with its inventory (MERCHANT, ADMIN)
     * @description Either the part-1 body (`sku`, `price`, `initialQuantity`, `lowStockThreshold`: one
     *     variant titled "Default") or `options` + `variants` (each names one declared value of
     *     every option; a repeated combination → 409 `VARIANT_CONFLICT`). `handle` is generated
     *     from the name when absent (numeric suffix on a clash); a given handle that is taken →
     *     409 `HANDLE_CONFLICT`. Unknown `categoryIds`/`collectionIds` → 400. `status` defaults
     *     to `active`. `metadata` is never shown to public or customer callers.
     *     `currency` is the tenant's. A SKU is unique across all variants of the tenant (409 `SKU_CONFLICT`). Price is a
     *     decimal string or a JSON number, 0 to 99,999,999.999, with at most the currency's ISO-4217
     *     minor digits (further digits must be zeros: "1500.00" JPY is 1500, "12.5" JPY or "12.345"
     *     USD → 400); amounts are shown with exactly those digits ("129.99", "1500", "1.250"). Writes the product, its audit row and
     *     the `product.created` event in one transaction. 503 if the cache cannot be invalidated
     *     (nothing is changed then).
     */
    post: operations['createProduct'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/products/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    /**
     * Get a product (public with X-Tenant, or any role)
     * @description 404 for another tenant's product, and for an inactive (deleted) product when the caller
     *     is public or a CUSTOMER. Served from the per-tenant Redis cache (one round trip).
     */
    get: operations['getProduct'];
    put?: never;
    post?: never;
    /**
     * Soft-delete a product (ADMIN; with MFA when the tenant requires it)
     * @description Sets `status: "archived"` (`isActive=false`; the product disappears from public and
     *     customer reads at once); emits `product.deleted`. Deleting an already archived product
     *     is a no-op 204.
     */
    delete: operations['deleteProduct'];
    options?: never;
    head?: never;
    /**
     * Partially update a product (MERCHANT, ADMIN)
     * @description Any of the create fields except stock (`initialQuantity`; use PATCH /inventory), plus
     *     `isActive` (re-activates a deleted product). `description` and `category` may be null.
     *     `sku`, `price` and `lowStockThreshold` change the FIRST variant (the one the top-level
     *     fields describe), also on a multi-variant product. `categoryIds`/`collectionIds` replace
     *     the memberships. `options` may add values and drop or reorder values no active variant
     *     uses; renaming, adding, removing or reordering options while active variants exist →
     *     409 `OPTIONS_IN_USE`.
     *     Emits `product.updated` (and `inventory.low_stock` if a new threshold makes it low).
     */
    patch: operations['updateProduct'];
    trace?: never;
  };
  '/api/v1/products/by-handle/{handle}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The product's handle (unique per tenant) */
        handle: string;
      };
      cookie?: never;
    };
    /**
     * Get a product by its handle (public with X-Tenant, or any role)
     * @description The same view and visibility as GET /products/{id}: public and CUSTOMER callers see only
     *     active products, never archived variants nor `metadata`. Cached per tenant; every
     *     catalog write (a handle change included) invalidates it before its response.
     */
    get: operations['getProductByHandle'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/products/{id}/variants': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Add a variant to a product (MERCHANT, ADMIN)
     * @description `optionValues` names exactly one declared value of every option of the product (400
     *     otherwise); another active variant with the same combination → 409 `VARIANT_CONFLICT`;
     *     a SKU taken by any variant of the tenant → 409 `SKU_CONFLICT`; at most 250 active
     *     variants. Returns the variant; emits `product.updated` with the whole product.
     */
    post: operations['createVariant'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/products/{id}/variants/{variantId}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
        variantId: string;
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Remove a variant (ADMIN; with MFA when the tenant requires it)
     * @description A variant that was ever ordered is archived (`status: "archived"`: order lines keep
     *     naming it; staff still see it), any other is deleted with its stock row. The last
     *     active variant of a product → 409 `LAST_VARIANT`. Emits `product.updated`.
     */
    delete: operations['deleteVariant'];
    options?: never;
    head?: never;
    /**
     * Partially update a variant (MERCHANT, ADMIN)
     * @description Stock moves through PATCH /inventory/variants/{variantId}; `lowStockThreshold` is set
     *     here (emits `inventory.low_stock` when it makes the variant low). `status: "archived"`
     *     on the last active variant → 409 `LAST_VARIANT`; re-activating an archived variant
     *     checks its option values against today's options and active combinations.
     */
    patch: operations['updateVariant'];
    trace?: never;
  };
  '/api/v1/categories': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List categories (public storefront with X-Tenant, or any role)
     * @description Without `parentId` or `handle`: the whole tree in depth-first order, a parent before
     *     its children and siblings by `position`, then `name`, then id (`meta.total` counts every
     *     category). `?parentId=<id>`: that category's direct children; `?parentId=null`: the
     *     roots; `?handle=`: the one category with that handle (or none). Filtered lists are in
     *     sibling order (position, name, id).
     */
    get: operations['listCategories'];
    put?: never;
    /**
     * Create a category (MERCHANT, ADMIN)
     * @description `handle` is unique per tenant among categories (409 `HANDLE_CONFLICT`); without one it is
     *     generated from `name` (lower case, runs of other characters become one `-`, then `-2`,
     *     `-3`, … while taken). `parentId` must name a category of the store (400
     *     `VALIDATION_ERROR` on `parentId` otherwise); without it the category is a root.
     *     `position` defaults to after the parent's last child. Category writes of a store are
     *     serialized (one at a time), so handle generation and the cycle check cannot race. Writes
     *     the category and its audit row (resource `category`) in one transaction and invalidates
     *     the store's product cache (product views show `categoryIds`). No webhook event.
     */
    post: operations['createCategory'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/categories/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    /**
     * Get a category (public with X-Tenant, or any role)
     * @description 404 for another store's category.
     */
    get: operations['getCategory'];
    put?: never;
    post?: never;
    /**
     * Delete a category (ADMIN; with MFA when the tenant requires it)
     * @description Its children move up to its parent (children of a root become roots), keeping their
     *     positions, in the same transaction; each moved child gets an audit row. Products stay:
     *     only their membership in this category is removed (their `categoryIds` no longer list
     *     it; the product cache is invalidated).
     */
    delete: operations['deleteCategory'];
    options?: never;
    head?: never;
    /**
     * Partially update or move a category (MERCHANT, ADMIN)
     * @description Any of `name`, `handle`, `parentId` (null makes it a root), `position`, `description`.
     *     A new parent that is the category itself or one of its descendants (at any depth) → 409
     *     `CATEGORY_CYCLE`; an unknown parent → 400. Changing `name` keeps the handle; a move keeps
     *     `position` unless the body gives one. Moves are
     *     serialized per store, so two crossing moves (A under B, B under A) at once never both
     *     succeed: the second sees the first and gets 409.
     */
    patch: operations['updateCategory'];
    trace?: never;
  };
  '/api/v1/collections': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List collections (public storefront with X-Tenant, or any role)
     * @description By `title`, then id. `?handle=` gives the one collection with that handle (or none).
     */
    get: operations['listCollections'];
    put?: never;
    /**
     * Create a manual collection (MERCHANT, ADMIN)
     * @description `handle` is unique per tenant among collections (409 `HANDLE_CONFLICT`); without one it
     *     is generated from `title` as for categories. Products join it through `collectionIds`
     *     on product create and update. Writes the collection and its audit row (resource
     *     `collection`) and invalidates the store's product cache. No webhook event.
     */
    post: operations['createCollection'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/collections/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    /**
     * Get a collection (public with X-Tenant, or any role)
     * @description 404 for another store's collection.
     */
    get: operations['getCollection'];
    put?: never;
    post?: never;
    /**
     * Delete a collection (ADMIN; with MFA when the tenant requires it)
     * @description Products stay: only their membership in this collection is removed (their
     *     `collectionIds` no longer list it; the product cache is invalidated).
     */
    delete: operations['deleteCollection'];
    options?: never;
    head?: never;
    /**
     * Partially update a collection (MERCHANT, ADMIN)
     * @description Any of `title`, `handle`, `description`. Changing `title` keeps the handle.
     */
    patch: operations['updateCollection'];
    trace?: never;
  };
  '/api/v1/inventory': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Stock levels of active variants of active products, lowest available first (MERCHANT, ADMIN)
     * @description One row per variant: `onHand` (physical), `reserved` (held by unfulfilled orders),
     *     `available = onHand − reserved` (what can be sold; part 1's `quantity`), `threshold`,
     *     `lowStock` (available ≤ threshold).
     */
    get: operations['listInventory'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/inventory/variants/{variantId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Add to, take from or set a variant's available stock; set its threshold (MERCHANT, ADMIN)
     * @description The part-1 body on one variant: `quantity` and `delta` mean **available** (`onHand`
     *     moves with them, `reserved` does not). `delta` is one guarded UPDATE (never below
     *     zero, never lost under concurrency); past available → 409 `INSUFFICIENT_STOCK`
     *     `{productId, variantId, requested, available}` and nothing changes. A change that takes
     *     the variant from above its threshold to at or below it emits `inventory.low_stock`
     *     with `{productId, variantId, sku, name, variantTitle, quantity, available, threshold}`
     *     (`quantity` is part 1's name of `available`); orders that make a variant low emit it too.
     */
    patch: operations['updateVariantInventory'];
    trace?: never;
  };
  '/api/v1/inventory/{productId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Add to, take from or set a one-variant product's stock; set its threshold (MERCHANT, ADMIN)
     * @description Part 1's route: the product's only active variant (a product with several → 409
     *     `VARIANT_REQUIRED` `{productId, variants}`; use /inventory/variants/{variantId}).
     *     `quantity` and `delta` mean **available**: `onHand` moves with them, `reserved` does
     *     not. `delta` is applied atomically (one guarded UPDATE), so concurrent changes never
     *     get lost; a result below zero → 409 `INSUFFICIENT_STOCK` with `{productId, requested,
     *     available}` and nothing changes. `quantity` sets an absolute available. Send `delta`
     *     or `quantity` (not both), and/or `threshold`. A change that takes the variant from
     *     above its threshold to at or below it emits `inventory.low_stock`.
     */
    patch: operations['updateInventory'];
    trace?: never;
  };
  '/api/v1/audit-logs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The tenant's append-only audit log, newest first (ADMIN)
     * @description One row per mutation of business data, written in the mutation's own transaction.
     *     `userId` is the acting user's id, or the API key's id when a key acted. Secrets never
     *     appear in `changes`. Read-only, so an ADMIN token without MFA may call it.
     */
    get: operations['listAuditLogs'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/orders': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List orders (customers see only their own), newest first */
    get: operations['listOrders'];
    put?: never;
    /**
     * Create an order (stock reserved atomically; never oversold)
     * @description CUSTOMER orders for themselves; MERCHANT/ADMIN pass `customerId` (a customer of the
     *     store). A line names a variant (`variantId`), or (part 1) a product with one active
     *     variant (`productId`; a product with several → 400 `VARIANT_REQUIRED`); both may be
     *     given when they agree. Lines are distinct by variant. In one transaction: every
     *     line's quantity moves from the variant's `available` to `reserved` (guarded, rows
     *     locked in variant-id order), each line snapshots `variantId, sku, name, variantTitle,
     *     optionValues, unitPrice`, totals are computed exactly in minor units, the order, its
     *     items, the `order.created` event and the audit row are written. Any line short → 409
     *     `INSUFFICIENT_STOCK` and nothing changes. An archived variant, or a variant of a
     *     product that is not active → 409 `VARIANT_UNAVAILABLE`; a product that is not active
     *     ordered by `productId` → 400 (as in part 1). Cancelling an unfulfilled order gives the
     *     quantities back to `available`; the FULFILLED transition takes them off `onHand` and
     *     `reserved`.
     *
     *     A CUSTOMER holds at most `MAX_PENDING_ORDERS_PER_CUSTOMER` (default 5) unpaid
     *     (`PENDING`) orders, whoever created them: past it → 409 `TOO_MANY_PENDING_ORDERS`
     *     `{maxPendingOrders}` and nothing changes (pay or cancel an order first; the cap holds
     *     under concurrent requests). Orders created by MERCHANT/ADMIN are not capped. A replay
     *     of a stored Idempotency-Key response is never refused by the cap.
     *
     *     `Idempotency-Key` (Stripe semantics, scoped to the store and the caller): the first
     *     successful response is stored with the order; the same key and body within 24 h
     *     replays it (same status and body, header `Idempotent-Replayed: true`); the same key
     *     with another body → 422 `IDEMPOTENCY_KEY_REUSED`; concurrent requests with one key
     *     create one order. Failed requests store nothing.
     */
    post: operations['createOrder'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/orders/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    /** One order (another customer's order, or another store's, is 404) */
    get: operations['getOrder'];
    put?: never;
    post?: never;
    /**
     * Cancel an order (reserved stock released; a PAID order is refunded through its provider)
     * @description Owner CUSTOMER: PENDING orders (a PAID one → 403). MERCHANT/ADMIN: PENDING or PAID.
     *     The order's quantities move back from `reserved` to `available`; a partially fulfilled
     *     PAID order releases only what is still unfulfilled (shipped goods come back through
     *     returns; its fulfilments stay as they are). Later states → 409
     *     `INVALID_STATUS_TRANSITION`. An unpaid Stripe intent is cancelled
     *     at Stripe. A PAID order's payment (what was not refunded yet) is refunded through the
     *     refunds path: a refund is recorded in the cancellation's transaction (`pending`, or
     *     `succeeded` at once with the manual provider) and sent to Stripe after the commit, so
     *     the refund may complete after the response (`GET /orders/{id}/refunds`; the payment
     *     becomes REFUNDED when it succeeds). Emits `order.status_changed`, `order.cancelled`,
     *     `order.refunded` (and `payment.refunded` once the refund succeeded).
     */
    delete: operations['cancelOrder'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/orders/{id}/status': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Move an order along its state machine (MERCHANT, ADMIN)
     * @description Allowed: PENDING→PAID (only through a payment), PENDING→CANCELLED, PAID→FULFILLED,
     *     PAID→CANCELLED (refunds; reserved stock released), FULFILLED→SHIPPED, SHIPPED→COMPLETED.
     *     PAID→FULFILLED takes the order's quantities off `onHand` and `reserved` (available does
     *     not change), except what fulfilments already shipped (and refunds settled): after a
     *     partial fulfilment it ships only the rest. Anything else → 409
     *     `INVALID_STATUS_TRANSITION` `{from, to}`. Documented exception: with the `manual`
     *     payment provider (no `STRIPE_SECRET_KEY`), `{status: "PAID"}` records a manual
     *     Payment with status PAID; with Stripe configured it is 409 (only Stripe's webhook
     *     pays). Every change emits `order.status_changed` (data: the order plus
     *     `previousStatus`), and `order.paid` / `order.cancelled` where they apply.
     */
    patch: operations['changeOrderStatus'];
    trace?: never;
  };
  '/api/v1/orders/{id}/refunds': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    /**
     * An order's refunds, oldest first (staff; the order's customer)
     * @description Another customer's order, or another store's, is 404.
     */
    get: operations['listRefunds'];
    put?: never;
    /**
     * Refund part (or all) of a paid order (MERCHANT, ADMIN)
     * @description Only an order with a paid payment (else 409 `ORDER_NOT_PAID` `{status}`). Without
     *     `amount`, the refund is the listed lines' share of what was paid — per line, the line's
     *     `total` (its tax and discount shares included) × quantity ÷ ordered, in exact minor
     *     units, the last units of a line taking the remainder, so refunding every unit of every
     *     line (in any number of refunds) plus the shipping adds up to the order total exactly —
     *     plus, with `shipping: true`, the shipping line's total incl. its tax (once per order,
     *     else 409 `SHIPPING_ALREADY_REFUNDED`). With `amount`: that amount (> 0, in the
     *     currency's digits). Total refunded ≤ total paid (409 `REFUND_EXCEEDS_PAYMENT`
     *     `{requested, refundable, currency}`), enforced on the payment row under concurrency;
     *     a line's quantity ≤ ordered − already refunded (refunds not failed), else 409
     *     `REFUND_EXCEEDS_ORDER` `{orderItemId, requested, refundable}`. Unshipped units are
     *     refunded first: with `restock` they leave `reserved` (available rises), without it
     *     they are written off (off `reserved` and `onHand`); shipped units with `restock` go
     *     back on hand. `returnId` must be a return of the order (else 404). The order's
     *     `paymentStatus` becomes `partially_refunded` / `refunded` at once (pending refunds
     *     count; a failed one gives its amount back). With Stripe the refund is `pending` and
     *     sent to Stripe after the commit (`refunds.create` with the amount in Stripe's minor
     *     units and the idempotency key `refund-<refundId>`); its `status` then moves to
     *     `succeeded` or `failed` (by the answer, `charge.refunded` or `refund.updated`). The
     *     manual provider's refund is `succeeded` at once. `Idempotency-Key` is honoured as for
     *     orders: a replay answers the stored response and makes no second refund nor provider
     *     call. Emits `order.refunded` (data: the Order plus `refund`); audited.
     */
    post: operations['createRefund'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/orders/{id}/fulfillments': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    /**
     * An order's fulfilments, oldest first, with tracking (staff; the order's customer)
     * @description Another customer's order, or another store's, is 404.
     */
    get: operations['listFulfillments'];
    put?: never;
    /**
     * Ship part (or all) of a paid order, with tracking (MERCHANT, ADMIN)
     * @description Only a PAID order (else 409 `ORDER_NOT_PAID` `{status}`; an order already FULFILLED,
     *     SHIPPED or COMPLETED has nothing left: 409 `FULFILLMENT_EXCEEDS_ORDER`). Each line's
     *     quantity ≤ ordered − fulfilled (fulfilments not cancelled) − refunded (refunds not
     *     failed; they take unshipped units first), else 409 `FULFILLMENT_EXCEEDS_ORDER` `{orderItemId, requested, remaining}`;
     *     concurrent fulfilments of one order are serialised on the order, so together they never
     *     exceed it. An `orderItemId` that is not a line of the order → 400. The quantities come
     *     off `onHand` and `reserved` together (available does not change). The order's
     *     `fulfillmentStatus` follows (`partially_fulfilled`, `fulfilled`); when every line is
     *     shipped the order becomes FULFILLED (`order.status_changed`), and a later
     *     `PATCH /orders/{id}/status` does not take the stock again. Emits `order.fulfilled`
     *     (data: the Order plus `fulfillment`, with its tracking); audited.
     */
    post: operations['createFulfillment'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/orders/{id}/fulfillments/{fid}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
        fid: string;
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Mark a fulfilment delivered or cancel it; change its tracking (MERCHANT, ADMIN)
     * @description shipped → delivered or cancelled; delivered stays delivered (its tracking may change);
     *     delivered → cancelled and anything from cancelled → 409 `INVALID_STATUS_TRANSITION`
     *     `{from, to}`. Cancelling puts its quantities back into `onHand` and `reserved` and its
     *     items count as unfulfilled again (`fulfillmentStatus` follows; an order its
     *     fulfilments had made FULFILLED is PAID again, with `order.status_changed`). It is
     *     refused with 409 `FULFILLMENT_NOT_CANCELLABLE` `{orderStatus}` once the order is
     *     SHIPPED, COMPLETED, CANCELLED, or FULFILLED by `PATCH /orders/{id}/status`, and when
     *     items of it were returned or shipped units of its lines refunded. Audited.
     */
    patch: operations['updateFulfillment'];
    trace?: never;
  };
  '/api/v1/orders/{id}/returns': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    /**
     * An order's returns, oldest first (staff; the order's customer)
     * @description Another customer's order, or another store's, is 404.
     */
    get: operations['listOrderReturns'];
    put?: never;
    /**
     * Ask to return fulfilled items (the order's CUSTOMER, MERCHANT, ADMIN)
     * @description Only fulfilled items: each line's quantity ≤ fulfilled − already returned (an order
     *     FULFILLED, SHIPPED or COMPLETED counts every line as fulfilled), else 409
     *     `RETURN_EXCEEDS_FULFILLED` `{orderItemId, requested, returnable}`; concurrent returns of
     *     one order are serialised on the order. Another customer's order is 404. Emits
     *     `return.requested` (data: the Return); audited.
     */
    post: operations['createReturn'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/returns': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The store's returns, newest first, optionally by status (MERCHANT, ADMIN) */
    get: operations['listReturns'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/returns/{id}/receive': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Record a return as received, restocking or not (MERCHANT, ADMIN)
     * @description `restock: true` adds the returned quantities back to `onHand` (available rises);
     *     false leaves stock alone (damaged goods). A return is received once: a second receive
     *     → 409 `RETURN_ALREADY_RECEIVED`. A refund may then name it (`returnId`). Emits
     *     `return.received` (data: the Return); audited.
     */
    post: operations['receiveReturn'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/payments/intents': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Start paying an order (the order's CUSTOMER, MERCHANT, ADMIN)
     * @description `stripe` provider: creates a Stripe PaymentIntent for the order total in Stripe's own
     *     minor units (exact): ×1 for Stripe's zero-decimal currencies (BIF CLP DJF GNF JPY KMF
     *     KRW MGA PYG RWF UGX VND VUV XAF XOF XPF), ×1000 for BHD JOD KWD OMR TND (a multiple of
     *     10), ×100 for every other currency, including COP, IDR, HUF, ISK (whole krónur only)
     *     and others whose amounts this API shows without decimals. Lower-case currency,
     *     `metadata[orderId]` and `metadata[tenantId]`, with an idempotency key derived from
     *     the order. One payment per order: repeat calls return the same intent (200).
     *     A total Stripe cannot charge exactly → 409 AMOUNT_NOT_REPRESENTABLE (with either
     *     provider), nothing created.
     *     `manual` provider: records a pending manual payment (`clientSecret` null); the
     *     merchant then marks the order PAID. Only PENDING orders can be paid (else 409).
     */
    post: operations['createPaymentIntent'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhooks/stripe': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Stripe events (signature-verified over the raw body)
     * @description `Stripe-Signature` is verified with `STRIPE_WEBHOOK_SECRET` (bad, missing or no
     *     secret configured → 400, nothing changes). Each event id is applied once, in the
     *     same transaction as its effect (a replay → 200 `result: duplicate`).
     *     `payment_intent.succeeded` → payment PAID and order PAID (only from PENDING; the
     *     amount must equal the intent's, in Stripe's minor units; a mismatch of amount or
     *     currency is logged and not applied, 200 `result: mismatch`; a payment for a CANCELLED
     *     order is refunded); `payment_intent.payment_failed` → payment FAILED;
     *     `charge.refunded` → the payment's pending refunds its `amount_refunded` covers become
     *     `succeeded` (oldest first), and the payment REFUNDED only when `amount_refunded` equals
     *     the amount paid; `refund.updated` → the refund it names (Stripe's id, or our
     *     `metadata.refundId`) becomes `succeeded` or `failed` (a failed refund's amount can be
     *     refunded again). Whichever of the worker's answer and the webhooks comes first settles
     *     a refund; later ones change nothing. Other types → 200 `result: ignored`.
     */
    post: operations['stripeWebhook'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhook-endpoints': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List webhook endpoints (newest first; never the secret) */
    get: operations['listWebhookEndpoints'];
    put?: never;
    /**
     * Register a webhook endpoint (secret shown once)
     * @description The URL must be https to a public address (private, loopback, link-local, CGNAT,
     *     multicast and their IPv6 forms are refused) unless the server runs with
     *     WEBHOOK_ALLOW_PRIVATE_URLS=true. The host is resolved and every address checked,
     *     here and again on every delivery; redirects are not followed. Every address-based
     *     refusal (a non-public IP, a name resolving to one, a name that does not resolve) is the
     *     same 400 VALIDATION_ERROR, `Webhook URL refused: the host must resolve only to public
     *     addresses` (issue code `url_refused`), and never names an address.
     */
    post: operations['createWebhookEndpoint'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhook-endpoints/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    /** Get a webhook endpoint (never the secret) */
    get: operations['getWebhookEndpoint'];
    put?: never;
    post?: never;
    /** Delete a webhook endpoint and its delivery log */
    delete: operations['deleteWebhookEndpoint'];
    options?: never;
    head?: never;
    /**
     * Change url, events, description or disabled
     * @description A new URL is checked like on create. Re-enabling clears `disabledReason` and the failure run.
     */
    patch: operations['updateWebhookEndpoint'];
    trace?: never;
  };
  '/api/v1/webhook-endpoints/{id}/rotate-secret': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Replace the signing secret (the new one is shown once; the old one stops at once) */
    post: operations['rotateWebhookSecret'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhook-endpoints/{id}/deliveries': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    /** The endpoint's delivery log (newest first) */
    get: operations['listWebhookDeliveries'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhook-deliveries/{id}/retry': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Redeliver now (same webhook-id; a pending scheduled retry runs at once) */
    post: operations['retryWebhookDelivery'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/shipping-zones': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List shipping zones with their countries and rates (by name; MERCHANT, ADMIN, API keys) */
    get: operations['listShippingZones'];
    put?: never;
    /**
     * Create a zone with its countries and rates (MERCHANT, ADMIN)
     * @description A country belongs to at most one zone of the tenant (409 `ZONE_CONFLICT`), also when two
     *     writes race. A rate is eligible for a cart subtotal in `[minSubtotal, maxSubtotal)`
     *     (`minSubtotal` < `maxSubtotal` when both are given); `freeAbove` makes it 0 at or
     *     above that subtotal. Rates keep the order given.
     */
    post: operations['createShippingZone'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/shipping-zones/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    /** Get a shipping zone (MERCHANT, ADMIN, API keys) */
    get: operations['getShippingZone'];
    put?: never;
    post?: never;
    /** Delete a zone with its countries and rates (MERCHANT, ADMIN) */
    delete: operations['deleteShippingZone'];
    options?: never;
    head?: never;
    /**
     * Change name, countries or rates (MERCHANT, ADMIN)
     * @description `countries` and `rates`, when given, replace the zone's. A rate sent with its `id` (one of
     *     this zone's rates, else 400) keeps that id; rates left out are deleted; rates without an
     *     id are new.
     */
    patch: operations['updateShippingZone'];
    trace?: never;
  };
  '/api/v1/tax-rates': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List tax rates (by country, country-wide first, then state; MERCHANT, ADMIN, API keys) */
    get: operations['listTaxRates'];
    put?: never;
    /**
     * Create a tax rate for a country, or a state of it (MERCHANT, ADMIN)
     * @description `rate` is a percentage 0–100 with at most three decimals ("8.875" = 8.875 %). `state`
     *     null (or absent) is the country-wide rate; a state is stored trimmed and upper-cased.
     *     The rate for an address is its (country, state) row if present, else its (country,
     *     null) row, else 0. One rate per (country, state) of the tenant (409 `TAX_RATE_CONFLICT`).
     */
    post: operations['createTaxRate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tax-rates/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Delete a tax rate (MERCHANT, ADMIN) */
    delete: operations['deleteTaxRate'];
    options?: never;
    head?: never;
    /** Change a tax rate (MERCHANT, ADMIN) */
    patch: operations['updateTaxRate'];
    trace?: never;
  };
  '/api/v1/carts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List the tenant's carts, newest first (MERCHANT, ADMIN, API keys)
     * @description Abandoned-cart views: every cart re-priced against live prices, rates and tax.
     */
    get: operations['listCarts'];
    put?: never;
    /**
     * Create a cart (public with X-Tenant, or a CUSTOMER)
     * @description A guest cart (no credentials) is reachable by its random id only; a CUSTOMER's cart is bound
     *     to them. Items of one variant add up; each line's quantity must be available
     *     (409 `INSUFFICIENT_STOCK`). Staff and API keys cannot create carts (403).
     */
    post: operations['createCart'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/carts/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    /**
     * Get a cart, re-priced against live data (holder, or staff)
     * @description A customer's cart only for that customer; a guest cart for anyone presenting its id. Anyone else gets 404. Staff (MERCHANT, ADMIN)
     *     may read any cart. A completed cart shows its `orderId`.
     */
    get: operations['getCart'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Set the cart's e-mail and addresses (holder)
     * @description A customer's cart only for that customer; a guest cart for anyone presenting its id. Anyone else gets 404.
     *     The e-mail is stored trimmed and lower-cased. A changed shipping address drops a shipping
     *     method that is no longer eligible for it.
     */
    patch: operations['updateCart'];
    trace?: never;
  };
  '/api/v1/carts/{id}/items': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Add a variant to the cart (holder)
     * @description A customer's cart only for that customer; a guest cart for anyone presenting its id. Anyone else gets 404.
     *     The same variant again adds to its line; the resulting quantity must be available
     *     (409 `INSUFFICIENT_STOCK`). A productId names a one-variant product (400 `VARIANT_REQUIRED` otherwise).
     */
    post: operations['addCartItem'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/carts/{id}/items/{itemId}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
        itemId: string;
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Remove a line (holder)
     * @description A customer's cart only for that customer; a guest cart for anyone presenting its id. Anyone else gets 404.
     */
    delete: operations['removeCartItem'];
    options?: never;
    head?: never;
    /**
     * Change a line's quantity; 0 removes it (holder)
     * @description A customer's cart only for that customer; a guest cart for anyone presenting its id. Anyone else gets 404.
     *     A larger quantity must be available (409 `INSUFFICIENT_STOCK`).
     */
    patch: operations['updateCartItem'];
    trace?: never;
  };
  '/api/v1/carts/{id}/shipping-rates': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    /**
     * The shipping rates this cart may choose (holder, or staff)
     * @description The rates of the zone covering the shipping address whose `[minSubtotal, maxSubtotal)` holds the
     *     cart's subtotal, each with its effective amount (0 from `freeAbove` on). Empty when no zone
     *     covers the address.
     */
    get: operations['listCartShippingRates'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/carts/{id}/shipping-method': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Choose a shipping rate (holder)
     * @description A customer's cart only for that customer; a guest cart for anyone presenting its id. Anyone else gets 404.
     *     The rate must be eligible for the cart (409 `SHIPPING_RATE_UNAVAILABLE`).
     */
    post: operations['setCartShippingMethod'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/carts/{id}/discount-codes': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Apply a discount code (holder)
     * @description A customer's cart only for that customer; a guest cart for anyone presenting its id. Anyone else gets 404.
     *     Codes are case-insensitive; an unknown, expired, exhausted or inapplicable code is refused
     *     with 409 `DISCOUNT_CODE_INVALID` and a `reason` in details (`not_found`, `disabled`,
     *     `not_started`, `expired`, `exhausted`, `limit_reached` — the buyer's perCustomerLimit —,
     *     `min_subtotal`, `not_applicable`, `not_combinable`). An applied code stays on the cart; when it
     *     later stops applying (dates, minimum, limits) it drops out of the totals and
     *     `discountCodeDetails` says why. The same code again changes nothing.
     */
    post: operations['addCartDiscountCode'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/carts/{id}/discount-codes/{code}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
        code: string;
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Remove a discount code from the cart (holder)
     * @description A customer's cart only for that customer; a guest cart for anyone presenting its id. Anyone else gets 404. A code the cart does not hold → 404.
     */
    delete: operations['removeCartDiscountCode'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/carts/{id}/complete': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Complete the cart into a PENDING order (holder)
     * @description Needs items, an e-mail (or a customer's cart) and a shipping address; a shipping method
     *     when any zone covers the address. In ONE transaction the cart is locked (FOR UPDATE),
     *     re-priced against live prices, rates, tax and promotions, its stock re-checked and reserved,
     *     a use of each applied promotion with a usageLimit claimed (`times_used < usage_limit`, so K
     *     uses left give exactly K orders), and the PENDING order written with its discounts, outbox
     *     event and audit row; the cart becomes completed. A code on the cart that no longer applies
     *     (used up, expired, the buyer's perCustomerLimit reached, …) refuses the completion with 409
     *     `DISCOUNT_CODE_INVALID` (`details.reason`) and the cart stays open: the shopper removes the
     *     code or completes later, and is never charged a price they did not see.
     *     Then, outside the transaction, `payment` is prepared: with Stripe, a PaymentIntent for the
     *     order total (idempotency key derived from the order); with the manual provider, what is
     *     owed. A second complete — concurrent or later — returns the same order with 200, never a
     *     second order. `Idempotency-Key` is honoured as for orders (a guest's key is scoped to the cart).
     */
    post: operations['completeCart'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/promotions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List promotions, newest first (MERCHANT, ADMIN, API keys) */
    get: operations['listPromotions'];
    put?: never;
    /**
     * Create a promotion (MERCHANT, ADMIN)
     * @description `code` null (or absent) makes an automatic promotion; a code is unique per store,
     *     case-insensitively (409 `CODE_CONFLICT`). `value` is required for `percentage` (0.01 to
     *     100, at most two decimals) and `fixed_amount` (more than 0, in the store currency's
     *     digits), and forbidden for `free_shipping`. `endsAt` must be after `startsAt`. The ids of
     *     `appliesTo` must name products, categories and collections of the store (400 naming the
     *     unknown ones). `timesUsed` starts at 0 and is read-only.
     */
    post: operations['createPromotion'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/promotions/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    /** Get a promotion (MERCHANT, ADMIN) */
    get: operations['getPromotion'];
    put?: never;
    post?: never;
    /** Delete a promotion (MERCHANT, ADMIN) */
    delete: operations['deletePromotion'];
    options?: never;
    head?: never;
    /**
     * Change a promotion (MERCHANT, ADMIN)
     * @description The result is checked as a whole, with the rules of creation. Changing `type` without a
     *     `value` drops the old value (required again unless the new type is `free_shipping`).
     *     Setting `usageLimit` counts the uses already made (orders with the promotion that are
     *     not cancelled or expired) into `timesUsed`; a limit below them is 409
     *     `USAGE_LIMIT_BELOW_USES` with `details: {timesUsed, usageLimit}`, and nothing changes.
     *     `usageLimit: null` removes the limit.
     */
    patch: operations['updatePromotion'];
    trace?: never;
  };
}
export interface webhooks {
  merchantEvent: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * An event POSTed to a registered endpoint, signed per Standard Webhooks
     * @description At-least-once: dedupe on `webhook-id`. A 2xx answer within 10 s is success; anything
     *     else is retried (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, with jitter), then the delivery is FAILED.
     */
    post: operations['merchantEventDelivery'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export interface components {
  schemas: {
    Readiness: {
      /** @enum {string} */
      status: 'ready' | 'not_ready' | 'draining';
      /** @enum {string} */
      db: 'ok' | 'unavailable';
      /** @enum {string} */
      redis: 'ok' | 'unavailable';
    };
    SuccessEnvelope: {
      /** @constant */
      success: true;
      data: unknown;
      meta?: components['schemas']['PageMeta'];
      error: null;
    };
    PageMeta: {
      page: number;
      limit: number;
      total: number;
    };
    ErrorEnvelope: {
      /** @constant */
      success: false;
      data: null;
      error: {
        /**
         * @example VALIDATION_ERROR
         * @example NOT_FOUND
         * @example INSUFFICIENT_STOCK
         */
        code: string;
        message: string;
        details?: Record<string, never>;
      };
    };
    ProductEnvelope: components['schemas']['SuccessEnvelope'] & {
      data: components['schemas']['Product'];
    };
    VariantEnvelope: components['schemas']['SuccessEnvelope'] & {
      data: components['schemas']['Variant'];
    };
    ProductListEnvelope: components['schemas']['SuccessEnvelope'] & {
      data: components['schemas']['Product'][];
      meta: components['schemas']['PageMeta'] & {
        facets?: components['schemas']['ProductFacets'];
      };
    };
    InventoryItemEnvelope: components['schemas']['SuccessEnvelope'] & {
      data: components['schemas']['InventoryItem'];
    };
    InventoryListEnvelope: components['schemas']['SuccessEnvelope'] & {
      data: components['schemas']['InventoryItem'][];
    };
    AuditLogListEnvelope: components['schemas']['SuccessEnvelope'] & {
      data: components['schemas']['AuditLog'][];
    };
    CategoryEnvelope: components['schemas']['SuccessEnvelope'] & {
      data: components['schemas']['Category'];
    };
    CategoryListEnvelope: components['schemas']['SuccessEnvelope'] & {
      data: components['schemas']['Category'][];
    };
    CollectionEnvelope: components['schemas']['SuccessEnvelope'] & {
      data: components['schemas']['Collection'];
    };
    CollectionListEnvelope: components['schemas']['SuccessEnvelope'] & {
      data: components['schemas']['Collection'][];
    };
    OrderEnvelope: components['schemas']['SuccessEnvelope'] & {
      data: components['schemas']['Order'];
    };
    /** @description What to pay for the order; with Stripe, the PaymentIntent's client secret (its amount is the order total) */
    CheckoutPayment: {
      /** @enum {string} */
      provider: 'stripe' | 'manual';
      clientSecret?: string;
      amount: components['schemas']['Money'];
      currency: string;
    };
    CheckoutEnvelope: components['schemas']['SuccessEnvelope'] & {
      data: {
        order: components['schemas']['Order'];
        payment: components['schemas']['CheckoutPayment'];
      };
    };
    PaymentIntentEnvelope: components['schemas']['SuccessEnvelope'] & {
      data: components['schemas']['PaymentIntent'];
    };
    /**
     * @description The JSON body POSTed to endpoints, with headers `webhook-id` (= id), `webhook-timestamp`
     *     (unix seconds) and `webhook-signature` (`v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`
     *     keyed with the base64-decoded part of the secret after `whsec_`), per Standard Webhooks.
     */
    WebhookEvent: {
      /** @example evt_4f0c1e0b8a2d4c7e9f1a2b3c4d5e6f70 */
      id: string;
      type: components['schemas']['WebhookEventType'];
      /** Format: date-time */
      createdAt: string;
      /** Format: uuid */
      tenantId: string;
      /** @description The object the event is about (order, payment, product or stock level). For `customer.password_reset_requested`: `{userId, email, token, expiresAt}` — mail the single-use token (valid until expiresAt, 1 hour) to the user, whose client sends it to POST /api/v1/auth/password-reset/confirm. */
      data: Record<string, never>;
    };
    /** @description A decimal string or a JSON number, non-negative, at most 99999999.999. Digits beyond the tenant currency's ISO-4217 minor digits must be zeros ("1500.00" is fine for JPY, "12.5" is not; "12.345" is refused for USD) */
    MoneyInput: string | number;
    CreateTenantRequest: {
      name: string;
      /** @description Reserved words (www, api, admin, app, mail, …) are refused */
      subdomain: string;
      /** @default USD */
      currency?: string;
      admin: {
        /** Format: email */
        email: string;
        password: string;
      };
    };
    UpdateTenantSettingsRequest: {
      name?: string;
      requireAdminMfa?: boolean;
      pricesIncludeTax?: boolean;
      /** @description Replaces the list. Each an origin exactly as a browser sends it: `http` or `https`, host, optional non-default port; no user info, path, query, fragment or trailing slash; an internationalized host in punycode. Upper case is lower-cased; duplicates are dropped. */
      allowedOrigins?: string[];
    };
    RegisterRequest: {
      /**
       * Format: email
       * @description Unique per store, case-insensitive
       */
      email: string;
      password: string;
      name?: string;
    };
    LoginRequest: {
      /** Format: email */
      email: string;
      password: string;
    };
    MfaVerifyRequest: {
      mfaToken: string;
      /** @description 6-digit TOTP or a recovery code */
      code: string;
    };
    RefreshRequest: {
      refreshToken: string;
    };
    LogoutRequest: {
      /** @description Optional; its family (if the caller's) is revoked too */
      refreshToken?: string;
    };
    LogoutAllRequest: Record<string, never>;
    ChangePasswordRequest: {
      currentPassword: string;
      newPassword: string;
    };
    PasswordResetRequest: {
      /** Format: email */
      email: string;
    };
    PasswordResetConfirmRequest: {
      /** @description prt_…, from the webhook event */
      token: string;
      newPassword: string;
    };
    MfaSetupRequest: Record<string, never>;
    MfaCodeRequest: {
      code: string;
    };
    CreateUserRequest: {
      /** Format: email */
      email: string;
      password: string;
      /** @enum {string} */
      role: 'ADMIN' | 'MERCHANT';
      name?: string;
    };
    UpdateUserRequest: {
      disabled?: boolean;
      /** @enum {string} */
      role?: 'ADMIN' | 'MERCHANT';
    };
    CreateCustomerAddressRequest: {
      firstName?: string;
      lastName?: string;
      company?: string;
      line1: string;
      line2?: string;
      city: string;
      state?: string;
      postalCode: string;
      /** @description ISO-3166 alpha-2 */
      country: string;
      phone?: string;
      /** @description Make it the default shipping address (clears the previous one) */
      isDefaultShipping?: boolean;
      /** @description Make it the default billing address (clears the previous one) */
      isDefaultBilling?: boolean;
    };
    UpdateCustomerAddressRequest: {
      firstName?: string | null;
      lastName?: string | null;
      company?: string | null;
      line1?: string;
      line2?: string | null;
      city?: string;
      state?: string | null;
      postalCode?: string;
      /** @description ISO-3166 alpha-2 */
      country?: string;
      phone?: string | null;
      isDefaultShipping?: boolean;
      isDefaultBilling?: boolean;
    };
    /** Format: uri */
    HttpsUrl: string;
    CreateProductRequest: {
      name: string;
      description?: string | null;
      category?: string | null;
      imageUrls?: components['schemas']['HttpsUrl'][];
      /** @description Unique per tenant; generated from the name when absent */
      handle?: string;
      /**
       * @default active
       * @enum {string}
       */
      status?: 'draft' | 'active' | 'archived';
      /** @description Never returned to public or customer callers */
      metadata?: {
        [key: string]: string | number | boolean | null;
      };
      categoryIds?: string[];
      collectionIds?: string[];
      /** @description Part-1 form: the SKU of the one "Default" variant */
      sku?: string;
      /** @description Part-1 form: the price of the one "Default" variant */
      price?: components['schemas']['MoneyInput'];
      /** @default 0 */
      initialQuantity?: number;
      /** @default 10 */
      lowStockThreshold?: number;
      options?: {
        name: string;
        values: string[];
      }[];
      variants?: components['schemas']['CreateVariantRequest'][];
    };
    UpdateProductRequest: {
      name?: string;
      /** @description Unique per tenant across all variants; on a product it is the first variant's */
      sku?: string;
      price?: components['schemas']['MoneyInput'];
      description?: string | null;
      category?: string | null;
      imageUrls?: components['schemas']['HttpsUrl'][];
      /** @description true re-activates a soft-deleted product */
      isActive?: boolean;
      lowStockThreshold?: number;
      /** @description Unique per tenant; generated from the name when absent */
      handle?: string;
      /** @enum {string} */
      status?: 'draft' | 'active' | 'archived';
      options?: {
        name: string;
        values: string[];
      }[];
      /** @description Never returned to public or customer callers */
      metadata?: {
        [key: string]: string | number | boolean | null;
      };
      categoryIds?: string[];
      collectionIds?: string[];
    };
    CreateVariantRequest: {
      /** @description Unique per tenant across all variants */
      sku: string;
      price: components['schemas']['MoneyInput'];
      /**
       * @description {optionName: value}, one per option
       * @default {}
       */
      optionValues?: {
        [key: string]: string;
      };
      compareAtPrice?: components['schemas']['MoneyInput'] | null;
      weightGrams?: number | null;
      /** @default 10 */
      lowStockThreshold?: number;
      /** @description Never returned to public or customer callers */
      metadata?: {
        [key: string]: string | number | boolean | null;
      };
      /** @default 0 */
      initialQuantity?: number;
    };
    UpdateVariantRequest: {
      /** @description Unique per tenant across all variants */
      sku?: string;
      price?: components['schemas']['MoneyInput'];
      /** @description {optionName: value}, one per option */
      optionValues?: {
        [key: string]: string;
      };
      compareAtPrice?: components['schemas']['MoneyInput'] | null;
      weightGrams?: number | null;
      lowStockThreshold?: number;
      /** @description Never returned to public or customer callers */
      metadata?: {
        [key: string]: string | number | boolean | null;
      };
      position?: number;
      /** @enum {string} */
      status?: 'active' | 'archived';
    };
    CreateCategoryRequest: {
      name: string;
      /** @description Unique per tenant among its kind; generated from the name or title when absent */
      handle?: string;
      /** @description The parent category (same tenant); null for a root */
      parentId?: string | null;
      /** @description Order among siblings; default: after the parent's last child (largest position + 1) */
      position?: number;
      description?: string | null;
    };
    UpdateCategoryRequest: {
      name?: string;
      /** @description Unique per tenant among its kind; generated from the name or title when absent */
      handle?: string;
      /** @description The parent category (same tenant); null for a root */
      parentId?: string | null;
      /** @description Order among siblings (ascending; ties by name) */
      position?: number;
      description?: string | null;
    };
    CreateCollectionRequest: {
      title: string;
      /** @description Unique per tenant among its kind; generated from the name or title when absent */
      handle?: string;
      description?: string | null;
    };
    UpdateCollectionRequest: {
      title?: string;
      /** @description Unique per tenant among its kind; generated from the name or title when absent */
      handle?: string;
      description?: string | null;
    };
    /** @description `delta` or `quantity` (not both), and/or `threshold` */
    UpdateInventoryRequest: {
      /** @description Atomic add to available (may be negative); onHand moves with it */
      delta?: number;
      /** @description Absolute available; onHand becomes reserved + quantity */
      quantity?: number;
      threshold?: number;
    };
    ShippingAddress: {
      firstName?: string;
      lastName?: string;
      company?: string;
      line1: string;
      line2?: string;
      city: string;
      state?: string;
      postalCode: string;
      /** @description ISO-3166 alpha-2 */
      country: string;
      phone?: string;
    };
    CreateOrderRequest: {
      /** @description Distinct variants (or one-variant products) */
      items: (
        | {
            /**
             * Format: uuid
             * @description The variant to buy
             */
            variantId?: string;
            /**
             * Format: uuid
             * @description A one-variant product (part 1); with variantId, its product
             */
            productId?: string;
            quantity: number;
          }
        | unknown
        | unknown
      )[];
      shippingAddress: components['schemas']['ShippingAddress'];
      /**
       * Format: uuid
       * @description Required for MERCHANT/ADMIN (a customer of the store); customers omit it
       */
      customerId?: string;
      customerName?: string;
      /** Format: email */
      customerEmail?: string;
      billingAddress?: components['schemas']['ShippingAddress'];
      /**
       * Format: uuid
       * @description A rate of the zone covering the shipping address; without it the order has no shipping line
       */
      shippingRateId?: string;
      /** @description Codes of promotions to apply */
      discountCodes?: string[];
      /** @description Your key/value pairs (at most 50 keys of up to 40 characters; values up to 500) */
      metadata?: {
        [key: string]: string;
      };
    };
    /** @enum {string} */
    WebhookEventType:
      | 'order.created'
      | 'order.paid'
      | 'order.status_changed'
      | 'order.cancelled'
      | 'order.refunded'
      | 'order.fulfilled'
      | 'return.requested'
      | 'return.received'
      | 'payment.failed'
      | 'payment.refunded'
      | 'product.created'
      | 'product.updated'
      | 'product.deleted'
      | 'inventory.low_stock'
      | 'customer.password_reset_requested';
    CreateWebhookEndpointRequest: {
      /**
       * Format: uri
       * @example https://erp.example.com/hooks/commerce
       */
      url: string;
      /** @description Event types to receive, or ["*"] for all */
      events: (
        | '*'
        | 'order.created'
        | 'order.paid'
        | 'order.status_changed'
        | 'order.cancelled'
        | 'order.refunded'
        | 'order.fulfilled'
        | 'return.requested'
        | 'return.received'
        | 'payment.failed'
        | 'payment.refunded'
        | 'product.created'
        | 'product.updated'
        | 'product.deleted'
        | 'inventory.low_stock'
        | 'customer.password_reset_requested'
      )[];
      description?: string;
    };
    UpdateWebhookEndpointRequest: {
      /**
       * Format: uri
       * @example https://erp.example.com/hooks/commerce
       */
      url?: string;
      /** @description Event types to receive, or ["*"] for all */
      events?: (
        | '*'
        | 'order.created'
        | 'order.paid'
        | 'order.status_changed'
        | 'order.cancelled'
        | 'order.refunded'
        | 'order.fulfilled'
        | 'return.requested'
        | 'return.received'
        | 'payment.failed'
        | 'payment.refunded'
        | 'product.created'
        | 'product.updated'
        | 'product.deleted'
        | 'inventory.low_stock'
        | 'customer.password_reset_requested'
      )[];
      description?: string | null;
      disabled?: boolean;
    };
    CreateShippingZoneRequest: {
      name: string;
      countries: string[];
      rates?: {
        /**
         * Format: uuid
         * @description On PATCH: an id of this zone keeps that rate id
         */
        id?: string;
        name: string;
        amount: components['schemas']['MoneyInput'];
        /** @description Eligible when the subtotal is at least this */
        minSubtotal?: components['schemas']['MoneyInput'];
        /** @description Eligible when the subtotal is below this */
        maxSubtotal?: components['schemas']['MoneyInput'];
        /** @description The rate costs 0 at or above this subtotal */
        freeAbove?: components['schemas']['MoneyInput'];
      }[];
    };
    /** @description `rates`, when given, replaces the zone rates; a rate sent with its id keeps it */
    UpdateShippingZoneRequest: {
      name?: string;
      countries?: string[];
      rates?: {
        /**
         * Format: uuid
         * @description On PATCH: an id of this zone keeps that rate id
         */
        id?: string;
        name: string;
        amount: components['schemas']['MoneyInput'];
        /** @description Eligible when the subtotal is at least this */
        minSubtotal?: components['schemas']['MoneyInput'];
        /** @description Eligible when the subtotal is below this */
        maxSubtotal?: components['schemas']['MoneyInput'];
        /** @description The rate costs 0 at or above this subtotal */
        freeAbove?: components['schemas']['MoneyInput'];
      }[];
    };
    CreateTaxRateRequest: {
      /** @description ISO-3166 alpha-2 */
      country: string;
      state?: string | null;
      name: string;
      /** @description Percent, 0 to 100, at most three decimals ("8.875" = 8.875 %) */
      rate: string | number;
      appliesToShipping?: boolean;
    };
    UpdateTaxRateRequest: {
      /** @description ISO-3166 alpha-2 */
      country?: string;
      state?: string | null;
      name?: string;
      /** @description Percent, 0 to 100, at most three decimals ("8.875" = 8.875 %) */
      rate?: string | number;
      appliesToShipping?: boolean;
    };
    CreateCartRequest: {
      /** Format: email */
      email?: string;
      /** @description Lines to start with; one variant twice adds up */
      items?: components['schemas']['AddCartItemRequest'][];
    };
    /** @description A changed shipping address drops a shipping method that is no longer eligible */
    UpdateCartRequest: {
      email?: string | null;
      shippingAddress?: components['schemas']['ShippingAddress'] | null;
      billingAddress?: components['schemas']['ShippingAddress'] | null;
    };
    AddCartItemRequest:
      | {
          /**
           * Format: uuid
           * @description The variant to buy
           */
          variantId?: string;
          /**
           * Format: uuid
           * @description A one-variant product; with variantId, its product
           */
          productId?: string;
          quantity: number;
        }
      | unknown
      | unknown;
    UpdateCartItemRequest: {
      /** @description 0 removes the line */
      quantity: number;
    };
    SetShippingMethodRequest: {
      /** Format: uuid */
      rateId: string;
    };
    AddDiscountCodeRequest: {
      code: string;
    };
    CreatePromotionRequest: {
      name: string;
      code?: string | null;
      /** @enum {string} */
      type: 'percentage' | 'fixed_amount' | 'free_shipping';
      /** @description percentage: percent 0.01 to 100, at most two decimals; fixed_amount: an amount in the store currency; free_shipping: null or absent */
      value?: components['schemas']['MoneyInput'] | null;
      /** @description What the promotion applies to; all empty or absent: the whole order */
      appliesTo?: {
        productIds?: string[];
        categoryIds?: string[];
        collectionIds?: string[];
      };
      /** @description Inclusive, in the store currency */
      minSubtotal?: components['schemas']['MoneyInput'] | null;
      startsAt?: string | null;
      /** @description After startsAt */
      endsAt?: string | null;
      /** @description Orders that may use it, in all */
      usageLimit?: number | null;
      /** @description Orders of one customer (or guest e-mail) */
      perCustomerLimit?: number | null;
      combinable?: boolean;
      /** @description Lower runs first */
      priority?: number;
      /** @enum {string} */
      status?: 'active' | 'disabled';
    };
    /** @description `appliesTo`, when given, replaces the whole target (absent lists become empty) */
    UpdatePromotionRequest: {
      name?: string;
      code?: string | null;
      /** @enum {string} */
      type?: 'percentage' | 'fixed_amount' | 'free_shipping';
      /** @description percentage: percent 0.01 to 100, at most two decimals; fixed_amount: an amount in the store currency; free_shipping: null or absent */
      value?: components['schemas']['MoneyInput'] | null;
      /** @description What the promotion applies to; all empty or absent: the whole order */
      appliesTo?: {
        productIds?: string[];
        categoryIds?: string[];
        collectionIds?: string[];
      };
      /** @description Inclusive, in the store currency */
      minSubtotal?: components['schemas']['MoneyInput'] | null;
      startsAt?: string | null;
      /** @description After startsAt */
      endsAt?: string | null;
      /** @description Orders that may use it, in all */
      usageLimit?: number | null;
      /** @description Orders of one customer (or guest e-mail) */
      perCustomerLimit?: number | null;
      combinable?: boolean;
      /** @description Lower runs first */
      priority?: number;
      /** @enum {string} */
      status?: 'active' | 'disabled';
    };
    CreateFulfillmentRequest: {
      /** @description What ships: order items and quantities */
      items: {
        /**
         * Format: uuid
         * @description An item of the order (the Order's `items[].id`)
         */
        orderItemId: string;
        quantity: number;
      }[];
      /** @description The carrier ("UPS", "DHL", …) */
      carrier?: string;
      trackingNumber?: string;
      /**
       * Format: uri
       * @description The carrier's tracking page
       */
      trackingUrl?: string;
    };
    UpdateFulfillmentRequest: {
      /**
       * @description shipped → delivered or cancelled; cancelled is final
       * @enum {string}
       */
      status: 'delivered' | 'cancelled';
      /** @description The carrier ("UPS", "DHL", …) */
      carrier?: string;
      trackingNumber?: string;
      /**
       * Format: uri
       * @description The carrier's tracking page
       */
      trackingUrl?: string;
    };
    CreateReturnRequest: {
      /** @description What comes back: fulfilled order items and quantities */
      items: {
        /**
         * Format: uuid
         * @description An item of the order (the Order's `items[].id`)
         */
        orderItemId: string;
        quantity: number;
      }[];
      /** @description Free text */
      reason?: string;
    };
    ReceiveReturnRequest: {
      /** @description true: the returned quantities go back on hand (available rises) */
      restock: boolean;
    };
    CreateRefundRequest: {
      /** @description Lines refunded: without `amount`, the refund is their share of the line's total (tax and discount included) */
      items?: {
        /**
         * Format: uuid
         * @description An item of the order (the Order's `items[].id`)
         */
        orderItemId: string;
        quantity: number;
        /**
         * @description Stock back: a shipped unit goes back on hand; an unshipped one leaves reserved (available rises). Without restock an unshipped unit is written off (leaves reserved and on hand)
         * @default false
         */
        restock?: boolean;
      }[];
      /** @description Refund the shipping line's total incl. its tax (once per order) */
      shipping?: boolean;
      /** @description An explicit amount (> 0, in the currency's digits) instead of the computed one */
      amount?: components['schemas']['MoneyInput'];
      reason?: string;
      /**
       * Format: uuid
       * @description A return of this order the refund is for
       */
      returnId?: string;
    };
    /**
     * @description Decimal string with the currency's ISO-4217 minor digits: "129.99" USD, "1500" JPY, "1.250" KWD
     * @example 129.99
     * @example 1500
     * @example 1.250
     */
    Money: string;
    Tenant: {
      /** Format: uuid */
      id: string;
      name: string;
      subdomain: string;
      currency: string;
    };
    TenantSettings: {
      /** Format: uuid */
      id: string;
      name: string;
      subdomain: string;
      currency: string;
      /** @description ADMIN user tokens need MFA (amr otp) for writes outside /auth (default true) */
      requireAdminMfa: boolean;
      /** @description Stored for checkout (whether product prices include tax); not applied yet (default false) */
      pricesIncludeTax: boolean;
      /** @description Browser origins that get CORS headers (default empty) */
      allowedOrigins: string[];
    };
    SignUpResult: {
      tenant: components['schemas']['Tenant'];
      admin: {
        /** Format: uuid */
        id: string;
        /** Format: email */
        email: string;
        /** @enum {string} */
        role: 'ADMIN';
      };
      /** @description Secret API key, shown once; stored only as a hash */
      apiKey: string;
    };
    ApiKeyRotation: {
      /** Format: uuid */
      id: string;
      prefix: string;
      /** @description sk_…, shown once; stored only as a hash */
      apiKey: string;
      /** Format: date-time */
      createdAt: string;
    };
    TokenPair: {
      /** @description RS256 JWT (header kid, typ at+jwt); claims sub, userId, tenantId, role, amr, sid, auth_time (unix seconds of the password step of the login that began the session; refreshing keeps it), jti, iat, exp, iss, aud */
      accessToken: string;
      /** @description Opaque (rt_…), stored hashed */
      refreshToken: string;
      /** @constant */
      tokenType: 'Bearer';
      /** @example 3600 */
      expiresIn: number;
    };
    MfaChallenge: {
      /** @constant */
      mfaRequired: true;
      /** @description Single-use, 5 minutes, only accepted by /auth/mfa/verify */
      mfaToken: string;
    };
    PasswordResetAccepted: {
      /** @constant */
      status: 'accepted';
      message: string;
    };
    MfaSetup: {
      /** @description Base32 */
      secret: string;
      /** @example otpauth://totp/…?secret=…&algorithm=SHA1&digits=6&period=30 */
      otpauthUrl: string;
      /** @description PNG data URL (data:image/png;base64,…) */
      qrCodeDataUrl: string;
    };
    RecoveryCodes: {
      recoveryCodes: string[];
    };
    User: {
      /** Format: uuid */
      id: string;
      /** Format: email */
      email: string;
      name: string | null;
      /** @enum {string} */
      role: 'ADMIN' | 'MERCHANT' | 'CUSTOMER';
      mfaEnabled: boolean;
      /** @description Locked out by an ADMIN */
      disabled: boolean;
      /** Format: date-time */
      createdAt: string;
    };
    Me:
      | {
          /** Format: uuid */
          id: string;
          /** Format: email */
          email: string;
          name: string | null;
          /** @enum {string} */
          role: 'ADMIN' | 'MERCHANT' | 'CUSTOMER';
          mfaEnabled: boolean;
          /** @description Locked out by an ADMIN */
          disabled: boolean;
          /** Format: date-time */
          createdAt: string;
          /** @constant */
          type: 'user';
          /** Format: uuid */
          tenantId: string;
          amr: string[];
        }
      | {
          /** @constant */
          type: 'api_key';
          /** Format: uuid */
          id: string;
          /** Format: uuid */
          tenantId: string;
          /** @enum {string} */
          role: 'ADMIN' | 'MERCHANT' | 'CUSTOMER';
          amr: string[];
        };
    Customer: {
      /** Format: uuid */
      id: string;
      /** Format: email */
      email: string;
      name: string | null;
      /** Format: date-time */
      createdAt: string;
      /** @description All their orders, any status */
      ordersCount: number;
      /** @description Totals of their paid orders (PAID, FULFILLED, SHIPPED, COMPLETED, or any order whose payment was captured) minus refunded amounts, in the store currency with its ISO-4217 minor digits, e.g. "129.99" USD, "1500" JPY */
      totalSpent: string;
    };
    CustomerAddress: {
      /** Format: uuid */
      id: string;
      firstName?: string;
      lastName?: string;
      company?: string;
      line1: string;
      line2?: string;
      city: string;
      state?: string;
      postalCode: string;
      /** @description ISO-3166 alpha-2 */
      country: string;
      phone?: string;
      isDefaultShipping: boolean;
      isDefaultBilling: boolean;
    };
    ProductInventory: {
      /** @description The first variant's available stock */
      quantity: number;
      threshold: number;
      /** @description quantity <= threshold */
      lowStock: boolean;
    };
    VariantInventory: {
      /** @description Physical stock */
      onHand: number;
      /** @description Held by unfulfilled orders */
      reserved: number;
      /** @description onHand - reserved */
      available: number;
      threshold: number;
      /** @description available <= threshold */
      lowStock: boolean;
    };
    Variant: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      productId: string;
      /** @description Unique per tenant across all variants */
      sku: string;
      /** @description Option values joined by " / " in option order; "Default" without options */
      title: string;
      /** @description {optionName: value}, one per option */
      optionValues: {
        [key: string]: string;
      };
      price: components['schemas']['Money'];
      compareAtPrice: components['schemas']['Money'] | null;
      weightGrams: number | null;
      position: number;
      /** @enum {string} */
      status: 'active' | 'archived';
      inventory: components['schemas']['VariantInventory'];
      /** @description Staff only */
      metadata?: {
        [key: string]: string | number | boolean | null;
      };
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
    };
    Product: {
      /** Format: uuid */
      id: string;
      name: string;
      /** @description Unique per tenant across all variants; on a product it is the first variant's */
      sku: string;
      description: string | null;
      price: components['schemas']['Money'];
      /** @description The tenant's currency */
      currency: string;
      category: string | null;
      imageUrls: components['schemas']['HttpsUrl'][];
      isActive: boolean;
      inventory: components['schemas']['ProductInventory'];
      /** @description Unique per tenant; generated from the name when absent */
      handle: string;
      /** @enum {string} */
      status: 'draft' | 'active' | 'archived';
      options: {
        name: string;
        values: string[];
      }[];
      /** @description Archived variants are listed for staff only */
      variants: components['schemas']['Variant'][];
      /** @description Over the active variants */
      priceRange: {
        min: components['schemas']['Money'];
        max: components['schemas']['Money'];
      };
      categoryIds: string[];
      collectionIds: string[];
      /** @description Staff only */
      metadata?: {
        [key: string]: string | number | boolean | null;
      };
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
    };
    /** @description `"option.<Name>": [{value, count}]`: matching products with an active variant of that value. Every facet is counted over the whole filtered result, its own filter included. */
    ProductFacets: {
      /** @description Matching products assigned directly to each category; most products first */
      category?: {
        /** Format: uuid */
        id: string;
        name: string;
        count: number;
      }[];
      /** @description Matching products in each collection (`name` is the collection's title) */
      collection?: {
        /** Format: uuid */
        id: string;
        name: string;
        count: number;
      }[];
      /** @description The span of the matching products' active variants' prices; null when nothing matches */
      price?: {
        min: components['schemas']['Money'];
        max: components['schemas']['Money'];
      } | null;
    } & {
      [key: string]: {
        value: string;
        count: number;
      }[];
    };
    Category: {
      /** Format: uuid */
      id: string;
      name: string;
      /** @description Unique per tenant among its kind; generated from the name or title when absent */
      handle: string;
      /** @description The parent category (same tenant); null for a root */
      parentId: string | null;
      /** @description Order among siblings (ascending; ties by name) */
      position: number;
      description: string | null;
    };
    Collection: {
      /** Format: uuid */
      id: string;
      title: string;
      /** @description Unique per tenant among its kind; generated from the name or title when absent */
      handle: string;
      description: string | null;
    };
    InventoryItem: {
      /** Format: uuid */
      variantId: string;
      /** Format: uuid */
      productId: string;
      /** @description The variant's SKU */
      sku: string;
      /** @description The product's name */
      name: string;
      /** @description The variant's title ("Default" without options) */
      title: string;
      /** @description Physical stock */
      onHand: number;
      /** @description Held by unfulfilled orders */
      reserved: number;
      /** @description onHand - reserved: what can still be sold */
      available: number;
      /** @description Part-1 name of available */
      quantity: number;
      threshold: number;
      /** @description available <= threshold */
      lowStock: boolean;
    };
    AuditLog: {
      /** Format: uuid */
      id: string;
      /** @enum {string} */
      action: 'CREATE' | 'UPDATE' | 'DELETE';
      resource: string;
      resourceId: string;
      /** @description The acting user's id, or the API key's id */
      userId: string | null;
      changes: {
        /** @description State before the change (null for CREATE) */
        before: unknown;
        /** @description State after the change */
        after: unknown;
      };
      correlationId: string | null;
      /** Format: date-time */
      timestamp: string;
    };
    /** @enum {string} */
    OrderStatus: 'PENDING' | 'PAID' | 'FULFILLED' | 'SHIPPED' | 'COMPLETED' | 'CANCELLED';
    Order: {
      /** Format: uuid */
      id: string;
      status: components['schemas']['OrderStatus'];
      /** @description null: a guest order (until its e-mail registers as a customer) */
      customerId: string | null;
      customerName: string | null;
      customerEmail: string | null;
      shippingAddress: components['schemas']['ShippingAddress'];
      items: {
        /** Format: uuid */
        productId: string;
        /** Format: uuid */
        variantId: string;
        /** @description The variant's SKU at purchase */
        sku: string;
        /** @description The product's name at purchase */
        name: string;
        /** @description The variant's title at purchase ("Default" without options) */
        variantTitle: string;
        /** @description The variant's option values at purchase ({"Size": "M"}) */
        optionValues: {
          [key: string]: string;
        };
        quantity: number;
        unitPrice: components['schemas']['Money'];
        /** @description unitPrice × quantity (= subtotal) */
        lineTotal: components['schemas']['Money'];
        /** Format: uuid */
        id: string;
        subtotal: components['schemas']['Money'];
        discountTotal: components['schemas']['Money'];
        taxTotal: components['schemas']['Money'];
        /** @description subtotal − discountTotal (+ taxTotal when prices exclude tax) */
        total: components['schemas']['Money'];
      }[];
      subtotal: components['schemas']['Money'];
      discountTotal: components['schemas']['Money'];
      shippingTotal: components['schemas']['Money'];
      taxTotal: components['schemas']['Money'];
      /** @description = total: subtotal − discountTotal + shippingTotal (+ taxTotal when prices exclude tax) */
      totalAmount: components['schemas']['Money'];
      currency: string;
      shippingLine: {
        name: string;
        amount: components['schemas']['Money'];
        taxTotal: components['schemas']['Money'];
      } | null;
      discounts: {
        code: string | null;
        /** Format: uuid */
        promotionId: string;
        amount: components['schemas']['Money'];
      }[];
      taxLines: {
        name: string;
        /** @description "8.875" = 8.875 % */
        rate: string;
        amount: components['schemas']['Money'];
      }[];
      /** @enum {string} */
      paymentStatus: 'unpaid' | 'paid' | 'partially_refunded' | 'refunded';
      /** @enum {string} */
      fulfillmentStatus: 'unfulfilled' | 'partially_fulfilled' | 'fulfilled';
      billingAddress: components['schemas']['ShippingAddress'] | null;
      /** @description The order's e-mail: the guest's, or the customer's */
      email: string | null;
      metadata: {
        [key: string]: string;
      };
      payment: {
        /** Format: uuid */
        id: string;
        /** @enum {string} */
        status: 'PENDING' | 'PAID' | 'FAILED' | 'REFUNDED';
      } | null;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
    };
    PaymentIntent: {
      /** Format: uuid */
      paymentId: string;
      /** @enum {string} */
      provider: 'stripe' | 'manual';
      /** @description Stripe PaymentIntent client secret (for Stripe.js); null for the manual provider */
      clientSecret: string | null;
      amount: components['schemas']['Money'];
      currency: string;
      /** @enum {string} */
      status: 'PENDING' | 'PAID' | 'FAILED' | 'REFUNDED';
    };
    WebhookEndpoint: {
      /** Format: uuid */
      id: string;
      url: string;
      events: string[];
      description: string | null;
      disabled: boolean;
      /** @description Why it is disabled (by a merchant, or automatically after failing continuously for 3 days) */
      disabledReason: string | null;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
    };
    WebhookEndpointWithSecret: {
      /** Format: uuid */
      id: string;
      url: string;
      events: string[];
      description: string | null;
      disabled: boolean;
      /** @description Why it is disabled (by a merchant, or automatically after failing continuously for 3 days) */
      disabledReason: string | null;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
      /** @description Standard Webhooks signing secret (24 random bytes, base64); shown once */
      secret: string;
    };
    WebhookDelivery: {
      /** Format: uuid */
      id: string;
      /** @description The event id (evt_…), sent as webhook-id on every attempt */
      eventId: string;
      /** @enum {string} */
      eventType:
        | 'order.created'
        | 'order.paid'
        | 'order.status_changed'
        | 'order.cancelled'
        | 'order.refunded'
        | 'order.fulfilled'
        | 'return.requested'
        | 'return.received'
        | 'payment.failed'
        | 'payment.refunded'
        | 'product.created'
        | 'product.updated'
        | 'product.deleted'
        | 'inventory.low_stock'
        | 'customer.password_reset_requested';
      /** @enum {string} */
      status: 'PENDING' | 'SUCCEEDED' | 'FAILED';
      attempts: number;
      lastStatusCode: number | null;
      /** @description Last failure, one of: `status N` (non-2xx answer; the body is not recorded), `timeout`, `connection failed` (refused, reset, DNS or TLS failure), `URL refused: …` (the SSRF guard, same reason as at registration), `endpoint disabled`, `event not found`. Never contains an address. */
      lastError: string | null;
      nextAttemptAt: string | null;
      /** Format: date-time */
      createdAt: string;
    };
    ShippingZone: {
      /** Format: uuid */
      id: string;
      name: string;
      countries: string[];
      rates: components['schemas']['ShippingRate'][];
    };
    ShippingRate: {
      /** Format: uuid */
      id: string;
      name: string;
      amount: components['schemas']['Money'];
      /** @description Eligible when the subtotal is at least this */
      minSubtotal?: components['schemas']['Money'];
      /** @description Eligible when the subtotal is below this */
      maxSubtotal?: components['schemas']['Money'];
      /** @description The rate costs 0 at or above this subtotal */
      freeAbove?: components['schemas']['Money'];
    };
    TaxRate: {
      /** Format: uuid */
      id: string;
      /** @description ISO-3166 alpha-2 */
      country: string;
      state: string | null;
      name: string;
      /** @description Percent, e.g. "8.875" */
      rate: string;
      appliesToShipping: boolean;
    };
    Cart: {
      /**
       * Format: uuid
       * @description A guest cart's id is its only credential
       */
      id: string;
      customerId: string | null;
      email: string | null;
      currency: string;
      items: components['schemas']['CartItem'][];
      shippingAddress: components['schemas']['ShippingAddress'] | null;
      billingAddress: components['schemas']['ShippingAddress'] | null;
      /** @description null when none is chosen or it is no longer eligible */
      shippingMethod: {
        /** Format: uuid */
        rateId: string;
        name: string;
        /** @description The effective amount (0 from the rate’s freeAbove on) */
        amount: components['schemas']['Money'];
      } | null;
      discountCodes: string[];
      /** @description The promotions applied now, in application order (automatic ones and codes) */
      discounts: {
        /** @description null: an automatic promotion */
        code: string | null;
        /** Format: uuid */
        promotionId: string;
        /** @description What it takes off (free shipping: the shipping amount it waived) */
        amount: components['schemas']['Money'];
      }[];
      /** @description Each of discountCodes: whether it applies now and, if not, why (it stays on the cart) */
      discountCodeDetails: {
        code: string;
        applied: boolean;
        /** @description Why the code does not apply now (null when it does) */
        reason:
          | (
              | 'not_found'
              | 'disabled'
              | 'not_started'
              | 'expired'
              | 'exhausted'
              | 'limit_reached'
              | 'min_subtotal'
              | 'not_applicable'
              | 'not_combinable'
            )
          | null;
      }[];
      subtotal: components['schemas']['Money'];
      discountTotal: components['schemas']['Money'];
      shippingTotal: components['schemas']['Money'];
      taxTotal: components['schemas']['Money'];
      total: components['schemas']['Money'];
      /** @enum {string} */
      status: 'open' | 'completed';
      /** @description The order a completed cart became */
      orderId: string | null;
      /** @description An open cart idle until then is deleted (CART_TTL_DAYS after its last write) */
      expiresAt: string;
      createdAt: string;
      updatedAt: string;
    };
    CartItem: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      productId: string;
      /** Format: uuid */
      variantId: string;
      sku: string;
      /** @description The product's name */
      name: string;
      variantTitle: string;
      quantity: number;
      /** @description The variant's live price */
      unitPrice: components['schemas']['Money'];
      subtotal: components['schemas']['Money'];
      discountTotal: components['schemas']['Money'];
      taxTotal: components['schemas']['Money'];
      /** @description subtotal − discountTotal (+ taxTotal when prices exclude tax) */
      total: components['schemas']['Money'];
    };
    CartShippingRate: {
      /** Format: uuid */
      id: string;
      name: string;
      /** @description What this cart pays for it (0 from freeAbove on) */
      amount: components['schemas']['Money'];
    };
    Promotion: {
      /** Format: uuid */
      id: string;
      name: string;
      code: string | null;
      /** @description True when code is null */
      automatic: boolean;
      /** @enum {string} */
      type: 'percentage' | 'fixed_amount' | 'free_shipping';
      /** @description Percent ("12.5") or an amount in the store currency digits; null for free_shipping */
      value: string | null;
      appliesTo: {
        productIds: string[];
        categoryIds: string[];
        collectionIds: string[];
      };
      minSubtotal: components['schemas']['Money'] | null;
      startsAt: string | null;
      endsAt: string | null;
      usageLimit: number | null;
      perCustomerLimit: number | null;
      combinable: boolean;
      priority: number;
      timesUsed: number;
      /** @enum {string} */
      status: 'active' | 'disabled';
      /** Format: date-time */
      createdAt: string;
    };
    Fulfillment: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      orderId: string;
      items: {
        /** Format: uuid */
        orderItemId: string;
        quantity: number;
      }[];
      /** @enum {string} */
      status: 'shipped' | 'delivered' | 'cancelled';
      carrier: string | null;
      trackingNumber: string | null;
      trackingUrl: string | null;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
    };
    Return: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      orderId: string;
      /** @enum {string} */
      status: 'requested' | 'received';
      items: {
        /** Format: uuid */
        orderItemId: string;
        quantity: number;
      }[];
      reason: string | null;
      /** @description Set when received: whether the quantities went back on hand */
      restock: boolean | null;
      receivedAt: string | null;
      /** Format: date-time */
      createdAt: string;
    };
    Refund: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      orderId: string;
      /** @description Decimal string in the currency's digits */
      amount: string;
      currency: string;
      items: {
        /** Format: uuid */
        orderItemId: string;
        quantity: number;
        restock: boolean;
        /** @description The line's share of the refund */
        amount: string;
      }[];
      shipping: boolean;
      reason: string | null;
      returnId: string | null;
      /**
       * @description pending until the provider answers (Stripe: after the response, by a worker or a webhook)
       * @enum {string}
       */
      status: 'pending' | 'succeeded' | 'failed';
      providerRefundId: string | null;
      /** Format: date-time */
      createdAt: string;
    };
  };
  responses: {
    /**
     * @description SERVICE_UNAVAILABLE: PostgreSQL is unavailable, or (bearer tokens) Redis did not answer
     *     the revocation check within REDIS_COMMAND_TIMEOUT_MS; nothing was changed. A catalog
     *     write does not need Redis: when Redis is away its cache invalidation is applied as soon
     *     as Redis answers again.
     */
    CatalogUnavailable: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ErrorEnvelope'];
      };
    };
    /**
     * @description SERVICE_UNAVAILABLE: PostgreSQL is unavailable, or (bearer tokens) Redis did not answer
     *     the revocation check within REDIS_COMMAND_TIMEOUT_MS; nothing was changed. Orders with
     *     an API key do not need Redis.
     */
    ServiceUnavailable: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ErrorEnvelope'];
      };
    };
    /** @description INTERNAL_ERROR — an unexpected failure; the body never carries a stack trace or SQL */
    InternalError: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ErrorEnvelope'];
      };
    };
    /** @description INVALID_STATUS_TRANSITION with `details {from, to}` */
    InvalidStatusTransition: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ErrorEnvelope'];
      };
    };
    /** @description PAYMENT_PROVIDER_ERROR — the payment provider refused or did not answer; nothing changed */
    PaymentProviderError: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ErrorEnvelope'];
      };
    };
    /** @description Body, query or params failed validation (VALIDATION_ERROR; details.issues lists each path) */
    ValidationError: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ErrorEnvelope'];
      };
    };
    /** @description Missing, invalid, expired or revoked credentials (UNAUTHORIZED) */
    Unauthorized: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ErrorEnvelope'];
      };
    };
    /** @description Role lacks permission (FORBIDDEN) or admin token without MFA (MFA_REQUIRED) */
    Forbidden: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ErrorEnvelope'];
      };
    };
    /** @description REAUTHENTICATION_REQUIRED — the access token's auth_time is 15 minutes old or more: log in again and retry; or FORBIDDEN for an API key */
    ReauthenticationRequired: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ErrorEnvelope'];
      };
    };
    /** @description INVALID_TOKEN — the reset token is unknown, used or expired; or VALIDATION_ERROR for a body that fails the schema (e.g. a new password under 10 characters) */
    InvalidToken: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ErrorEnvelope'];
      };
    };
    /** @description No such resource in this tenant (NOT_FOUND) */
    NotFound: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ErrorEnvelope'];
      };
    };
    /** @description Unique clash or state conflict (e.g. SUBDOMAIN_TAKEN, SKU_CONFLICT, INSUFFICIENT_STOCK) */
    Conflict: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ErrorEnvelope'];
      };
    };
    /** @description Body over 1 MiB (PAYLOAD_TOO_LARGE) */
    PayloadTooLarge: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ErrorEnvelope'];
      };
    };
    /** @description Too many requests (RATE_LIMITED); see Retry-After and RateLimit-* headers */
    RateLimited: {
      headers: {
        'Retry-After'?: number;
        'RateLimit-Limit'?: number;
        'RateLimit-Remaining'?: number;
        'RateLimit-Reset'?: number;
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ErrorEnvelope'];
      };
    };
  };
  parameters: {
    /** @description Store subdomain, for public storefront calls (or use Host {subdomain}.{BASE_DOMAIN}) */
    XTenant: string;
    IdPath: string;
    Page: number;
    Limit: number;
  };
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  health: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The process lives */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @constant */
            status?: 'ok';
          };
        };
      };
    };
  };
  ready: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Ready */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Readiness'];
        };
      };
      /** @description A dependency failed (the body names which), or the process is shutting down (status `draining`, from SIGTERM until it stops accepting SHUTDOWN_GRACE_MS later): a load balancer should stop routing to it */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Readiness'];
        };
      };
    };
  };
  metrics: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Prometheus text exposition */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      401: components['responses']['Unauthorized'];
    };
  };
  openapiSpec: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OpenAPI document */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, never>;
        };
      };
    };
  };
  docsPage: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description HTML page */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/html': string;
        };
      };
    };
  };
  createTenant: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateTenantRequest'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['SignUpResult'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getJwks: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description JWK Set */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            keys: {
              /** @constant */
              kty: 'RSA';
              n: string;
              e: string;
              kid: string;
              /** @constant */
              alg: 'RS256';
              /** @constant */
              use: 'sig';
            }[];
          };
        };
      };
    };
  };
  registerCustomer: {
    parameters: {
      query?: never;
      header?: {
        /** @description Store subdomain, for public storefront calls (or use Host {subdomain}.{BASE_DOMAIN}) */
        'X-Tenant'?: components['parameters']['XTenant'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RegisterRequest'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['User'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  login: {
    parameters: {
      query?: never;
      header?: {
        /** @description Store subdomain, for public storefront calls (or use Host {subdomain}.{BASE_DOMAIN}) */
        'X-Tenant'?: components['parameters']['XTenant'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['LoginRequest'];
      };
    };
    responses: {
      /** @description Tokens, or an MFA challenge */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['TokenPair'] | components['schemas']['MfaChallenge'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  verifyMfa: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['MfaVerifyRequest'];
      };
    };
    responses: {
      /** @description Tokens */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['TokenPair'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  refreshTokens: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RefreshRequest'];
      };
    };
    responses: {
      /** @description A new token pair */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['TokenPair'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  logout: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['LogoutRequest'];
      };
    };
    responses: {
      /** @description Logged out */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  logoutAll: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['LogoutAllRequest'];
      };
    };
    responses: {
      /** @description All sessions ended */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  changePassword: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ChangePasswordRequest'];
      };
    };
    responses: {
      /** @description Changed */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['ReauthenticationRequired'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  requestPasswordReset: {
    parameters: {
      query?: never;
      header?: {
        /** @description Store subdomain, for public storefront calls (or use Host {subdomain}.{BASE_DOMAIN}) */
        'X-Tenant'?: components['parameters']['XTenant'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['PasswordResetRequest'];
      };
    };
    responses: {
      /** @description Accepted (the same body whether or not the e-mail is known) */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['PasswordResetAccepted'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  confirmPasswordReset: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['PasswordResetConfirmRequest'];
      };
    };
    responses: {
      /** @description Password set */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['InvalidToken'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getMe: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The caller */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['Me'];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  setupMfa: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['MfaSetupRequest'];
      };
    };
    responses: {
      /** @description Secret to load into an authenticator app */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['MfaSetup'];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['ReauthenticationRequired'];
      409: components['responses']['Conflict'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  enableMfa: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['MfaCodeRequest'];
      };
    };
    responses: {
      /** @description Enabled */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['RecoveryCodes'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['ReauthenticationRequired'];
      409: components['responses']['Conflict'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  disableMfa: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['MfaCodeRequest'];
      };
    };
    responses: {
      /** @description Disabled */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['ReauthenticationRequired'];
      409: components['responses']['Conflict'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getTenantSettings: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The settings */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['TenantSettings'];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  updateTenantSettings: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateTenantSettingsRequest'];
      };
    };
    responses: {
      /** @description The settings after the change */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['TenantSettings'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      413: components['responses']['PayloadTooLarge'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  rotateApiKey: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': Record<string, never>;
      };
    };
    responses: {
      /** @description The new key */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['ApiKeyRotation'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  listUsers: {
    parameters: {
      query?: {
        page?: components['parameters']['Page'];
        limit?: components['parameters']['Limit'];
        role?: 'ADMIN' | 'MERCHANT' | 'CUSTOMER';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of users */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['User'][];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  createStaffUser: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateUserRequest'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['User'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The user */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['User'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  updateUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateUserRequest'];
      };
    };
    responses: {
      /** @description The user after the change */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['User'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  listCustomers: {
    parameters: {
      query?: {
        page?: components['parameters']['Page'];
        limit?: components['parameters']['Limit'];
        /** @description Case-insensitive substring of the e-mail or the name (`%` and `_` match themselves) */
        q?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of customers; `meta` has page, limit and total */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['Customer'][];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getCustomer: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The customer */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['Customer'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  listMyAddresses: {
    parameters: {
      query?: {
        page?: components['parameters']['Page'];
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of addresses; `meta` has page, limit and total */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['CustomerAddress'][];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  createMyAddress: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateCustomerAddressRequest'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['CustomerAddress'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  deleteMyAddress: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  updateMyAddress: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateCustomerAddressRequest'];
      };
    };
    responses: {
      /** @description The address after the change */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['CustomerAddress'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  listProducts: {
    parameters: {
      query?: {
        page?: components['parameters']['Page'];
        limit?: components['parameters']['Limit'];
        /** @description Case-insensitive substring match on name, SKU and description (trigram-indexed) */
        q?: string;
        /** @description Exact category */
        category?: string;
        /** @description Inclusive lower price bound (decimal; digits beyond the currency's must be zeros, else 400) */
        minPrice?: string;
        /** @description Inclusive upper price bound; must not be below minPrice */
        maxPrice?: string;
        /** @description Sort key; ties are broken by id so pages are stable */
        sort?: 'createdAt' | '-createdAt' | 'price' | '-price' | 'name';
        /** @description Staff only (MERCHANT/ADMIN); ignored for public and customers */
        isActive?: 'true' | 'false';
        /** @description Staff only (MERCHANT/ADMIN); ignored for public and customers, who only see active products */
        status?: 'draft' | 'active' | 'archived';
        /** @description Products assigned to this category or to any of its descendants */
        categoryId?: string;
        /** @description Products in this collection */
        collectionId?: string;
        /** @description The product with this handle (a list of at most one) */
        handle?: string;
        /** @description `true`: some active variant has `available > 0`; `false`: none has */
        inStock?: 'true' | 'false';
        /**
         * @description `option.<Name>=<value>` for any option name (`option.Size` is an example): products with an
         *     active variant of that value. Repeat the parameter for alternatives
         *     (`option.Size=M&option.Size=L`); with two or more option names ONE active variant must match
         *     all of them (`option.Size=M&option.Color=Black` finds products that have an "M / Black").
         *     Values match exactly (case-sensitive). At most 3 option names, 20 values each.
         */
        'option.Size'?: string | string[];
        /**
         * @description Comma-separated: `category`, `collection`, `price`, `option.<Name>` (at most 3 option
         *     facets); unknown names → 400. Returned in `meta.facets`, counted over the whole filtered
         *     result (not the page), every facet under all the filters including its own.
         */
        facets?: string;
      };
      header?: {
        /** @description Store subdomain, for public storefront calls (or use Host {subdomain}.{BASE_DOMAIN}) */
        'X-Tenant'?: components['parameters']['XTenant'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /**
       * @description A page of products; `meta` has page, limit and total, and `facets` when asked for.
       *     Facet counts are numbers of matching products: assigned directly to the category or
       *     collection (`name` is the category's name or the collection's title), or having an active
       *     variant with the option value; zero counts are omitted; `price` spans the matching
       *     products' active variants (null when nothing matches).
       */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProductListEnvelope'];
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  createProduct: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateProductRequest'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProductEnvelope'];
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['CatalogUnavailable'];
    };
  };
  getProduct: {
    parameters: {
      query?: never;
      header?: {
        /** @description Store subdomain, for public storefront calls (or use Host {subdomain}.{BASE_DOMAIN}) */
        'X-Tenant'?: components['parameters']['XTenant'];
      };
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The product */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProductEnvelope'];
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  deleteProduct: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted (soft) */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['CatalogUnavailable'];
    };
  };
  updateProduct: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateProductRequest'];
      };
    };
    responses: {
      /** @description The updated product */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProductEnvelope'];
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['CatalogUnavailable'];
    };
  };
  getProductByHandle: {
    parameters: {
      query?: never;
      header?: {
        /** @description Store subdomain, for public storefront calls (or use Host {subdomain}.{BASE_DOMAIN}) */
        'X-Tenant'?: components['parameters']['XTenant'];
      };
      path: {
        /** @description The product's handle (unique per tenant) */
        handle: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The product */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProductEnvelope'];
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  createVariant: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateVariantRequest'];
      };
    };
    responses: {
      /** @description The new variant */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['VariantEnvelope'];
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['CatalogUnavailable'];
    };
  };
  deleteVariant: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
        variantId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted or archived */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['CatalogUnavailable'];
    };
  };
  updateVariant: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
        variantId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateVariantRequest'];
      };
    };
    responses: {
      /** @description The updated variant */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['VariantEnvelope'];
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['CatalogUnavailable'];
    };
  };
  listCategories: {
    parameters: {
      query?: {
        page?: components['parameters']['Page'];
        limit?: components['parameters']['Limit'];
        /** @description A category id (its direct children), or the word `null` (the roots) */
        parentId?: string | 'null';
        /** @description Exact handle */
        handle?: string;
      };
      header?: {
        /** @description Store subdomain, for public storefront calls (or use Host {subdomain}.{BASE_DOMAIN}) */
        'X-Tenant'?: components['parameters']['XTenant'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of categories; `meta` has page, limit and total */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CategoryListEnvelope'];
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  createCategory: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateCategoryRequest'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CategoryEnvelope'];
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['CatalogUnavailable'];
    };
  };
  getCategory: {
    parameters: {
      query?: never;
      header?: {
        /** @description Store subdomain, for public storefront calls (or use Host {subdomain}.{BASE_DOMAIN}) */
        'X-Tenant'?: components['parameters']['XTenant'];
      };
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The category */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CategoryEnvelope'];
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  deleteCategory: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['CatalogUnavailable'];
    };
  };
  updateCategory: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateCategoryRequest'];
      };
    };
    responses: {
      /** @description The category after the change */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CategoryEnvelope'];
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['CatalogUnavailable'];
    };
  };
  listCollections: {
    parameters: {
      query?: {
        page?: components['parameters']['Page'];
        limit?: components['parameters']['Limit'];
        /** @description Exact handle */
        handle?: string;
      };
      header?: {
        /** @description Store subdomain, for public storefront calls (or use Host {subdomain}.{BASE_DOMAIN}) */
        'X-Tenant'?: components['parameters']['XTenant'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of collections; `meta` has page, limit and total */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CollectionListEnvelope'];
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  createCollection: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateCollectionRequest'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CollectionEnvelope'];
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['CatalogUnavailable'];
    };
  };
  getCollection: {
    parameters: {
      query?: never;
      header?: {
        /** @description Store subdomain, for public storefront calls (or use Host {subdomain}.{BASE_DOMAIN}) */
        'X-Tenant'?: components['parameters']['XTenant'];
      };
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The collection */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CollectionEnvelope'];
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  deleteCollection: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['CatalogUnavailable'];
    };
  };
  updateCollection: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateCollectionRequest'];
      };
    };
    responses: {
      /** @description The collection after the change */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CollectionEnvelope'];
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['CatalogUnavailable'];
    };
  };
  listInventory: {
    parameters: {
      query?: {
        page?: components['parameters']['Page'];
        limit?: components['parameters']['Limit'];
        /** @description "true": only variants whose available stock is at or below their threshold */
        lowStock?: 'true' | 'false';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of stock levels */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['InventoryListEnvelope'];
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  updateVariantInventory: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        variantId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateInventoryRequest'];
      };
    };
    responses: {
      /** @description The new stock level */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['InventoryItemEnvelope'];
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['CatalogUnavailable'];
    };
  };
  updateInventory: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        productId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateInventoryRequest'];
      };
    };
    responses: {
      /** @description The new stock level */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['InventoryItemEnvelope'];
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['CatalogUnavailable'];
    };
  };
  listAuditLogs: {
    parameters: {
      query?: {
        page?: components['parameters']['Page'];
        limit?: components['parameters']['Limit'];
        /** @description e.g. product, inventory, user, api_key, order, webhook_endpoint, tenant */
        resource?: string;
        resourceId?: string;
        action?: 'CREATE' | 'UPDATE' | 'DELETE';
        /** @description Inclusive lower bound, ISO-8601 date-time (Z or offset) or date (UTC midnight) */
        from?: string;
        /** @description Inclusive upper bound, same format; must not be before `from` */
        to?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of audit entries */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AuditLogListEnvelope'];
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  listOrders: {
    parameters: {
      query?: {
        page?: components['parameters']['Page'];
        limit?: components['parameters']['Limit'];
        status?: components['schemas']['OrderStatus'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of orders */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['Order'][];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  createOrder: {
    parameters: {
      query?: never;
      header?: {
        /** @description Recommended; 1–255 visible ASCII characters */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateOrderRequest'];
      };
    };
    responses: {
      /** @description Created (or a replay of the first response for this Idempotency-Key) */
      201: {
        headers: {
          /** @description "true" when this is a stored response replayed */
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['OrderEnvelope'];
        };
      };
      /** @description VALIDATION_ERROR (details.issues), or VARIANT_REQUIRED `{productId}`: a `productId`-only line for a product with several variants */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelope'];
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      /** @description Unknown variant (`details.variantId`), product (`details.productId`) or customer (`details.customerId`) in this store */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelope'];
        };
      };
      /**
       * @description INSUFFICIENT_STOCK `{productId, variantId?, requested, available}`; VARIANT_UNAVAILABLE
       *     `{variantId, productId}` (archived variant or product not active); TOO_MANY_PENDING_ORDERS
       *     `{maxPendingOrders}` (a customer at the unpaid-order cap); IDEMPOTENCY_KEY_IN_USE
       */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelope'];
        };
      };
      413: components['responses']['PayloadTooLarge'];
      /** @description IDEMPOTENCY_KEY_REUSED — the same Idempotency-Key with a different body */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelope'];
        };
      };
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getOrder: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The order */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['OrderEnvelope'];
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  cancelOrder: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The cancelled order */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['OrderEnvelope'];
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['InvalidStatusTransition'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      502: components['responses']['PaymentProviderError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  changeOrderStatus: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          status: components['schemas']['OrderStatus'];
        };
      };
    };
    responses: {
      /** @description The order after the change */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['OrderEnvelope'];
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['InvalidStatusTransition'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      502: components['responses']['PaymentProviderError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  listRefunds: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The order's refunds (failed ones included) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['Refund'][];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  createRefund: {
    parameters: {
      query?: never;
      header?: {
        /** @description Recommended; 1–255 visible ASCII characters */
        'Idempotency-Key'?: string;
      };
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateRefundRequest'];
      };
    };
    responses: {
      /** @description The refund (or a replay of the first response for this Idempotency-Key) */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['Refund'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      /** @description ORDER_NOT_PAID, REFUND_EXCEEDS_PAYMENT, REFUND_EXCEEDS_ORDER, SHIPPING_ALREADY_REFUNDED, AMOUNT_NOT_REPRESENTABLE or IDEMPOTENCY_KEY_IN_USE */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelope'];
        };
      };
      /** @description IDEMPOTENCY_KEY_REUSED — the same Idempotency-Key with a different body */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelope'];
        };
      };
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  listFulfillments: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The order's fulfilments (cancelled ones included) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['Fulfillment'][];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  createFulfillment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateFulfillmentRequest'];
      };
    };
    responses: {
      /** @description The fulfilment (`status` shipped) */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['Fulfillment'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      /** @description ORDER_NOT_PAID or FULFILLMENT_EXCEEDS_ORDER */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelope'];
        };
      };
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  updateFulfillment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
        fid: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateFulfillmentRequest'];
      };
    };
    responses: {
      /** @description The fulfilment after the change */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['Fulfillment'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      /** @description INVALID_STATUS_TRANSITION or FULFILLMENT_NOT_CANCELLABLE */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelope'];
        };
      };
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  listOrderReturns: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The order's returns */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['Return'][];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  createReturn: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateReturnRequest'];
      };
    };
    responses: {
      /** @description The return (`status` requested) */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['Return'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      /** @description RETURN_EXCEEDS_FULFILLED */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelope'];
        };
      };
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  listReturns: {
    parameters: {
      query?: {
        page?: components['parameters']['Page'];
        limit?: components['parameters']['Limit'];
        status?: 'requested' | 'received';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of returns; `meta` has page, limit and total */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['Return'][];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  receiveReturn: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ReceiveReturnRequest'];
      };
    };
    responses: {
      /** @description The received return */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['Return'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      /** @description RETURN_ALREADY_RECEIVED */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelope'];
        };
      };
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  createPaymentIntent: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** Format: uuid */
          orderId: string;
        };
      };
    };
    responses: {
      /** @description The order's existing payment intent */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PaymentIntentEnvelope'];
        };
      };
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PaymentIntentEnvelope'];
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      /**
       * @description INVALID_STATUS_TRANSITION (the order is not PENDING; `details {from, to}`), or
       *     AMOUNT_NOT_REPRESENTABLE (Stripe cannot charge the order total exactly in its
       *     currency: a fraction of a zero-decimal currency, a three-decimal amount not a
       *     multiple of 0.010, a fraction of an ISK; `details {amount, currency}`)
       */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelope'];
        };
      };
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      502: components['responses']['PaymentProviderError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  stripeWebhook: {
    parameters: {
      query?: never;
      header: {
        'Stripe-Signature': string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          id: string;
          type: string;
          data: Record<string, never>;
        };
      };
    };
    responses: {
      /** @description Received */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: {
              /** @constant */
              received: true;
              eventId: string;
              /** @enum {string} */
              result: 'applied' | 'duplicate' | 'ignored' | 'mismatch' | 'unmatched';
            };
          };
        };
      };
      400: components['responses']['ValidationError'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  listWebhookEndpoints: {
    parameters: {
      query?: {
        page?: components['parameters']['Page'];
        limit?: components['parameters']['Limit'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of endpoints */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['WebhookEndpoint'][];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  createWebhookEndpoint: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateWebhookEndpointRequest'];
      };
    };
    responses: {
      /** @description Created; `secret` is shown only here and on rotate-secret */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['WebhookEndpointWithSecret'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getWebhookEndpoint: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The endpoint */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['WebhookEndpoint'];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  deleteWebhookEndpoint: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  updateWebhookEndpoint: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateWebhookEndpointRequest'];
      };
    };
    responses: {
      /** @description The updated endpoint */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['WebhookEndpoint'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  rotateWebhookSecret: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The endpoint with its new secret */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['WebhookEndpointWithSecret'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  listWebhookDeliveries: {
    parameters: {
      query?: {
        page?: components['parameters']['Page'];
        limit?: components['parameters']['Limit'];
        status?: 'PENDING' | 'SUCCEEDED' | 'FAILED';
        eventType?: components['schemas']['WebhookEventType'];
      };
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of deliveries */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['WebhookDelivery'][];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  retryWebhookDelivery: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Queued; the delivery is PENDING and due now */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['WebhookDelivery'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      /** @description The endpoint is disabled (ENDPOINT_DISABLED) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelope'];
        };
      };
      500: components['responses']['InternalError'];
      /** @description The queue is unavailable (SERVICE_UNAVAILABLE) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelope'];
        };
      };
    };
  };
  listShippingZones: {
    parameters: {
      query?: {
        page?: components['parameters']['Page'];
        limit?: components['parameters']['Limit'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of zones; `meta` has page, limit and total */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['ShippingZone'][];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  createShippingZone: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateShippingZoneRequest'];
      };
    };
    responses: {
      /** @description The zone */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['ShippingZone'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      /** @description A country of the body already belongs to another zone of the tenant (ZONE_CONFLICT; `details.countries` names them when known) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelope'];
        };
      };
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getShippingZone: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The zone */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['ShippingZone'];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  deleteShippingZone: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  updateShippingZone: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateShippingZoneRequest'];
      };
    };
    responses: {
      /** @description The updated zone */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['ShippingZone'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      /** @description A country of the body already belongs to another zone of the tenant (ZONE_CONFLICT; `details.countries` names them when known) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelope'];
        };
      };
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  listTaxRates: {
    parameters: {
      query?: {
        page?: components['parameters']['Page'];
        limit?: components['parameters']['Limit'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of tax rates; `meta` has page, limit and total */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['TaxRate'][];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  createTaxRate: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateTaxRateRequest'];
      };
    };
    responses: {
      /** @description The tax rate */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['TaxRate'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      /** @description The tenant already has a rate for this (country, state), state null included (TAX_RATE_CONFLICT) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelope'];
        };
      };
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  deleteTaxRate: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  updateTaxRate: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateTaxRateRequest'];
      };
    };
    responses: {
      /** @description The updated tax rate */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['TaxRate'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      /** @description The tenant already has a rate for this (country, state), state null included (TAX_RATE_CONFLICT) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelope'];
        };
      };
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  listCarts: {
    parameters: {
      query?: {
        page?: components['parameters']['Page'];
        limit?: components['parameters']['Limit'];
        status?: 'open' | 'completed';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of carts; `meta` has page, limit and total */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['Cart'][];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  createCart: {
    parameters: {
      query?: never;
      header?: {
        /** @description Store subdomain, for public storefront calls (or use Host {subdomain}.{BASE_DOMAIN}) */
        'X-Tenant'?: components['parameters']['XTenant'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateCartRequest'];
      };
    };
    responses: {
      /** @description The cart, priced */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['Cart'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      /** @description A variant is not for sale (VARIANT_UNAVAILABLE) or a line exceeds its available stock (INSUFFICIENT_STOCK) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelope'];
        };
      };
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getCart: {
    parameters: {
      query?: never;
      header?: {
        /** @description Store subdomain, for public storefront calls (or use Host {subdomain}.{BASE_DOMAIN}) */
        'X-Tenant'?: components['parameters']['XTenant'];
      };
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The cart */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['Cart'];
          };
        };
      };
      404: components['responses']['NotFound'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  updateCart: {
    parameters: {
      query?: never;
      header?: {
        /** @description Store subdomain, for public storefront calls (or use Host {subdomain}.{BASE_DOMAIN}) */
        'X-Tenant'?: components['parameters']['XTenant'];
      };
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateCartRequest'];
      };
    };
    responses: {
      /** @description The cart */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['Cart'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      404: components['responses']['NotFound'];
      /** @description The cart is completed and read-only (CART_COMPLETED) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelope'];
        };
      };
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  addCartItem: {
    parameters: {
      query?: never;
      header?: {
        /** @description Store subdomain, for public storefront calls (or use Host {subdomain}.{BASE_DOMAIN}) */
        'X-Tenant'?: components['parameters']['XTenant'];
      };
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AddCartItemRequest'];
      };
    };
    responses: {
      /** @description The cart */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['Cart'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      404: components['responses']['NotFound'];
      /** @description CART_COMPLETED, VARIANT_UNAVAILABLE (archived variant or product not for sale) or INSUFFICIENT_STOCK */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelope'];
        };
      };
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  removeCartItem: {
    parameters: {
      query?: never;
      header?: {
        /** @description Store subdomain, for public storefront calls (or use Host {subdomain}.{BASE_DOMAIN}) */
        'X-Tenant'?: components['parameters']['XTenant'];
      };
      path: {
        id: components['parameters']['IdPath'];
        itemId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The cart */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['Cart'];
          };
        };
      };
      404: components['responses']['NotFound'];
      /** @description The cart is completed and read-only (CART_COMPLETED) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelope'];
        };
      };
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  updateCartItem: {
    parameters: {
      query?: never;
      header?: {
        /** @description Store subdomain, for public storefront calls (or use Host {subdomain}.{BASE_DOMAIN}) */
        'X-Tenant'?: components['parameters']['XTenant'];
      };
      path: {
        id: components['parameters']['IdPath'];
        itemId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateCartItemRequest'];
      };
    };
    responses: {
      /** @description The cart */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['Cart'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      404: components['responses']['NotFound'];
      /** @description CART_COMPLETED or INSUFFICIENT_STOCK */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelope'];
        };
      };
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  listCartShippingRates: {
    parameters: {
      query?: never;
      header?: {
        /** @description Store subdomain, for public storefront calls (or use Host {subdomain}.{BASE_DOMAIN}) */
        'X-Tenant'?: components['parameters']['XTenant'];
      };
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Eligible rates, in the zone's order */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['CartShippingRate'][];
          };
        };
      };
      /** @description The cart has no shipping address (ADDRESS_REQUIRED), or a malformed id (VALIDATION_ERROR) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelope'];
        };
      };
      404: components['responses']['NotFound'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  setCartShippingMethod: {
    parameters: {
      query?: never;
      header?: {
        /** @description Store subdomain, for public storefront calls (or use Host {subdomain}.{BASE_DOMAIN}) */
        'X-Tenant'?: components['parameters']['XTenant'];
      };
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SetShippingMethodRequest'];
      };
    };
    responses: {
      /** @description The cart */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['Cart'];
          };
        };
      };
      /** @description The cart has no shipping address (ADDRESS_REQUIRED), or an invalid body (VALIDATION_ERROR) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelope'];
        };
      };
      404: components['responses']['NotFound'];
      /** @description CART_COMPLETED, or the rate is unknown or not eligible for this cart (SHIPPING_RATE_UNAVAILABLE) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelope'];
        };
      };
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  addCartDiscountCode: {
    parameters: {
      query?: never;
      header?: {
        /** @description Store subdomain, for public storefront calls (or use Host {subdomain}.{BASE_DOMAIN}) */
        'X-Tenant'?: components['parameters']['XTenant'];
      };
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AddDiscountCodeRequest'];
      };
    };
    responses: {
      /** @description The cart */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['Cart'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      404: components['responses']['NotFound'];
      /** @description CART_COMPLETED or DISCOUNT_CODE_INVALID (`details.reason`, `details.code`) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelope'];
        };
      };
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  removeCartDiscountCode: {
    parameters: {
      query?: never;
      header?: {
        /** @description Store subdomain, for public storefront calls (or use Host {subdomain}.{BASE_DOMAIN}) */
        'X-Tenant'?: components['parameters']['XTenant'];
      };
      path: {
        id: components['parameters']['IdPath'];
        code: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The cart */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['Cart'];
          };
        };
      };
      404: components['responses']['NotFound'];
      /** @description The cart is completed and read-only (CART_COMPLETED) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelope'];
        };
      };
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  completeCart: {
    parameters: {
      query?: never;
      header?: {
        /** @description Store subdomain, for public storefront calls (or use Host {subdomain}.{BASE_DOMAIN}) */
        'X-Tenant'?: components['parameters']['XTenant'];
        'Idempotency-Key'?: string;
      };
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The cart was already completed; its order (the same one) and its payment */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CheckoutEnvelope'];
        };
      };
      /** @description The order created from the cart, and its payment */
      201: {
        headers: {
          'Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CheckoutEnvelope'];
        };
      };
      400: components['responses']['ValidationError'];
      404: components['responses']['NotFound'];
      /**
       * @description CART_INCOMPLETE (details.missing), SHIPPING_RATE_UNAVAILABLE, INSUFFICIENT_STOCK,
       *     VARIANT_UNAVAILABLE, TOO_MANY_PENDING_ORDERS (a guest e-mail's unpaid orders count too),
       *     IDEMPOTENCY_KEY_IN_USE, AMOUNT_NOT_REPRESENTABLE, DISCOUNT_CODE_INVALID (a code on the cart
       *     no longer applies, or a limited promotion's last use went to a concurrent order:
       *     details.reason, details.code; the cart stays open)
       */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelope'];
        };
      };
      /** @description The Idempotency-Key was used with a different request (IDEMPOTENCY_KEY_REUSED) */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelope'];
        };
      };
      500: components['responses']['InternalError'];
      /** @description Stripe refused or did not answer (the order exists; complete again to retry the payment) */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelope'];
        };
      };
      503: components['responses']['ServiceUnavailable'];
    };
  };
  listPromotions: {
    parameters: {
      query?: {
        page?: components['parameters']['Page'];
        limit?: components['parameters']['Limit'];
        status?: 'active' | 'disabled';
        /** @description Case-insensitive substring of the name or the code */
        q?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of promotions; `meta` has page, limit and total */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['Promotion'][];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  createPromotion: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreatePromotionRequest'];
      };
    };
    responses: {
      /** @description The promotion */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['Promotion'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      /** @description The store already has a promotion with this code, in any case (CODE_CONFLICT) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelope'];
        };
      };
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  getPromotion: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The promotion */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['Promotion'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  deletePromotion: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  updatePromotion: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['IdPath'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdatePromotionRequest'];
      };
    };
    responses: {
      /** @description The updated promotion */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuccessEnvelope'] & {
            data: components['schemas']['Promotion'];
          };
        };
      };
      400: components['responses']['ValidationError'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      /**
       * @description The store already has a promotion with this code, in any case (CODE_CONFLICT); or the
       *     new usageLimit is below the uses already made (USAGE_LIMIT_BELOW_USES, details
       *     `{timesUsed, usageLimit}`)
       */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorEnvelope'];
        };
      };
      500: components['responses']['InternalError'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  merchantEventDelivery: {
    parameters: {
      query?: never;
      header: {
        'webhook-id': string;
        'webhook-timestamp': number;
        'webhook-signature': string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['WebhookEvent'];
      };
    };
    responses: {
      /** @description Any 2xx acknowledges the event */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Any other answer (or none within 10 s) is retried */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
}
