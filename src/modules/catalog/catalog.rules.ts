// The catalog's write rules that need no database: options, a variant's option values and
// title, duplicate combinations and SKUs within one request. Errors use the contract's codes.
import { badRequest, conflict } from '../../platform/errors';
import type { ProductOption } from './catalog.variant-schemas';

export const invalid = (path: string, message: string) =>
  badRequest('Request validation failed', { issues: [{ path, message, code: 'custom' }] });

export const skuTaken = (sku?: string) =>
  sku
    ? conflict('SKU_CONFLICT', `A variant with SKU "${sku}" already exists in this store`, { field: 'sku', sku })
    : conflict('SKU_CONFLICT', 'A SKU of this request is already used by a variant in this store', { field: 'sku' });

export const combinationTaken = (optionValues: Record<string, string>) =>
  conflict('VARIANT_CONFLICT', 'Another active variant of this product has the same option values', { optionValues });

/** Option names unique, each option's values unique (a duplicate would make titles ambiguous). */
export function assertOptions(options: readonly ProductOption[], path = 'options'): void {
  const names = new Set<string>();
  options.forEach((o, i) => {
    if (names.has(o.name)) throw invalid(`${path}.${i}.name`, `duplicate option "${o.name}"`);
    names.add(o.name);
    if (new Set(o.values).size !== o.values.length) throw invalid(`${path}.${i}.values`, 'duplicate values');
  });
}

/**
 * The variant's title ("M / Black": its values in option order; "Default" without options),
 * after checking that it names exactly one declared value of every option.
 */
export function variantTitle(
  options: readonly ProductOption[],
  optionValues: Readonly<Record<string, string>>,
  path: string,
): string {
  for (const key of Object.keys(optionValues))
    if (!options.some((o) => o.name === key))
      throw invalid(`${path}.${key}`, `"${key}" is not an option of this product`);
  const values = options.map((o) => {
    const v = optionValues[o.name];
    if (v === undefined) throw invalid(`${path}.${o.name}`, `a value of option "${o.name}" is required`);
    if (!o.values.includes(v)) throw invalid(`${path}.${o.name}`, `"${v}" is not a value of option "${o.name}"`);
    return v;
  });
  return values.length === 0 ? 'Default' : values.join(' / ');
}

/** A combination's identity, independent of key order (jsonb equality is too). */
export const comboKey = (options: readonly ProductOption[], optionValues: Readonly<Record<string, string>>): string =>
  JSON.stringify(options.map((o) => optionValues[o.name] ?? null));

/** 409 for the first repeated combination or SKU among `variants` (one request's). */
export function assertDistinct(
  options: readonly ProductOption[],
  variants: readonly { sku: string; optionValues: Record<string, string> }[],
): void {
  const combos = new Set<string>();
  const skus = new Set<string>();
  for (const v of variants) {
    const k = comboKey(options, v.optionValues);
    if (combos.has(k)) throw combinationTaken(v.optionValues);
    combos.add(k);
    if (skus.has(v.sku)) throw skuTaken(v.sku);
    skus.add(v.sku);
  }
}

/**
 * Whether an options edit keeps every active variant valid: same option names in the same
 * order (titles and combinations are built from them), and every value an active variant
 * uses still declared. New values may be added and unused ones removed or reordered.
 */
export function optionsEditRefusal(
  before: readonly ProductOption[],
  after: readonly ProductOption[],
  activeValues: readonly Record<string, string>[],
): string | null {
  const names = (os: readonly ProductOption[]) => os.map((o) => o.name).join('\u0000');
  if (activeValues.length > 0 && names(before) !== names(after))
    return 'option names and order cannot change while the product has active variants; archive or delete them first';
  for (const values of activeValues)
    for (const o of after)
      if (!o.values.includes(values[o.name] ?? ''))
        return `value "${values[o.name] ?? ''}" of option "${o.name}" is used by an active variant`;
  return null;
}
