// URL handles (products, categories, collections): lower-case words joined by '-', unique per
// tenant. One definition so every resource generates and validates them the same way.
import { z } from 'zod';

export const HANDLE_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const HANDLE_MAX = 200;

export const handleSchema = z
  .string()
  .max(HANDLE_MAX)
  .regex(HANDLE_RE, 'must be lower-case letters and digits in words joined by single hyphens');

/**
 * The handle generated from a name (contract part 2): lower case, runs of other characters
 * become one '-', no '-' at either end. Letters outside a–z (accents, other scripts) are
 * decomposed first so "Café Crème" → "cafe-creme"; a name with nothing left → "item".
 */
export function handleFrom(name: string): string {
  const h = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, HANDLE_MAX - 12)
    .replace(/-+$/, '');
  return h.length > 0 ? h : 'item';
}

/** The n-th candidate for a generated handle on a clash: "shirt", "shirt-2", "shirt-3", … */
export const handleCandidate = (base: string, n: number): string => (n <= 1 ? base : `${base}-${n}`);

/** The first candidate of `base` ("shirt", "shirt-2", …) not in `taken`. */
export function firstFreeHandle(base: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) if (!taken.has(handleCandidate(base, n))) return handleCandidate(base, n);
}
