// The carts module's public surface (docs/architecture.md).
export { cartsRouter } from './carts.controller';
export { CartsService } from './carts.service';
export type { CartView } from './carts.schemas';
/** The zod schemas openapi.yaml documents (scripts/generate-openapi.ts). */
export { openApiSchemas } from './carts.schemas';
