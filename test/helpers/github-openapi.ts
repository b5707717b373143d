/**
 * GitHub's published OpenAPI description (from the `@octokit/openapi` package), loaded once, with an
 * operation matcher (method + path template) and a compact validator for the JSON-schema subset the
 * description uses: $ref, type (+ OpenAPI 3.0 `nullable`), properties, required, additionalProperties,
 * enum, items, min/maxLength, min/maxItems, minimum/maximum, pattern, oneOf/anyOf/allOf.
 * Used by test/helpers/github-api.ts to check every request the client sends (and every fake response).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = Record<string, Json>;

/** The parts of the OpenAPI document used here. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, Schema>>;
  components: Record<string, Record<string, Schema>>;
}

interface Template {
  template: string;
  regex: RegExp;
  names: string[];
  literals: number;
}

/** The loaded description and its path index. */
export interface GitHubSpec {
  doc: OpenApiDocument;
  templates: Template[];
  file: string;
}

let cached: GitHubSpec | undefined;

/** Loads `generated/api.github.com.json` from @octokit/openapi (once per process). */
export function loadGitHubSpec(): GitHubSpec {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const file = join(
    dirname(require.resolve('@octokit/openapi/package.json')),
    'generated',
    'api.github.com.json',
  );
  const doc = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
  const templates = Object.keys(doc.paths).map((template) => {
    const names: string[] = [];
    const parts = template.split('/');
    const segments = parts.map((seg, i) => {
      const m = /^\{([^}]+)\}$/.exec(seg);
      if (m) {
        names.push(m[1]!);
        // The contents API's trailing {path} is a file path: GitHub takes it with its slashes.
        return m[1] === 'path' && i === parts.length - 1 ? '(.+)' : '([^/]+)';
      }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    });
    return {
      template,
      regex: new RegExp(`^${segments.join('/')}$`),
      names,
      literals: template.split('/').filter((s) => s && !s.startsWith('{')).length,
    };
  });
  // More literal segments first: /issues/comments/{id} before /issues/{n}/comments style ambiguities.
  templates.sort((a, b) => b.literals - a.literals);
  cached = { doc, templates, file };
  return cached;
}

/** A documented operation matched by a request. */
export interface MatchedOperation {
  template: string;
  method: string;
  operation: Schema;
  operationId: string;
  pathParams: Record<string, string>;
}

/** The documented operation for `method` `pathname`, or undefined. */
export function matchOperation(
  spec: GitHubSpec,
  method: string,
  pathname: string,
): MatchedOperation | undefined {
  const lower = method.toLowerCase();
  for (const t of spec.templates) {
    const m = t.regex.exec(pathname);
    if (!m) continue;
    const operation = spec.doc.paths[t.template]![lower];
    if (!operation) continue;
    const pathParams: Record<string, string> = {};
    t.names.forEach((name, i) => (pathParams[name] = decodeURIComponent(m[i + 1]!)));
    return {
      template: t.template,
      method: lower,
      operation,
      operationId: asText(operation.operationId),
      pathParams,
    };
  }
  return undefined;
}

/** Follows `$ref` (local JSON pointers only). */
export function resolveRef(spec: GitHubSpec, schema: Schema): Schema {
  let current = schema;
  for (let hops = 0; typeof current.$ref === 'string' && hops < 20; hops++) {
    const parts = current.$ref.replace(/^#\//, '').split('/');
    let node: unknown = spec.doc;
    for (const part of parts)
      node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (!node) throw new Error(`unresolvable $ref ${current.$ref}`);
    current = node as Schema;
  }
  return current;
}

/** `strict`: undeclared properties are errors unless `additionalProperties` allows them (for request bodies). `params`: strings are coerced (query/path values), oneOf acts as anyOf. */
export interface ValidateMode {
  strict?: boolean;
  params?: boolean;
}

function typeOk(type: string, value: unknown): boolean {
  switch (type) {
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    default:
      return true;
  }
}

function coerce(type: unknown, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value))
    return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/** Validates `value` against `schema`; returns error strings (empty = valid), each starting with `at`. */
