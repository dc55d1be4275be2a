// GET /products: the list query (part-1 filters plus categoryId, collectionId, handle,
// status, option.<Name>, inStock and facets) and the facets it returns in meta.
import { z } from 'zod';
import { handleSchema } from '../../platform/handle';
import type { OpenApiSchemas } from '../../platform/http/schema-registry';
import { pagination, queryBool } from '../../platform/http/validate';
import { moneySchema } from '../../platform/money';
import { PRODUCT_SORTS, PRODUCT_STATUSES, text } from './catalog.schemas';

export const OPTION_PREFIX = 'option.';
/** Options per product (contract: 0–3), so at most 3 option filters or facets. */
const MAX_OPTIONS = 3;
const MAX_VALUES = 20;

const optionName = text(100);
const optionValues = z
  .union([text(100), z.array(text(100)).min(1).max(MAX_VALUES)])
  .transform((v) => [...new Set(Array.isArray(v) ? v : [v])].sort());

const facetNames = z.union([z.string(), z.array(z.string())]).transform((v, ctx) => {
  const names = (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim());
  const out = new Set<string>();
  for (const n of names) {
    const option = n.startsWith(OPTION_PREFIX) ? optionName.safeParse(n.slice(OPTION_PREFIX.length)) : null;
    if (n === 'category' || n === 'collection' || n === 'price' || option?.success) out.add(n);
    else {
      ctx.addIssue({
        code: 'custom',
        message: `unknown facet "${n}" (category, collection, price or option.<Name>)`,
      });
      return z.NEVER;
    }
  }
  const options = [...out].filter((n) => n.startsWith(OPTION_PREFIX));
  if (options.length > MAX_OPTIONS) {
    ctx.addIssue({ code: 'custom', message: `at most ${MAX_OPTIONS} option facets` });
    return z.NEVER;
  }
  return [...out].sort();
});

/** `option.Size=M` keys arrive as they are (Express's simple query parser): gathered under `options`. */
function gatherOptions(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return raw;
  const rest: Record<string, unknown> = {};
  const options: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k.startsWith(OPTION_PREFIX)) options[k.slice(OPTION_PREFIX.length)] = v;
    else rest[k] = v;
  }
  // A literal `options` key is left in place, so it fails validation instead of being merged.
  return Object.keys(options).length > 0 && !('options' in rest) ? { ...rest, options } : rest;
}

const listQueryObject = z
  .object({
    ...pagination,
    q: z.string().trim().min(1).max(200).optional(),
    category: z.string().trim().min(1).max(100).optional(),
    minPrice: moneySchema.optional(),
    maxPrice: moneySchema.optional(),
    sort: z.enum(PRODUCT_SORTS).default('-createdAt'),
    isActive: queryBool.optional(),
    status: z.enum(PRODUCT_STATUSES).optional(),
    categoryId: z.uuid({ message: 'must be a UUID' }).optional(),
    collectionId: z.uuid({ message: 'must be a UUID' }).optional(),
    handle: handleSchema.optional(),
    inStock: queryBool.optional(),
    options: z
      .record(optionName, optionValues)
      .refine((o) => Object.keys(o).length <= MAX_OPTIONS, `at most ${MAX_OPTIONS} option filters`)
      .optional(),
    facets: facetNames.optional(),
  })
  .strict()
  .refine((o) => o.minPrice === undefined || o.maxPrice === undefined || Number(o.minPrice) <= Number(o.maxPrice), {
    message: 'minPrice must not exceed maxPrice',
    path: ['minPrice'],
  });

export const listProductsQuery = z.preprocess(gatherOptions, listQueryObject);
export type ListProductsQuery = z.infer<typeof listQueryObject>;

const facetCount = z.number().int().min(1);
const facetEntry = z.object({ id: z.uuid(), name: z.string(), count: facetCount });

/** meta.facets: only the facets asked for; every count > 0 (zero counts are omitted). */
export const productFacets = z
  .object({
    category: z
      .array(facetEntry)
      .optional()
      .describe('Matching products assigned directly to each category; most products first'),
    collection: z
      .array(facetEntry)
      .optional()
      .describe("Matching products in each collection (`name` is the collection's title)"),
    price: z
      .object({ min: moneySchema, max: moneySchema })
      .nullable()
      .optional()
      .describe("The span of the matching products' active variants' prices; null when nothing matches"),
  })
  .catchall(z.array(z.object({ value: z.string(), count: facetCount })))
  .describe(
    '`"option.<Name>": [{value, count}]`: matching products with an active variant of that value. ' +
      'Every facet is counted over the whole filtered result, its own filter included.',
  );
export type ProductFacets = z.infer<typeof productFacets>;

export const openApiSchemas: OpenApiSchemas = {
  responses: { ProductFacets: productFacets },
};
