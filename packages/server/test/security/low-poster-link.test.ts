/**
 * Issue #9, low item — the venue poster's QR link comes from the configured public address
 * (PUBLIC_URL), never from the request's Host header, on PGlite and PostgreSQL. Before, a venue
 * owner (or anyone placing a request through a proxy that passes Host on) could print posters
 * whose QR code sent every visitor to a site of their choosing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedVenue } from '../checkin/fixtures.ts';
import { createTestApp } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';

const PUBLIC_URL = 'https://epilink.soyte-vinhlong.example';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: `${PUBLIC_URL}/` });
});
afterAll(async () => {
  await t?.close();
});

/** The link annotations (URI actions) of a PDF: the poster's printed check-in link is one. */
function linksOf(pdf: Buffer): string[] {
  return [...pdf.toString('latin1').matchAll(/\/URI \(([^)]*)\)/gu)].map((m) => m[1]!);
}

describe('issue 9 (low): the poster link is the configured public address', () => {
  it('a forged Host header does not move the QR link of one poster or of a commune’s posters', async () => {
    const v = await approvedVenue(t, { name: 'Nhà sách Phương Nam' });
    const forged = { host: 'phishing.example', 'x-forwarded-host': 'phishing.example' };
    const one = await t.app.inject({
      method: 'GET',
      url: `/api/venues/${v.id}/poster.pdf?size=A5`,
      headers: { ...v.owner, ...forged },
    });
    expect(one.statusCode, one.body).toBe(200);
    expect(linksOf(one.rawPayload)).toEqual([`${PUBLIC_URL}/c/${v.token}`]);

    const all = await t.app.inject({
      method: 'GET',
      url: '/api/venues/posters.pdf?communeCode=28756',
      headers: { ...v.officer, ...forged },
    });
    expect(all.statusCode, all.body).toBe(200);
    const links = linksOf(all.rawPayload);
    expect(links).toContain(`${PUBLIC_URL}/c/${v.token}`);
    expect(links.every((l) => l.startsWith(`${PUBLIC_URL}/c/`))).toBe(true);
    expect(all.rawPayload.toString('latin1')).not.toContain('phishing.example');
  });
});
