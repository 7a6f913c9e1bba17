/**
 * The baseline of the check-in benchmark: a bare Fastify hello-world (a JSON POST answered with
 * a constant), on the same machine, hit by the same load generator.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/healthz', () => ({ ok: true }));
app.post('/api/checkin/:token/guest', () => ({ hello: 'world' }));
app.post('/api/me/checkins', () => ({ hello: 'world' }));
await app.listen({ port: Number(process.env.PORT ?? 3999), host: '127.0.0.1' });
