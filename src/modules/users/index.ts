// The users module's public surface (docs/architecture.md): what other modules, the workers
// and the composition root may import. Everything else in this folder is private to it.
export { usersRouter } from './users.controller';
export { UsersService } from './users.service';
/** The credential and sign-in state reads and writes that auth builds on. */
export {
  findAuthState,
  findCredentialsByEmail,
  findCredentialsById,
  findUserById,
  setPasswordHash,
} from './users.repository';
export { toUserView, type UserRow, type UserView } from './users.schemas';
/** The zod schemas openapi.yaml documents (scripts/generate-openapi.ts). */
export { openApiSchemas } from './users.schemas';
