// Checks a response against what openapi.yaml documents for its operation and status, so a
// drift between the code and the spec fails the test that saw it. The spec is OpenAPI 3.1,
// whose schemas are JSON Schema 2020-12: Ajv's 2020 dialect validates them as they are.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

interface MediaType {
  schema?: unknown;
}
interface ResponseObject {
  $ref?: string;
  content?: Record<string, MediaType>;
}
interface Operation {
  responses?: Record<string, ResponseObject>;
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components?: { responses?: Record<string, ResponseObject> };
}

export interface SpecResponse {
  method: string;
  /** Path with or without the query string, or an absolute URL. */
  url: string;
  status: number;
  contentType?: string;
  body: unknown;
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);
const escapePointer = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

export class OpenApiResponseValidator {
  private readonly ajv: Ajv2020;
  private readonly routes: Array<{ template: string; re: RegExp; params: number }>;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly spec: Spec) {
    // strict off: the spec document around the schemas (info, paths …) is not a schema, and
    // OpenAPI adds annotations (example) that JSON Schema does not define.
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema(spec as object, 'openapi');
    this.routes = Object.keys(spec.paths)
      .map((template) => ({
        template,
        re: new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
        params: (template.match(/\{/g) ?? []).length,
      }))
      // A literal segment wins over a parameter (/tenants/current before /tenants/{id}).
      .sort((a, b) => a.params - b.params);
  }

  static fromFile(file = path.resolve(__dirname, '../../openapi.yaml')): OpenApiResponseValidator {
    return new OpenApiResponseValidator(parse(readFileSync(file, 'utf8')) as Spec);
  }

  /** The problems with `res` against the spec, or null when it matches (or is not an API operation). */
  check(res: SpecResponse): string | null {
    const method = res.method.toLowerCase();
    if (!METHODS.has(method)) return null; // OPTIONS preflights and HEAD are described in prose
    const pathname = new URL(res.url, 'http://x').pathname;
    const route = this.routes.find((r) => r.re.test(pathname) && this.spec.paths[r.template]![method]);
    const isJson = /^application\/(?:[\w.+-]+\+)?json/i.test(res.contentType ?? '');
    const where = `${res.method.toUpperCase()} ${pathname} → ${res.status}`;
    // Not an operation of the spec (an unknown route, a stand-in app's own route): nothing to compare.
    if (!route) return null;
    const op = this.spec.paths[route.template]![method]!;
    const responses = op.responses ?? {};
    const key = [String(res.status), `${String(res.status)[0]}XX`, 'default'].find((k) => responses[k]);
    if (!key)
      return `${where}: status ${res.status} is not documented for ${method.toUpperCase()} ${route.template}; body: ${JSON.stringify(res.body).slice(0, 400)}`;
    const pointer = `#/paths/${escapePointer(route.template)}/${method}/responses/${key}`;
    let response = responses[key]!;
    let base = pointer;
    if (response.$ref) {
      base = response.$ref;
      response = this.spec.components!.responses![response.$ref.split('/').pop()!]!;
    }
    if (!isJson) return null;
    const media = response.content?.['application/json'];
    if (!media) return `${where}: a JSON body is not documented for this status`;
    if (!media.schema) return null;
    return this.run(`openapi${base}/content/application~1json/schema`, res.body, where);
  }

  private run(ref: string, body: unknown, where: string): string | null {
    let validate = this.compiled.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: ref });
      this.compiled.set(ref, validate);
    }
    if (validate(body)) return null;
    const problems = (validate.errors ?? [])
      .slice(0, 8)
      .map((e) => `  ${e.instancePath || '(body)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
    return `${where}: the body does not match openapi.yaml\n${problems.join('\n')}\nbody: ${JSON.stringify(body).slice(0, 600)}`;
  }
}
