import { AppError, pickLanguage } from '@epilink/core';
import type { Language } from '@epilink/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { ANONYMOUS, requirePermission } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import { auditDenied } from '../audit/denied.ts';
import { authenticateApiKey, bearerApiKey } from '../auth/apiKeys.ts';
import { RateLimiter } from '../auth/rateLimit.ts';
import { isBulkVerifier } from '../certificates/bulk-verifier.ts';
import { authenticate } from '../auth/session.ts';
import { authenticateCitizen } from '../citizens/session.ts';
import { writeAudit } from '../audit/audit.ts';
import type { Database } from '../db/client.ts';
import type { AppDeps } from '../deps.ts';
import { enqueue } from '../outbox/outbox.ts';
import { handlerDeps, requestData } from './data.ts';
import { validationError } from './errors.ts';
import { hostileStringDetails } from './hostileStrings.ts';
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

/** Header with the purpose of an access, recorded in the audit trail (optional, ≤ 200 chars). */
export const PURPOSE_HEADER = 'x-epilink-purpose';

function purposeOf(request: FastifyRequest): string | null {
  const v = request.headers[PURPOSE_HEADER];
  return typeof v === 'string' && v.length > 0 ? v.slice(0, 200) : null;
}

function requireCsrf(route: AnyRoute, request: FastifyRequest): void {
  if (route.method !== 'GET' && request.headers[CSRF_HEADER] === undefined) throw new AppError('FORBIDDEN');
}

/** Key of the per-caller rate limit bucket. */
function callerKey(access: Access): string | null {
  const { actor } = access;
  if (actor.kind === 'user') return `u:${actor.userId}`;
  if (actor.kind === 'citizen') return `c:${actor.citizenId}`;
  if (actor.kind === 'apiKey') return `k:${actor.keyId}`;
  return null;
}

/**
 * Who is calling, per the route's auth kind; throws UNAUTHENTICATED when the route needs a
 * caller and there is none (or, for `user` routes, the official has not passed the second factor).
 */
async function resolveAccess(deps: AppDeps, route: AnyRoute, request: FastifyRequest): Promise<Access> {
  switch (route.auth.kind) {
    case 'public':
      return ANONYMOUS;
    case 'user': {
      const key = bearerApiKey(request);
      if (key) {
        const access = await authenticateApiKey(deps.database.db, key);
        if (!access) throw new AppError('UNAUTHENTICATED');
        return access; // no cookie, so no CSRF risk
      }
      const session = await authenticate(deps, request);
      if (session?.stage !== 'active') throw new AppError('UNAUTHENTICATED');
      requireCsrf(route, request);
      return session.access;
    }
    case 'official': {
      const session = await authenticate(deps, request);
      if (session?.stage !== 'active') throw new AppError('UNAUTHENTICATED');
      requireCsrf(route, request);
      return session.access;
    }
    case 'signingIn': {
      const session = await authenticate(deps, request);
      if (!session) throw new AppError('UNAUTHENTICATED');
      requireCsrf(route, request);
      return session.access;
    }
    case 'citizen': {
      const session = await authenticateCitizen(deps.database, request);
      if (!session) throw new AppError('UNAUTHENTICATED');
      requireCsrf(route, request);
      return session.access;
    }
    default: {
      const unreachable: never = route.auth;
      return unreachable;
    }
  }
}

/**
 * Register the route table. Every endpoint runs the same chain:
 * rate limit (per IP, in app.ts) → authenticate (session cookie, citizen cookie or API key; an
 * official pending the second factor is not authenticated) → CSRF check → rate limit (per caller,
 * and per route for sign-in endpoints) → validate (no NUL or lone surrogate in any string, then zod) → authorize (role permission or key
 * scope) → transaction (mutating routes: the chain opens it, the handler's `tx`, `audit` and
 * `enqueue` are bound to it, and it commits after the response is presented or rolls back on any
 * error) → handler (reads personal data through `data`, the caller's jurisdiction applied) →
 * present (the response schema strips everything it does not declare).
 */
export function registerRoutes(app: FastifyInstance, deps: AppDeps, routes: readonly AnyRoute[]): void {
  const limits = deps.limits;
  for (const route of routes) {
    const routeLimiter = route.rateLimit
      ? new RateLimiter({ capacity: route.rateLimit.max, perSeconds: route.rateLimit.perSeconds })
      : null;
    if (routeLimiter && limits) limits.perRoute.set(`${route.method} ${route.url}`, routeLimiter);
    app.route({
      method: route.method,
      url: route.url,
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const lang = requestLanguage(request);
        if (routeLimiter && !isBulkVerifier(request) && !routeLimiter.take(request.ip))
          throw new AppError('RATE_LIMITED');
        const access = await resolveAccess(deps, route, request);
        const caller = callerKey(access);
        if (caller && limits && !limits.perCaller.take(caller)) throw new AppError('RATE_LIMITED');
        const hostile = [
          ...hostileStringDetails(request.params, 'params'),
          ...hostileStringDetails(request.query, 'query'),
          ...hostileStringDetails(request.body, 'body'),
        ];
        if (hostile.length > 0) throw new AppError('VALIDATION_FAILED', { details: hostile });
        const params = parsePart(route.params, request.params, 'params');
        const query = parsePart(route.query, withoutLang(request.query), 'query');
        const body = parsePart(route.body, request.body, 'body');
        const origin = { ip: request.ip, purpose: purposeOf(request) };
        // A refused personal-data request (403/404) of a signed-in caller leaves an audit row.
        const denied = async (e: unknown): Promise<never> => {
          const attempt = { method: route.method, url: route.url, personalData: route.personalData };
          await auditDenied(deps.database.db, access, origin, { ...attempt, params }, e).catch(
            () => undefined,
          );
          throw e;
        };
        if (route.auth.kind === 'user') {
          try {
            requirePermission(access, route.auth.permission);
          } catch (e) {
            await denied(e);
          }
        }
        const run = async (database: Database): Promise<unknown> => {
          const tx = database.db;
          const result = await route.handler({
            params,
            query,
            body,
            access,
            lang,
            ip: request.ip,
            origin,
            data: requestData(tx, access),
            tx,
            audit: (entries) => writeAudit(tx, access, origin, entries),
            enqueue: (topic, payload) => enqueue(tx, topic, payload),
            deps: handlerDeps(deps, database, request),
            request,
            reply,
          });
          // Present inside the transaction: a response the presenter refuses rolls the change back.
          if (reply.sent || route.response === null) return undefined;
          return route.response.parse(result);
        };
        const presented =
          route.method !== 'GET' && route.ownTransaction === undefined
            ? await deps.database.db.transaction((tx) => run({ ...deps.database, db: tx })).catch(denied)
            : await run(deps.database).catch(denied);
        if (reply.sent) return reply;
        reply.code(route.successStatus ?? 200);
        if (route.response === null) return reply.send();
        return reply.send(presented);
      },
    });
  }
}
