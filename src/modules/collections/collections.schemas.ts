// Collections: flat, manual groups of products. The fields once; the bodies, the list query,
// the view (openapi.yaml's Collection) and the repository's types derive from them.
import { z } from 'zod';
import type { OpenApiSchemas } from '../../platform/http/schema-registry';
import { groupFields, groupListQuery, label, patchBody, type Page } from '../categories';

export const collectionFields = { title: label(200), ...groupFields };

export const createCollectionBody = z.object(collectionFields).partial({ handle: true, description: true }).strict();
export type CreateCollectionInput = z.infer<typeof createCollectionBody>;

export const updateCollectionBody = patchBody(collectionFields);
export type UpdateCollectionInput = z.infer<typeof updateCollectionBody>;

export const listCollectionsQuery = z.object(groupListQuery).strict();
export type ListCollectionsQuery = z.infer<typeof listCollectionsQuery>;

export const collectionView = z.object({ id: z.uuid(), ...collectionFields });
export type CollectionView = z.infer<typeof collectionView>;
export type CollectionPage = Page<CollectionView>;

export type NewCollection = Omit<CollectionView, 'id'> & { tenantId: string };
export type CollectionChanges = Partial<Omit<CollectionView, 'id'>>;

export const openApiSchemas: OpenApiSchemas = {
  requests: { CreateCollectionRequest: createCollectionBody, UpdateCollectionRequest: updateCollectionBody },
  responses: { Collection: collectionView },
};
