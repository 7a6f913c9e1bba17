import { z } from 'zod';
import { errorResponseSchema } from './errors.ts';
import type { AnyRoute } from './route.ts';

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return json;
}

function parameters(schema: z.ZodType | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const json = toSchema(schema, 'input');
  const props = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    schema: s,
  }));
}

/**
 * OpenAPI 3.1 document generated from the route table, so it cannot drift from the code.
 * Public endpoints say so with `security: []`; the rest need the session cookie.
 */
export function buildOpenApi(routes: readonly AnyRoute[], info: { version: string }): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:(\w+)/gu, '{$1}');
    const op: JsonSchema = {
      summary: r.summary,
      tags: r.tags,
      operationId: `${r.method.toLowerCase()}${path.replace(/[^a-zA-Z0-9]+(.)?/gu, (_: string, c: string | undefined) => (c ?? '').toUpperCase())}`,
      security: r.auth.kind === 'public' ? [] : [{ session: [] }],
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      responses: {
        [String(r.successStatus ?? 200)]: r.response
          ? { description: 'OK', content: { 'application/json': { schema: toSchema(r.response, 'output') } } }
          : { description: 'No content' },
        default: {
          description: 'Error (translated to Accept-Language)',
          content: { 'application/json': { schema: toSchema(errorResponseSchema, 'output') } },
        },
      },
    };
    if (r.auth.kind === 'user') op['x-permission'] = r.auth.permission;
    if (r.personalData) op['x-personal-data'] = true;
    if (r.body)
      op.requestBody = {
        required: true,
        content: { 'application/json': { schema: toSchema(r.body, 'input') } },
      };
    (paths[path] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'EpiLink API',
      version: info.version,
      description: 'Epidemic response platform for a Vietnamese province.',
    },
    components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'epilink_session' } } },
    paths,
  };
}
