// Users: customer self sign-up (via /auth/register) and staff created by an ADMIN. Each
// creation writes its audit row in the same transaction; secrets never go into audit rows.
import type { AppContext } from '../../platform/app-context';
import type { Actor } from '../../platform/auth/types';
import { withTenant } from '../../platform/db/prisma';
import { conflict, notFound } from '../../platform/errors';
import { skipTake } from '../../platform/http/validate';
import { hashPassword } from '../../platform/password';
import { recordAudit } from '../audit/audit.repository';
import { createUser, findUserById, listUsers, type RoleName } from './users.repository';
import { isUniqueViolation, toUserView, type ListUsersQuery, type UserView } from './users.schemas';

export interface NewUser {
  email: string;
  password: string;
  role: RoleName;
  name?: string;
}

export class UsersService {
  constructor(private readonly ctx: AppContext) {}

  /** Creates a user; `actor` null means self sign-up (the new user is its own actor). */
  async create(
    tenantId: string,
    input: NewUser,
    actor: Actor | null,
    correlationId: string | null = null,
  ): Promise<UserView> {
    const passwordHash = await hashPassword(input.password);
    try {
      return await withTenant(this.ctx.db, tenantId, async (tx) => {
        const u = await createUser(tx, {
          tenantId,
          email: input.email,
          passwordHash,
          role: input.role,
          name: input.name ?? null,
        });
        const who: Actor = actor ?? { tenantId, userId: u.id, actorType: 'user', correlationId };
        await recordAudit(tx, who, {
          action: 'CREATE',
          resource: 'user',
          resourceId: u.id,
          after: { id: u.id, email: u.email, role: u.role, name: u.name },
        });
        return toUserView(u);
      });
    } catch (e) {
      if (isUniqueViolation(e, 'email')) {
        throw conflict('EMAIL_TAKEN', 'A user with this e-mail already exists in this store', { field: 'email' });
      }
      throw e;
    }
  }

  async list(tenantId: string, q: ListUsersQuery): Promise<{ data: UserView[]; total: number }> {
    return withTenant(this.ctx.db, tenantId, async (tx) => {
      const { rows, total } = await listUsers(tx, { role: q.role, ...skipTake(q) });
      return { data: rows.map(toUserView), total };
    });
  }

  async get(tenantId: string, id: string): Promise<UserView> {
    const u = await withTenant(this.ctx.db, tenantId, (tx) => findUserById(tx, id));
    if (!u) throw notFound('User');
    return toUserView(u);
  }
}
