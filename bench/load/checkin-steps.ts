/**
 * CPU µs per check-in of the per-request steps the check-in routes run in Node besides Fastify's
 * HTTP work and the driver: each step run in a loop in this process (process.cpuUsage), so the
 * figures hold on a loaded machine. `node --import tsx bench/load/checkin-steps.ts [--n 200000]`
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { cleanGuestName, guestVisitorKey, normalizePhone } from '@epilink/core';
import { z } from 'zod';
import { RateLimiter } from '../../packages/server/src/auth/rateLimit.ts';
import { hashToken } from '../../packages/server/src/auth/session.ts';
import { numberArg, parseArgs, round, say } from '../lib.ts';

const n = numberArg(parseArgs(), 'n', 200_000);
const { parseCookie } = await import('cookie');

function time(label: string, f: (i: number) => unknown): void {
  for (let i = 0; i < 2000; i++) f(i); // JIT
  const c0 = process.cpuUsage();
  let sink = 0;
  for (let i = 0; i < n; i++) if (f(i)) sink++;
  const c = process.cpuUsage(c0);
  say(`${label.padEnd(58)} ${round((c.user + c.system) / n, 2)} µs${sink < 0 ? '' : ''}`);
}

const guestBody = z.strictObject({ phone: z.string().max(30), fullName: z.string().max(120) });
const citizenBody = z.strictObject({
  token: z.string().regex(/^[A-Za-z0-9_-]{22}$/u),
  personIds: z.array(z.uuid()).max(20).optional(),
});
const visit = z.object({
  id: z.string(),
  personId: z.string().nullable(),
  checkedInAt: z.string(),
  checkedOutAt: z.string(),
  duplicate: z.boolean(),
});
const answer = z.object({ venue: z.object({ name: z.string() }), visits: z.array(visit) });
const key = randomBytes(32);
const perIp = new RateLimiter({ capacity: 600, perSeconds: 60 });
const perCaller = new RateLimiter({ capacity: 120, perSeconds: 60 });
const token = 'x'.repeat(43);
const names = ['Lê Thị Hoà', 'Nguyễn Văn An', 'Trần Minh Đức', 'Phạm Thu Hương'];

say(`CPU per call, ${n} calls each (load-independent; the machine's load only slows the wall clock)`);
time('cookie header parse (citizen cookie + hint)', () =>
  parseCookie(`epilink_citizen=${token}; epilink_citizen_hint=1`),
);
time('sha256 of the session token (hashToken)', (i) => hashToken(`${token}${i}`));
time('sha256 raw (createHash)', (i) => createHash('sha256').update(`${token}${i}`).digest('hex'));
time(
  'per-IP + per-caller rate limiter take (new key each call)',
  (i) => perIp.take(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`) && perCaller.take(`c${i}`),
);
time('zod: guest body', (i) => guestBody.parse({ phone: '0912345678', fullName: names[i & 3]! }));
time('zod: citizen body', () => citizenBody.parse({ token: 'abcdefghij0123456789AB' }));
time('zod: answer presenter (one visit)', (i) =>
  answer.parse({
    venue: { name: 'Chợ Bến Tre' },
    visits: [
      {
        id: String(i),
        personId: null,
        checkedInAt: '2026-12-03T10:04:00.000Z',
        checkedOutAt: '2026-12-03T11:04:00.000Z',
        duplicate: false,
      },
    ],
  }),
);
time('guest phone + name: normalizePhone, cleanGuestName, guestVisitorKey', (i) => {
  const phone = normalizePhone('0912 345 678')!;
  return guestVisitorKey(phone, cleanGuestName(names[i & 3]!)!);
});
time('guest check-out token HMAC', (i) =>
  createHmac('sha256', key)
    .update(`checkout\nvenue\n${i}\ng:0912345678:le thi hoa`)
    .digest()
    .subarray(0, 16)
    .toString('base64url'),
);
time('JSON.stringify answer', (i) =>
  JSON.stringify({
    venue: { name: 'Chợ Bến Tre' },
    visits: [
      {
        id: String(i),
        personId: null,
        checkedInAt: '2026-12-03T10:04:00.000Z',
        checkedOutAt: '2026-12-03T11:04:00.000Z',
        duplicate: false,
      },
    ],
    checkoutToken: `${i}.abcdefghij0123456789AB`,
  }),
);
