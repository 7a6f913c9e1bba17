/**
 * The baseline of the check-in benchmark: a bare Fastify hello-world (a JSON POST answered with
 * a constant), on the same machine, hit by the same load generator. It runs with the real
 * server's HTTP settings — the same `TRUST_PROXY` reading of `X-Forwarded-For` (so it parses the
 * same proxy header the server does), body limit and router options — and parses the JSON body,
 * so that the ratio compares the check-in's own work, not two differently configured servers.
 */
import Fastify from 'fastify';
import { fastifyTrustProxy, parseTrustProxy } from '../../src/http/trustProxy.ts';

/** The server's body limit (app.ts BODY_LIMIT_BYTES; not imported: that loads the whole server). */
const BODY_LIMIT_BYTES = 1024 * 1024;

const trust = parseTrustProxy(process.env.TRUST_PROXY);
if (trust !== false && typeof trust === 'object' && !Array.isArray(trust)) throw new Error(trust.problem);
const app = Fastify({
  logger: false,
  trustProxy: fastifyTrustProxy(trust),
  bodyLimit: BODY_LIMIT_BYTES,
  routerOptions: { maxParamLength: 200 },
});
app.get('/healthz', () => ({ ok: true }));
// The client address is read as the server reads it (the per-IP limit's key).
app.post('/api/checkin/:token/guest', (request) => ({ hello: 'world', ip: request.ip.length }));
app.post('/api/me/checkins', (request) => ({ hello: 'world', ip: request.ip.length }));
// The declarations benchmark's paths (bench/declarations.ts), answered the same way.
app.post('/api/declarations', (request) => ({ hello: 'world', ip: request.ip.length }));
app.post('/api/me/declarations', (request) => ({ hello: 'world', ip: request.ip.length }));
await app.listen({ port: Number(process.env.PORT ?? 3999), host: '127.0.0.1' });
