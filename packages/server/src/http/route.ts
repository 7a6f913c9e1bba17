import type { Language, Permission } from '@epilink/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Access } from '../access/context.ts';
import type { AuditEntry, AuditOrigin } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import type { OutboxTopic } from '../outbox/outbox.ts';
import type { HandlerDeps, RequestData } from './data.ts';

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
  /** Personal data read with the caller's jurisdiction applied (http/data.ts). */
  data: RequestData;
  /**
   * The request's transaction in a mutating route: the chain opens it before the handler and
   * commits it after the response is presented (rolled back on any error), so the change, its
   * audit rows and its outbox events commit together. In a GET route (or one declaring
   * `ownTransaction`) it is the database. Pass it to service functions; a route module never
   * queries it itself (lint).
   */
  tx: DbOrTx;
  /** Append audit rows (actor, IP and purpose filled in) in the request's transaction. */
  audit: (entries: AuditEntry | AuditEntry[]) => Promise<void>;
  /** Queue an outbox event in the request's transaction (delivered only if it commits). */
  enqueue: (topic: OutboxTopic, payload: Record<string, unknown>) => Promise<void>;
  /** Configuration, rate limiters, and the raw database only through `system(reason)`. */
  deps: HandlerDeps;
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
  /**
   * A mutating route that must commit on its own, with the reason: the group-committed check-in
   * hot path, a sign-in whose failed attempt must be counted although the request fails, or a
   * tracer decision whose degree update runs its whole transaction again (cases/graphIncremental.ts).
   * Every other mutating route runs in the chain's transaction.
   */
  ownTransaction?: string;
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
