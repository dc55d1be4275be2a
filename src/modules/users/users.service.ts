// Users: customer self sign-up (via /auth/register), staff created by an ADMIN, and an
// ADMIN disabling a user or changing a staff role. Each change writes its audit row in the
// same transaction; secrets never go into audit rows.
import type { AppContext } from '../../platform/app-context';
import { jwtService } from '../../platform/auth/jwt';
import { actorOf, type Actor, type Role } from '../../platform/auth/types';
import { isUniqueViolation } from '../../platform/db/errors';
import { withTenant } from '../../platform/db/prisma';
import { conflict, notFound } from '../../platform/errors';
import { skipTake } from '../../platform/http/validate';
import { hashPassword } from '../../platform/password';
import { Sessions } from '../auth';
import { tenantWrite, type Write } from '../write-path';
import { createUser, findUserById, listUsers, lockActiveAdmins, lockUser, updateUser } from './users.repository';
import { toUserView, type ListUsersQuery, type UpdateUserInput, type UserView } from './users.schemas';

export interface NewUser {
  email: string;
  password: string;
  role: Role;
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
    /** Runs in the user's transaction once the row exists (self sign-up attaches guest orders). */
    afterInsert?: (w: Write, user: { id: string; email: string }) => Promise<void>,
  ): Promise<UserView> {
    const passwordHash = await hashPassword(input.password);
    try {
      // Self sign-up: the new user is the audit row's actor (known once the row exists).
      return await tenantWrite(this.ctx, actor ?? actorOf(undefined, tenantId, correlationId), async (w) => {
        const u = await createUser(w.tx, {
          tenantId,
          email: input.email,
          passwordHash,
          role: input.role,
          name: input.name ?? null,
        });
        if (afterInsert) await afterInsert(w, { id: u.id, email: u.email });
        const who: Actor = actor ?? { tenantId, userId: u.id, actorType: 'user', correlationId };
        w.audit(
          {
            action: 'CREATE',
            resource: 'user',
            resourceId: u.id,
            after: { id: u.id, email: u.email, role: u.role, name: u.name },
          },
          who,
        );
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

  /**
   * PATCH /users/:id. Disabling locks the user out at once (sessions ended, every access token
   * of the user denied while the deny key lives; login and refresh check the flag). A role
   * change also ends the user's sessions, so no token keeps the old role. Staff roles only
   * (a CUSTOMER's role cannot change: 409 ROLE_CHANGE_NOT_ALLOWED), and the tenant always
   * keeps an active ADMIN (409 LAST_ADMIN).
   */
  async update(tenantId: string, id: string, input: UpdateUserInput, actor: Actor): Promise<UserView> {
    const jwt = jwtService(this.ctx);
    const sessions = new Sessions(this.ctx);
    return tenantWrite(this.ctx, actor, async (w) => {
      const { tx } = w;
      // Admins first, then the target (already locked if it is one): one lock order for all.
      const admins = await lockActiveAdmins(tx, tenantId);
      const u = await lockUser(tx, id);
      if (!u) throw notFound('User');
      if (input.role !== undefined && input.role !== u.role && u.role === 'CUSTOMER') {
        throw conflict('ROLE_CHANGE_NOT_ALLOWED', "A customer's role cannot be changed; create a staff user instead");
      }
      const before = { role: u.role, disabled: u.disabled };
      const after = { role: input.role ?? u.role, disabled: input.disabled ?? u.disabled };
      const stillAdmin = after.role === 'ADMIN' && !after.disabled;
      if (admins.includes(id) && !stillAdmin && admins.length === 1) {
        throw conflict('LAST_ADMIN', 'The store must keep at least one active ADMIN');
      }
      if (before.role === after.role && before.disabled === after.disabled) {
        return toUserView((await findUserById(tx, id))!);
      }
      const view = toUserView(await updateUser(tx, id, after));
      const ended = await sessions.endAll(tx, tenantId, id, null);
      // Redis before the commit: if it fails, nothing has changed. Re-enabling lifts the
      // per-user key; the sessions the disabling ended stay ended (their sid keys).
      if (after.disabled && !before.disabled) await jwt.denyUser(id);
      if (!after.disabled && before.disabled) await jwt.allowUser(id);
      w.audit({
        action: 'UPDATE',
        resource: 'user',
        resourceId: id,
        before,
        after: { ...after, sessionsEnded: ended },
      });
      return view;
    });
  }

  async get(tenantId: string, id: string): Promise<UserView> {
    const u = await withTenant(this.ctx.db, tenantId, (tx) => findUserById(tx, id));
    if (!u) throw notFound('User');
    return toUserView(u);
  }
}
