// Ending sessions. A session is a refresh-token family: ending it revokes the family in the
// database (no refresh works again) and denies its access tokens in Redis (the `sid` key)
// until the longest of them expires. Used by logout-all, password change and reset, MFA
// enrolment, and an ADMIN disabling a user or changing their role.
import type { AppContext } from '../../platform/app-context';
import { jwtService, type JwtService } from '../../platform/auth/jwt';
import type { Tx } from '../../platform/db/prisma';
import { revokeUserFamilies } from './auth.repository';

export class Sessions {
  private readonly jwt: JwtService;

  constructor(ctx: AppContext) {
    this.jwt = jwtService(ctx);
  }

  /**
   * Inside the caller's transaction: ends every session of the user except `keep` (the
   * caller's own, or null for all); returns how many ended. The deny-list is written before
   * the commit, so when Redis fails the transaction rolls back and nothing has changed.
   */
  async endAll(tx: Tx, tenantId: string, userId: string, keep: string | null): Promise<number> {
    const families = await revokeUserFamilies(tx, tenantId, userId, keep);
    await this.jwt.denySessions(families);
    return families.length;
  }
}
