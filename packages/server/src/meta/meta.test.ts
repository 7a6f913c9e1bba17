import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { ROUTES } from '../routes.ts';

describe('health, metadata and the API description', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers /healthz with the database kind only while the database answers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: t.database.kind });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('tells the web app the home province, its time zone and mode', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/meta' });
    expect(res.json()).toMatchObject({
      province: { code: '83', name: 'Tỉnh Bến Tre' },
      timeZone: 'Asia/Ho_Chi_Minh',
      demo: false,
      database: t.database.kind,
    });
  });

  it('describes every route in OpenAPI, public ones with security: []', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      openapi: string;
      paths: Record<string, Record<string, { security: unknown[]; responses: Record<string, unknown> }>>;
    }>();
    expect(doc.openapi).toBe('3.1.0');
    for (const r of ROUTES) {
      const op = doc.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()];
      expect(op, `${r.method} ${r.url}`).toBeDefined();
      expect(op!.security).toEqual(
        r.auth.kind === 'public' ? [] : expect.arrayContaining([expect.anything()]),
      );
    }
  });

  it('answers unknown API paths with a translated 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nope', headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'NOT_FOUND', message: 'Not found.' } });
  });
});