export function validateSchema(
  spec: GitHubSpec,
  schemaIn: Schema,
  valueIn: unknown,
  at: string,
  mode: ValidateMode = {},
  depth = 0,
): string[] {
  if (depth > 60) return [];
  const schema = resolveRef(spec, schemaIn);
  const value = mode.params ? coerce(schema.type, valueIn) : valueIn;
  const errors: string[] = [];
  if (value === null && (schema.nullable === true || schema.type === 'null')) return errors;
  for (const sub of (schema.allOf as Schema[] | undefined) ?? [])
    errors.push(...validateSchema(spec, sub, value, at, mode, depth + 1));
  const anyOf =
    (schema.anyOf as Schema[] | undefined) ??
    (mode.params ? (schema.oneOf as Schema[] | undefined) : undefined);
  if (anyOf && !anyOf.some((s) => validateSchema(spec, s, value, at, mode, depth + 1).length === 0))
    errors.push(`${at}: matches none of anyOf`);
  if (!mode.params && schema.oneOf) {
    const passing = (schema.oneOf as Schema[]).filter(
      (s) => validateSchema(spec, s, value, at, mode, depth + 1).length === 0,
    ).length;
    if (passing !== 1) errors.push(`${at}: matches ${passing} of oneOf (exactly one required)`);
  }
  if (Array.isArray(schema.enum) && !(schema.enum as unknown[]).includes(value)) {
    errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  const type = schema.type;
  if (typeof type === 'string' && !typeOk(type, value)) {
    errors.push(
      `${at}: expected ${type}${schema.nullable ? ' or null' : ''}, got ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}`,
    );
    return errors;
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (typeof schema.maxLength === 'number' && length > schema.maxLength)
      errors.push(`${at}: length ${length} exceeds maxLength ${schema.maxLength}`);
    if (typeof schema.minLength === 'number' && length < schema.minLength)
      errors.push(`${at}: length ${length} below minLength ${schema.minLength}`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value))
      errors.push(`${at}: does not match ${schema.pattern}`);
    if (
      schema.format === 'date-time' &&
      !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value)
    )
      errors.push(`${at}: not an ISO 8601 date-time: ${value}`);
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum)
      errors.push(`${at}: ${value} < minimum ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum)
      errors.push(`${at}: ${value} > maximum ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems)
      errors.push(`${at}: ${value.length} items exceed maxItems ${schema.maxItems}`);
    if (typeof schema.minItems === 'number' && value.length < schema.minItems)
      errors.push(`${at}: ${value.length} items below minItems ${schema.minItems}`);
    if (schema.items && typeof schema.items === 'object')
      value.forEach((item, i) =>
        errors.push(
          ...validateSchema(spec, schema.items as Schema, item, `${at}[${i}]`, mode, depth + 1),
        ),
      );
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const name of (schema.required as string[] | undefined) ?? [])
      if (!(name in obj)) errors.push(`${at}: missing required property "${name}"`);
    const props = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const [name, v] of Object.entries(obj)) {
      if (props[name])
        errors.push(...validateSchema(spec, props[name], v, `${at}.${name}`, mode, depth + 1));
      else if (schema.additionalProperties && typeof schema.additionalProperties === 'object')
        errors.push(
          ...validateSchema(
            spec,
            schema.additionalProperties as Schema,
            v,
            `${at}.${name}`,
            mode,
            depth + 1,
          ),
        );
      else if (
        schema.additionalProperties === false ||
        (mode.strict && schema.properties && schema.additionalProperties === undefined)
      )
        errors.push(`${at}: property "${name}" is not documented`);
    }
  }
  return errors;
}

