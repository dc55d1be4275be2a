// Categories: a tree of any depth per tenant. The fields once; the bodies, the list query,
// the view (openapi.yaml's Category) and the repository's types derive from them.
import { z } from 'zod';
import type { OpenApiSchemas } from '../../platform/http/schema-registry';
import { uuidParam } from '../../platform/http/validate';
import { groupFields, groupListQuery, label, patchBody, type Page } from './groups.schemas';

const INT_MAX = 2_147_483_647;

export const categoryFields = {
  name: label(200),
  handle: groupFields.handle,
  parentId: z.uuid().nullable().describe('The parent category (same tenant); null for a root'),
  position: z.number().int().min(0).max(INT_MAX).describe('Order among siblings (ascending; ties by name)'),
  description: groupFields.description,
};

export const createCategoryBody = z
  .object(categoryFields)
  .partial({ handle: true, parentId: true, position: true, description: true })
  .extend({
    position: categoryFields.position
      .optional()
      .describe("Order among siblings; default: after the parent's last child (largest position + 1)"),
  })
  .strict();
export type CreateCategoryInput = z.infer<typeof createCategoryBody>;

export const updateCategoryBody = patchBody(categoryFields);
export type UpdateCategoryInput = z.infer<typeof updateCategoryBody>;

/** `?parentId=<uuid>`: its direct children; `?parentId=null`: the roots; absent: the whole tree. */
export const listCategoriesQuery = z
  .object({
    ...groupListQuery,
    parentId: z.union([z.literal('null').transform(() => null), uuidParam]).optional(),
  })
  .strict();
export type ListCategoriesQuery = z.infer<typeof listCategoriesQuery>;

export const categoryView = z.object({ id: z.uuid(), ...categoryFields });
export type CategoryView = z.infer<typeof categoryView>;
export type CategoryPage = Page<CategoryView>;

/** A category to insert (handle and position resolved by the service). */
export type NewCategory = Omit<CategoryView, 'id'> & { tenantId: string };
export type CategoryChanges = Partial<Omit<CategoryView, 'id'>>;

export const openApiSchemas: OpenApiSchemas = {
  requests: { CreateCategoryRequest: createCategoryBody, UpdateCategoryRequest: updateCategoryBody },
  responses: { Category: categoryView },
};
