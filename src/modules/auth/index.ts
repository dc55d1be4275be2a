// The auth module's public surface (docs/architecture.md): what other modules, the workers
// and the composition root may import. Everything else in this folder is private to it.
export { authRouter } from './auth.controller';
export { jwksRouter } from './jwks.controller';
export { AuthService } from './auth.service';
export { MfaService } from './mfa.service';
export { PasswordService } from './password.service';
/** A user's sessions (refresh-token families), ended by users when a user is disabled. */
export { Sessions } from './sessions';
export type { TokenPair } from './auth.schemas';
/** The zod schemas openapi.yaml documents (scripts/generate-openapi.ts). */
export { openApiSchemas } from './auth.schemas';