/** The operation's parameters (path-level and operation-level), $refs resolved. */
export function operationParameters(spec: GitHubSpec, match: MatchedOperation): Schema[] {
  const pathLevel =
    (spec.doc.paths[match.template]!.parameters as unknown as Schema[] | undefined) ?? [];
  const opLevel = (match.operation.parameters as unknown as Schema[] | undefined) ?? [];
  return [...pathLevel, ...opLevel].map((p) => resolveRef(spec, p));
}

/** Validates path and query parameters and the JSON body of a request; returns errors. */
export function validateRequest(
  spec: GitHubSpec,
  match: MatchedOperation,
  query: URLSearchParams,
  body: unknown,
  contentType: string | undefined,
): string[] {
  const errors: string[] = [];
  const params = operationParameters(spec, match);
  const where = `${match.method.toUpperCase()} ${match.template}`;
  for (const p of params) {
    const name = asText(p.name);
    const raw =
      p.in === 'path'
        ? match.pathParams[name]
        : p.in === 'query'
          ? (query.get(name) ?? undefined)
          : undefined;
    if (p.in !== 'path' && p.in !== 'query') continue;
    if (raw === undefined) {
      if (p.required === true)
        errors.push(`${where}: missing required ${String(p.in)} parameter "${name}"`);
      continue;
    }
    if (p.schema)
      errors.push(
        ...validateSchema(spec, p.schema as Schema, raw, `${where} ${String(p.in)}.${name}`, {
          params: true,
        }),
      );
  }
  const known = new Set(
    params.filter((p) => p.in === 'query').map((p) => String(p.name as string)),
  );
  for (const name of query.keys())
    if (!known.has(name)) errors.push(`${where}: undocumented query parameter "${name}"`);
  const requestBody = match.operation.requestBody
    ? resolveRef(spec, match.operation.requestBody as Schema)
    : undefined;
  if (body === undefined) {
    if (requestBody?.required === true) errors.push(`${where}: request body is required`);
    return errors;
  }
  if (!requestBody) return [...errors, `${where}: sends a body but the operation documents none`];
  const json = (requestBody.content as Record<string, Schema> | undefined)?.['application/json'];
  if (!json) return [...errors, `${where}: the operation takes no application/json body`];
  if (!/^application\/json\b/.test(contentType ?? ''))
    errors.push(`${where}: body sent with content-type ${contentType ?? '(none)'}`);
  errors.push(
    ...validateSchema(spec, json.schema as Schema, body, `${where} body`, { strict: true }),
  );
  return errors;
}

/** Validates a (fake) response body against the documented response for `status`; returns errors. */
export function validateResponse(
  spec: GitHubSpec,
  match: MatchedOperation,
  status: number,
  body: unknown,
): string[] {
  const responses = match.operation.responses as Record<string, Schema>;
  const documented = responses[String(status)];
  const where = `${match.method.toUpperCase()} ${match.template} → ${status}`;
  if (!documented)
    return [`${where}: status not documented (documented: ${Object.keys(responses).join(', ')})`];
  const json = (resolveRef(spec, documented).content as Record<string, Schema> | undefined)?.[
    'application/json'
  ];
  if (!json?.schema) return body === undefined ? [] : [`${where}: documents no JSON body`];
  return validateSchema(spec, json.schema as Schema, body, `${where} response`);
}

/** The documented success status of an operation (lowest 2xx/3xx). */
export function successStatus(match: MatchedOperation): number {
  const codes = Object.keys(match.operation.responses as Record<string, unknown>)
    .map(Number)
    .filter((c) => c >= 200 && c < 400);
  return Math.min(...codes);
}

/** A deep copy of a documented example (`components.examples[name].value`). */
export function example<T = Record<string, unknown>>(spec: GitHubSpec, name: string): T {
  const ex = spec.doc.components.examples![name];
  if (!ex) throw new Error(`no example ${name} in the OpenAPI description`);
  return structuredClone(ex.value) as T;
}

export type { Json, Schema };

/** A spec field that should be a string, as text (a malformed spec shows as JSON, not [object Object]). */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}
