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

  /** True when `key` could take `cost` tokens now (nothing is taken). */
  available(key: string, cost = 1): boolean {
    const t = this.now();
    const rate = this.limit.capacity / (this.limit.perSeconds * 1000);
    const b = this.buckets.get(key);
    if (!b) return cost <= this.limit.capacity;
    return Math.min(this.limit.capacity, b.tokens + (t - b.at) * rate) >= cost;
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
  /** One-time codes sent, by phone number (wide: bounds the SMS one number receives). */
  perPhone: RateLimiter;
  /** One-time codes sent, by client IP + phone number (a victim's allowance is not another source's). */
  perPhoneSource: RateLimiter;
  /** Failed official sign-ins, by client IP + username (a guesser's pair; the owner elsewhere is not hit). */
  signInFailuresPerPair: RateLimiter;
  /** Failed official sign-ins, by client IP, whatever the usernames (spraying one password over many). */
  signInFailuresPerIp: RateLimiter;
  /** Bulk certificate verifier apps, by configured key name (instead of their IP's limits). */
  perVerifierKey: RateLimiter;
}

/** Failed sign-ins allowed per (IP, username) and per IP in SIGN_IN_FAILURE_WINDOW_S before that source is refused. */
export const SIGN_IN_FAILURES_PER_PAIR = 5;
export const SIGN_IN_FAILURES_PER_IP = 20;
export const SIGN_IN_FAILURE_WINDOW_S = 15 * 60;

/** Fresh limiters with the given global limits. */
export function createRateLimits(config: {
  perIpPerMinute: number;
  perCallerPerMinute: number;
  perVerifierKeyPerMinute?: number;
}): RateLimits {
  return {
    perIp: new RateLimiter({ capacity: config.perIpPerMinute, perSeconds: 60 }),
    perCaller: new RateLimiter({ capacity: config.perCallerPerMinute, perSeconds: 60 }),
    perRoute: new Map(),
    perPhone: new RateLimiter({ capacity: 10, perSeconds: 15 * 60 }),
    perPhoneSource: new RateLimiter({ capacity: 3, perSeconds: 15 * 60 }),
    signInFailuresPerPair: new RateLimiter({
      capacity: SIGN_IN_FAILURES_PER_PAIR,
      perSeconds: SIGN_IN_FAILURE_WINDOW_S,
    }),
    signInFailuresPerIp: new RateLimiter({
      capacity: SIGN_IN_FAILURES_PER_IP,
      perSeconds: SIGN_IN_FAILURE_WINDOW_S,
    }),
    perVerifierKey: new RateLimiter({ capacity: config.perVerifierKeyPerMinute ?? 600_000, perSeconds: 60 }),
  };
}
