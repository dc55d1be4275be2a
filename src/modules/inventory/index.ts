// The inventory module's public surface (docs/architecture.md): what other modules, the
// workers and the composition root may import. Everything else in this folder is private to it.
export { inventoryRouter } from './inventory.controller';
export {
  adjustStockInTx,
  emitLowStockIfCrossed,
  insufficientStock,
  InventoryService,
  stockRefusal,
} from './inventory.service';
/** The stock-taking CTEs that order creation runs in its one statement (orders.repository). */
export { takeStockCtes } from './inventory.repository';
export type { InventoryRow, StockChange, StockLevel } from './inventory.schemas';
/** The zod schemas openapi.yaml documents (scripts/generate-openapi.ts). */
export { openApiSchemas } from './inventory.schemas';
