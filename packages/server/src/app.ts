import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { AppError } from '@epilink/core';
import Fastify, { LogController } from 'fastify';
import type { FastifyError, FastifyInstance, FastifyServerOptions } from 'fastify';
import type { AppDeps } from './deps.ts';
import { renderError } from './http/errors.ts';
import { logErrorSerializer, mapDatabaseError } from './http/dbErrors.ts';
import { registerRoutes, requestLanguage } from './http/register.ts';
import { fastifyTrustProxy } from './http/trustProxy.ts';
import { htmlEntryFor, preloadLinkFor, setStaticCacheHeaders } from './http/webEntries.ts';
import { ROUTES } from './routes.ts';
import { createRateLimits } from './auth/rateLimit.ts';
import { bulkVerifierOf } from './certificates/bulk-verifier.ts';
import { closeEventStreams } from './events/routes.ts';
import { registerUploadParser } from './imports/upload.ts';
import { isFhirRequest, registerFhirParser, sendOutcome } from './fhir/http.ts';

/** Largest accepted request body; bigger ones get a translated 413 and change nothing. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(self), geolocation=(self), microphone=()',
  'content-security-policy':
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
};

function toAppError(err: FastifyError | AppError | Error): AppError {
  if (err instanceof AppError) return err;
  const fe = err as FastifyError;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return new AppError('PAYLOAD_TOO_LARGE', { params: { limit: '1 MB' } });
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
    return new AppError('MALFORMED_REQUEST');
  if (fe.statusCode === 400) return new AppError('MALFORMED_REQUEST');
  if (fe.statusCode === 404) return new AppError('NOT_FOUND');
  return mapDatabaseError(err) ?? new AppError('INTERNAL', { cause: err });
}

/** A source map file (`*.map`), which the server never serves. */
function isSourceMap(path: string): boolean {
  return path.split('?')[0]!.toLowerCase().endsWith('.map');
}

/**
 * Build the Fastify app around given dependencies (tests pass a test database). Request logging
 * records route pattern, status and time only — never URLs with queries, bodies or personal data.
 */
export async function buildApp(
  deps: AppDeps,
  options: {
    logger?: boolean;
    serveWeb?: boolean;
    logStream?: { write(line: string): void };
    /** The built web app to serve (tests point it elsewhere). */
    webDist?: string;
  } = {},
): Promise<FastifyInstance> {
  deps = { ...deps, limits: deps.limits ?? createRateLimits(deps.config.rateLimit) };
  const limits = deps.limits!;
  // Errors are logged as class + code only: driver errors carry the data that failed (see dbErrors.ts).
  const logger: FastifyServerOptions['logger'] =
    options.logger === false
      ? false
      : {
          level: deps.config.logLevel,
          serializers: { err: logErrorSerializer },
          ...(options.logStream ? { stream: options.logStream } : {}),
        };
  const app = Fastify({
    trustProxy: fastifyTrustProxy(deps.config.trustProxy),
    logger,
    // Fastify's own request lines carry URLs (and so search terms): replaced by the onResponse hook.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { maxParamLength: 200 },
  });
  await app.register(fastifyCookie);
  registerUploadParser(app);
  registerFhirParser(app);
  // Live event streams (GET /api/events) never end on their own: end them when the app closes.
  app.addHook('preClose', (done) => {
    closeEventStreams(app);
    done();
  });

  // Global per-IP rate limit (in-process token bucket; see auth/rateLimit.ts).
  app.addHook('onRequest', (request, _reply, done) => {
    // A configured bulk verifier app is limited by its key instead (certificates/bulk-verifier.ts).
    const verifier = bulkVerifierOf(request, deps.config.certificates.bulkVerifiers);
    if (verifier !== null) {
      done(limits.perVerifierKey.take(verifier) ? undefined : new AppError('RATE_LIMITED'));
      return;
    }
    done(limits.perIp.take(request.ip) ? undefined : new AppError('RATE_LIMITED'));
  });
  app.addHook('onSend', async (request, reply) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
    if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000');
    // Personal data must not linger in shared or browser caches: the API and the FHIR interface
    // (whose Patient resources carry names and ID numbers).
    if (/^\/(api|fhir)(\/|\?|$)/u.test(request.url)) reply.header('cache-control', 'no-store');
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });

  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    const appError = toAppError(err);
    if (appError.code === 'INTERNAL') {
      request.log.error({ route: request.routeOptions.url, err }, 'unhandled error');
    }
    if (appError.code === 'RATE_LIMITED') reply.header('retry-after', '60');
    if (isFhirRequest(request)) return sendOutcome(reply, appError, requestLanguage(request));
    return reply.code(appError.status).send(renderError(appError, requestLanguage(request)));
  });

  registerRoutes(app, deps, ROUTES);

  const webDist = options.webDist ?? WEB_DIST;
  const serveWeb = options.serveWeb ?? existsSync(webDist);
  if (serveWeb && existsSync(webDist)) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      index: ['index.html'],
      // Source maps (the app's source, comments and all) are never served, even if a build left some.
      allowedPath: (path) => !isSourceMap(path),
      // The build writes .br and .gz beside each text file (packages/web/vite.config.ts).
      preCompressed: true,
      globIgnore: ['**/*.br', '**/*.gz'],
      setHeaders: setStaticCacheHeaders,
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (
      serveWeb &&
      existsSync(webDist) &&
      !isSourceMap(path) &&
      request.method === 'GET' &&
      !path.startsWith('/api/') &&
      path !== '/healthz'
    ) {
      const preload = preloadLinkFor(path);
      if (preload) reply.header('link', preload);
      return reply.type('text/html').sendFile(htmlEntryFor(path));
    }
    if (isFhirRequest(request))
      return sendOutcome(reply, new AppError('NOT_FOUND'), requestLanguage(request));
    return reply.code(404).send(renderError(new AppError('NOT_FOUND'), requestLanguage(request)));
  });
  return app;
}
