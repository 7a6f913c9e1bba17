import { AppError, pickLanguage } from '@epilink/core';
import type { Language } from '@epilink/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { ANONYMOUS, requirePermission } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import { authenticate } from '../auth/session.ts';
import type { AppDeps } from '../deps.ts';
import { validationError } from './errors.ts';
import type { AnyRoute } from './route.ts';

/** Header the web app sends on every mutating request; a cross-site form cannot (CSRF defence). */
export const CSRF_HEADER = 'x-epilink-csrf';

/** The request's language: explicit `?lang=`, else Accept-Language, else Vietnamese. */
export function requestLanguage(request: FastifyRequest): Language {
  const q = (request.query as Record<string, unknown> | undefined)?.lang;
  return pickLanguage(typeof q === 'string' ? q : request.headers['accept-language']);
}

/** `?lang=` is understood by every route (see requestLanguage), so schemas need not declare it. */
function withoutLang(query: unknown): unknown {
  if (typeof query !== 'object' || query === null || !('lang' in query)) return query;
  const { lang: _lang, ...rest } = query as Record<string, unknown>;
  return rest;
}

function parsePart<T extends z.ZodType>(
  schema: T | undefined,
  value: unknown,
  part: string,
): z.output<T> | undefined {
  if (!schema) return undefined;
  const parsed = schema.safeParse(value ?? {}, { reportInput: true });
  if (!parsed.success) throw validationError(parsed.error, part);
  return parsed.data;
}

/**
 * Register the route table. Every endpoint runs the same chain:
 * authenticate → CSRF check → validate (zod) → authorize (role permission) → handler (which scopes
 * data by jurisdiction and opens its transaction) → present (the response schema strips
 * everything it does not declare).
 */
export function registerRoutes(app: FastifyInstance, deps: AppDeps, routes: readonly AnyRoute[]): void {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.url,
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const lang = requestLanguage(request);
        let access: Access = ANONYMOUS;
        if (route.auth.kind === 'user') {
          const session = await authenticate(deps, request);
          if (!session) throw new AppError('UNAUTHENTICATED');
          if (route.method !== 'GET' && request.headers[CSRF_HEADER] === undefined)
            throw new AppError('FORBIDDEN');
          access = session.access;
        }
        const params = parsePart(route.params, request.params, 'params');
        const query = parsePart(route.query, withoutLang(request.query), 'query');
        const body = parsePart(route.body, request.body, 'body');
        if (route.auth.kind === 'user') requirePermission(access, route.auth.permission);
        const result = await route.handler({
          params,
          query,
          body,
          access,
          lang,
          ip: request.ip,
          deps,
          request,
          reply,
        });
        if (reply.sent) return reply;
        reply.code(route.successStatus ?? 200);
        if (route.response === null) return reply.send();
        return reply.send(route.response.parse(result));
      },
    });
  }
}
