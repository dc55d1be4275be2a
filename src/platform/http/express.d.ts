// Request properties set by platform middleware.
import type { Principal, TenantRef } from '../auth/types';

declare global {
  namespace Express {
    interface Request {
      correlationId: string;
      /** Who is calling (JWT user or API key); undefined for public calls. */
      principal?: Principal;
      /** The tenant this request acts in, resolved by resolveTenant. */
      tenant?: TenantRef;
    }
  }
}

export {};
