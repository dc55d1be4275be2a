// Staff users and the public view of a user (never the password hash or MFA secrets).
import { z } from 'zod';
import { ROLES } from '../../platform/auth/types';
import type { OpenApiSchemas } from '../../platform/http/schema-registry';
import { selectFields } from '../../platform/db/select-fields';
import { pagination } from '../../platform/http/validate';
import { emailSchema, passwordSchema } from '../tenants';

export const createStaffBody = z
  .object({
    email: emailSchema,
    password: passwordSchema,
    role: z.enum(['ADMIN', 'MERCHANT']),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type CreateStaffInput = z.infer<typeof createStaffBody>;

/** PATCH /users/:id: lock a user out (or let them back in), or move staff between roles. */
export const updateUserBody = z
  .object({ disabled: z.boolean().optional(), role: z.enum(['ADMIN', 'MERCHANT']).optional() })
  .strict()
  .refine((b) => b.disabled !== undefined || b.role !== undefined, {
    message: 'give disabled and/or role',
    path: ['disabled'],
  })
  .meta({ minProperties: 1 });
export type UpdateUserInput = z.infer<typeof updateUserBody>;

export const listUsersQuery = z.object({ ...pagination, role: z.enum(ROLES).optional() }).strict();
export type ListUsersQuery = z.infer<typeof listUsersQuery>;

/** The public user (never the password hash or MFA secrets). */
export const userView = z.object({
  id: z.uuid(),
  email: z.email(),
  name: z.string().nullable(),
  role: z.enum(ROLES),
  mfaEnabled: z.boolean(),
  disabled: z.boolean().describe('Locked out by an ADMIN'),
  createdAt: z.iso.datetime(),
});
export type UserView = z.infer<typeof userView>;

/** GET /auth/me: the caller, a user (with its public fields) or an API key. */
export const meView = z.discriminatedUnion('type', [
  userView.extend({ type: z.literal('user'), tenantId: z.uuid(), amr: z.array(z.string()) }),
  z.object({
    type: z.literal('api_key'),
    id: z.uuid(),
    tenantId: z.uuid(),
    role: z.enum(ROLES),
    amr: z.array(z.string()),
  }),
]);
export type MeView = z.infer<typeof meView>;

/** The columns the view reads (its fields), and the row they make. */
export const userSelect = selectFields(userView);
export type UserRow = Omit<UserView, 'createdAt'> & { createdAt: Date };

export function toUserView(u: UserRow): UserView {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    mfaEnabled: u.mfaEnabled,
    disabled: u.disabled,
    createdAt: u.createdAt.toISOString(),
  };
}

export const openApiSchemas: OpenApiSchemas = {
  requests: { CreateUserRequest: createStaffBody, UpdateUserRequest: updateUserBody },
  responses: { User: userView, Me: meView },
};
