/**
 * In-process token buckets for rate limits per IP, per signed-in caller and per sign-in target
 * (a phone number). Per process: with N API processes behind a load balancer the effective limit
 * is N times higher (the per-account lockout, which lives in the database, is not). Buckets that
 * have refilled are dropped, so memory stays bounded by the number of recent callers.
 */

/** A limit: `capacity` requests at once, refilled at `capacity` per `perSeconds`. */
export interface Limit {
  capacity: number;
  perSeconds: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** A set of token buckets keyed by caller. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = 0;

  constructor(
    private readonly limit: Limit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Take one token for `key`; false when the bucket is empty (the caller is over the limit). */
  take(key: string, cost = 1): boolean {
    const t = this.now();
    this.sweep(t);
    const rate = this.limit.capacity / (this.limit.perSeconds * 1000);
    const b = this.buckets.get(key) ?? { tokens: this.limit.capacity, at: t };
    b.tokens = Math.min(this.limit.capacity, b.tokens + (t - b.at) * rate);
    b.at = t;
    if (b.tokens < cost) {
      this.buckets.set(key, b);
      return false;
    }
    b.tokens -= cost;
    this.buckets.set(key, b);
    return true;
  }

  /** Forget every bucket (tests). */
  reset(): void {
    this.buckets.clear();
  }

  private sweep(t: number): void {
    if (t - this.lastSweep < 60_000) return;
    this.lastSweep = t;
    const full = this.limit.perSeconds * 1000;
    for (const [k, b] of this.buckets) if (t - b.at > full) this.buckets.delete(k);
  }
}

/** The limiters of one app instance. */
export interface RateLimits {
  /** Every request, by client IP. */
  perIp: RateLimiter;
  /** Every authenticated request, by user / citizen / API key. */
  perCaller: RateLimiter;
  /** Routes with their own `rateLimit`, by route and IP. */
  perRoute: Map<string, RateLimiter>;
  /** One-time codes sent, by phone number. */
  perPhone: RateLimiter;
}

/** Fresh limiters with the given global limits. */
export function createRateLimits(config: { perIpPerMinute: number; perCallerPerMinute: number }): RateLimits {
  return {
    perIp: new RateLimiter({ capacity: config.perIpPerMinute, perSeconds: 60 }),
    perCaller: new RateLimiter({ capacity: config.perCallerPerMinute, perSeconds: 60 }),
    perRoute: new Map(),
    perPhone: new RateLimiter({ capacity: 3, perSeconds: 15 * 60 }),
  };
}
