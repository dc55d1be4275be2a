// The inventory module's public surface (docs/architecture.md): what other modules, the
// workers and the composition root may import. Everything else in this folder is private to it.
export { inventoryRouter } from './inventory.controller';
export {
  adjustStockInTx,
  emitLowStockIfCrossed,
  insufficientStock,
  InventoryService,
  releaseReservedInTx,
  restockInTx,
  shipReservedInTx,
  stockRefusal,
  unshipReservedInTx,
  variantRequired,
  type StockRef,
  type StockWritten,
} from './inventory.service';
/** The stock-reserving CTEs that order creation runs in its one statement (orders.repository). */
export { takeStockCtes, type MovedStock, type StockLine } from './inventory.repository';
export type {
  InventoryItemView,
  InventoryRow,
  StockChange,
  StockLabel,
  StockLevel,
  StockTarget,
} from './inventory.schemas';
/** The zod schemas openapi.yaml documents (scripts/generate-openapi.ts). */
export { openApiSchemas } from './inventory.schemas';
