import type { Language, Permission } from '@epilink/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Access } from '../access/context.ts';
import type { AppDeps } from '../deps.ts';

/** Who may call a route: anyone, or a signed-in official holding a permission. */
export type RouteAuth = { kind: 'public' } | { kind: 'user'; permission: Permission };

/** What a handler receives: validated input, the caller's access, the request's language. */
export interface HandlerArgs<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  access: Access;
  lang: Language;
  ip: string | null;
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
