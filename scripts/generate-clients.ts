// Generates what integrators use from openapi.yaml: the typed SDK's schema (sdk/schema.ts,
// openapi-typescript) and the Postman collections (docs/postman/, openapi-to-postmanv2 plus a
// sign-up-to-paid-order smoke run that Newman executes in the test suite).
//   tsx scripts/generate-clients.ts          write the files
//   tsx scripts/generate-clients.ts --check  exit 1 when a committed file is stale (npm run lint)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { parse } from 'yaml';
import { pretty, ROOT, runMain, writeOrCheck } from './lib/generated-files';
import { smokeCollection } from './postman-smoke';

const SPEC = path.join(ROOT, 'openapi.yaml');
const HEADER = '// Generated from openapi.yaml by scripts/generate-clients.ts. Do not edit.\n';

/** Follows a local JSON pointer (#/a/b~1c) in the spec. */
function pointer(root: unknown, ref: string): unknown {
  return ref
    .slice(2)
    .split('/')
    .map((p) => decodeURIComponent(p.replace(/~1/g, '/').replace(/~0/g, '~')))
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root);
}

/**
 * Inlines $refs into other operations (#/paths/...): openapi-typescript types them as indexed
 * access into `paths`, which breaks on allOf members. References to components stay.
 */
function inlinePathRefs(node: unknown, root: unknown): unknown {
  if (Array.isArray(node)) return node.map((n) => inlinePathRefs(n, root));
  if (!node || typeof node !== 'object') return node;
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/paths/')) return inlinePathRefs(pointer(root, ref), root);
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, inlinePathRefs(v, root)]));
}

async function sdkSchema(specText: string): Promise<string> {
  const spec = parse(specText) as unknown;
  // defaultNonNullable off: a property with a default is optional in a request body.
  const ast = await openapiTS(JSON.stringify(inlinePathRefs(spec, spec)), {
    alphabetize: false,
    exportType: false,
    defaultNonNullable: false,
  });
  return HEADER + astToString(ast);
}

interface Converted {
  result: boolean;
  reason?: string;
  output: Array<{ data: Record<string, unknown> }>;
}

/**
 * openapi-to-postmanv2 stamps random ids on every item and fakes response examples from the
 * clock; the committed file must be reproducible. The responses are documented in openapi.yaml.
 */
function withoutRandomIds(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutRandomIds);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v))
      if (k !== 'id' && k !== '_postman_id' && k !== 'response') out[k] = withoutRandomIds(x);
    return out;
  }
  return v;
}

/** mulberry32: a seeded PRNG, so the converter's schema faker picks the same enum values every run. */
function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function fullCollection(specText: string): Promise<Record<string, unknown>> {
  // The converter fakes enum members and numbers with Math.random and offers no seed option.
  const random = Math.random;
  Math.random = seededRandom(20261127);
  try {
    return await convertToPostman(specText);
  } finally {
    Math.random = random;
  }
}

function convertToPostman(specText: string): Promise<Record<string, unknown>> {
  const converter = require('openapi-to-postmanv2') as {
    convert(i: { type: 'string'; data: string }, o: object, cb: (e: Error | null, r: Converted) => void): void;
  };
  return new Promise((resolve, reject) =>
    converter.convert(
      { type: 'string', data: specText },
      {
        folderStrategy: 'Tags',
        // Bodies show the schema's types ("<string>"): example values would be faked at random.
        parametersResolution: 'Schema',
      },
      (err, r) => {
        if (err) return reject(err);
        if (!r.result) return reject(new Error(`openapi-to-postmanv2: ${r.reason}`));
        resolve(withoutRandomIds(r.output[0]!.data) as Record<string, unknown>);
      },
    ),
  );
}

export async function generate(): Promise<Array<{ file: string; text: string }>> {
  const specText = readFileSync(SPEC, 'utf8');
  const spec = parse(specText) as Parameters<typeof smokeCollection>[0];
  const files = [
    { file: 'sdk/schema.ts', text: await sdkSchema(specText) },
    {
      file: 'docs/postman/commerce-api.postman_collection.json',
      text: JSON.stringify(await fullCollection(specText)),
    },
    { file: 'docs/postman/smoke.postman_collection.json', text: JSON.stringify(smokeCollection(spec)) },
  ];
  return Promise.all(files.map(async (f) => ({ file: f.file, text: await pretty(f.file, f.text) })));
}

runMain(module, async () => writeOrCheck(await generate()));
