// The customers module's public surface (docs/architecture.md): what other modules, the workers
// and the composition root may import. Everything else in this folder is private to it.
export { customersRouter } from './customers.controller';
export { AddressesService, CustomersService } from './customers.service';
export { MAX_ADDRESSES_PER_CUSTOMER, type CustomerAddressView, type CustomerView } from './customers.schemas';
/** The zod schemas openapi.yaml documents (scripts/generate-openapi.ts). */
export { openApiSchemas } from './customers.schemas';
