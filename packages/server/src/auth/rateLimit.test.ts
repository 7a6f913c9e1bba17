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

describe('forgetting idle callers', () => {
  it('drops callers idle for a whole window and never resets a limit early', () => {
    let now = 0;
    const limiter = new RateLimiter({ capacity: 2, perSeconds: 60 }, () => now);
    // A thousand phones, each checking in once.
    for (let i = 0; i < 1000; i++) limiter.take(`10.0.${i >> 8}.${i & 255}`);
    // One caller spends its allowance just before the window turns over…
    now = 59_000;
    expect([limiter.take('busy'), limiter.take('busy'), limiter.take('busy')]).toEqual([true, true, false]);
    // …and is still refused right after it (its bucket moved to the older generation, not lost).
    now = 61_000;
    expect(limiter.take('busy')).toBe(false);
    expect(limiter.available('busy')).toBe(false);
    // A window later the thousand idle phones are gone; the busy caller, seen again, is kept.
    now = 122_000;
    expect(limiter.take('busy')).toBe(true);
    expect(limiter.size).toBe(1);
    // An idle phone that comes back starts with a full bucket, as it would have after refilling.
    expect([limiter.take('10.0.0.1'), limiter.take('10.0.0.1'), limiter.take('10.0.0.1')]).toEqual([
      true,
      true,
      false,
    ]);
  });
});
