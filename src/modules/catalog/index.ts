// The catalog module's public surface (docs/architecture.md): what other modules, the workers
// and the composition root may import. Everything else in this folder is private to it.
export { catalogRouter } from './catalog.controller';
export { CatalogService } from './catalog.service';
/** The inventory module's stock-write hook (wired in modules/index.ts): product.updated. */
export { productStockChanged } from './catalog.write';
/** Full product views for many ids at once (search/list pages, webhooks). */
export { loadProductViews, loadProductView, firstVariant } from './catalog.views';
export type { ProductRow, ProductView } from './catalog.schemas';
export type { VariantView } from './catalog.variant-schemas';
/** The zod schemas openapi.yaml documents (scripts/generate-openapi.ts). */
export { openApiSchemas } from './catalog.schemas';
export { openApiSchemas as searchOpenApiSchemas } from './catalog.search.schemas';
