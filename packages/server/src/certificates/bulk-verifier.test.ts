/**
 * A bulk verifier app (e.g. a border post behind one address) is configured with a key: past
 * the per-IP limits on the verify route only, under its own per-key limit. Without the key the
 * same address is throttled as before; a wrong key changes nothing. On both databases.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/helpers.ts';
import { loadConfig } from '../config.ts';
import type { TestApp } from '../../test/helpers.ts';
import { VERIFIER_KEY_HEADER } from './bulk-verifier.ts';

const KEY = 'border-post-moc-bai-0123456789';
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({
    RATE_LIMIT_PER_IP: '10',
    CERT_VERIFY_KEYS: `mocbai:${createHash('sha256').update(KEY).digest('hex')}`,
    // Small limits: the test's requests fit well inside one minute's window on a loaded machine.
    CERT_VERIFY_KEY_PER_MINUTE: '40',
  });
});
afterAll(async () => {
  await t?.close();
});

async function burst(n: number, headers: Record<string, string>): Promise<Record<number, number>> {
  const statuses: Record<number, number> = {};
  for (let i = 0; i < n; i++) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/certificates/verify',
      headers: { ...headers, 'x-epilink-csrf': '1' },
      remoteAddress: '203.0.113.7',
      payload: { qr: 'HC1:NOT-A-CODE' },
    });
    statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
  }
  return statuses;
}

describe('bulk verifier keys (CERT_VERIFY_KEYS)', () => {
  it('lets a keyed verifier past the per-IP limit, up to its own limit; others stay throttled', async () => {
    // 35 answers from one address with the key: the per-IP limit (10/min) does not apply.
    expect(await burst(35, { [VERIFIER_KEY_HEADER]: KEY })).toEqual({ 200: 35 });
    // The key's own limit (40/min) still holds.
    const over = await burst(10, { [VERIFIER_KEY_HEADER]: KEY });
    expect(over[429]).toBeGreaterThan(0);
    // A wrong key, or none, from another address: the ordinary per-IP limit (10/min).
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/certificates/verify',
      headers: { [VERIFIER_KEY_HEADER]: 'not-the-key-0123456789', 'x-epilink-csrf': '1' },
      remoteAddress: '198.51.100.9',
      payload: { qr: 'HC1:NOT-A-CODE' },
    });
    expect(wrong.statusCode).toBe(200);
    const statuses: Record<number, number> = {};
    for (let i = 0; i < 15; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/certificates/verify',
        headers: { 'x-epilink-csrf': '1' },
        remoteAddress: '198.51.100.9',
        payload: { qr: 'HC1:NOT-A-CODE' },
      });
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
    }
    expect(statuses[429]).toBeGreaterThan(0);
    expect((statuses[200] ?? 0) + 1).toBeLessThanOrEqual(10);
  });

  it('refuses a malformed CERT_VERIFY_KEYS at start', () => {
    expect(() => loadConfig({ CERT_VERIFY_KEYS: 'mocbai:not-a-hash' })).toThrow();
  });
});
