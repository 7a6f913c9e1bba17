import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rateLimit.ts';

describe('token bucket', () => {
  it('allows a burst up to capacity, then refills with time', () => {
    let now = 0;
    const limiter = new RateLimiter({ capacity: 3, perSeconds: 60 }, () => now);
    expect([1, 2, 3, 4].map(() => limiter.take('ip'))).toEqual([true, true, true, false]);
    expect(limiter.take('other-ip')).toBe(true);
    now += 20_000; // one token back
    expect(limiter.take('ip')).toBe(true);
    expect(limiter.take('ip')).toBe(false);
  });
});
