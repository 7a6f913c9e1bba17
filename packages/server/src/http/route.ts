import type { Language, Permission } from '@epilink/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Access } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { AppDeps } from '../deps.ts';

/**
 * Who may call a route:
 * - `public`: anyone;
 * - `user`: a fully signed-in official (password and, where required, the second factor) whose
 *   role grants the permission, or another system whose API key holds it as a scope;
 * - `official`: any fully signed-in official, whatever the role (their own account and sessions);
 * - `signingIn`: an official's session at any stage (the two-factor endpoints only);
 * - `citizen`: a citizen signed in with a one-time code (routes under `/api/me/`).
 */
export type RouteAuth =
  | { kind: 'public' }
  | { kind: 'user'; permission: Permission }
  | { kind: 'official' }
  | { kind: 'signingIn' }
  | { kind: 'citizen' };

/** A stricter per-IP limit for a route (sign-in endpoints): `max` requests per `perSeconds`. */
export interface RouteRateLimit {
  max: number;
  perSeconds: number;
}

/** What a handler receives: validated input, the caller's access, the request's language. */
export interface HandlerArgs<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  access: Access;
  lang: Language;
  ip: string | null;
  /** Request facts for the audit trail: IP and the declared purpose (header `x-epilink-purpose`). */
  origin: AuditOrigin;
  deps: AppDeps;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** One endpoint, declared once: its schemas drive validation, the response presenter and OpenAPI. */
export interface RouteDef<
  TParams extends z.ZodType = z.ZodType<Record<string, never>>,
  TQuery extends z.ZodType = z.ZodType<Record<string, never>>,
  TBody extends z.ZodType = z.ZodType<undefined>,
  TRes extends z.ZodType = z.ZodType,
> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  summary: string;
  tags: string[];
  auth: RouteAuth;
  /** True when the route reads or writes personal data (covered by the authorization matrix). */
  personalData: boolean;
  /** Optional stricter per-IP rate limit (besides the global per-IP and per-user limits). */
  rateLimit?: RouteRateLimit;
  params?: TParams;
  query?: TQuery;
  body?: TBody;
  /** The presenter: only what this schema declares leaves the server. Null for empty responses. */
  response: TRes | null;
  successStatus?: number;
  handler(
    args: HandlerArgs<z.output<TParams>, z.output<TQuery>, z.output<TBody>>,
  ): Promise<z.input<TRes> | undefined>;
}

/** A route with its generic types erased, as stored in the route table. */
export type AnyRoute = RouteDef<z.ZodType, z.ZodType, z.ZodType>;

/** Declare a route (keeps the generics so the handler is type-checked against its schemas). */
export function defineRoute<
  TParams extends z.ZodType = z.ZodType<Record<string, never>>,
  TQuery extends z.ZodType = z.ZodType<Record<string, never>>,
  TBody extends z.ZodType = z.ZodType<undefined>,
  TRes extends z.ZodType = z.ZodType,
>(def: RouteDef<TParams, TQuery, TBody, TRes>): AnyRoute {
  return def;
}
