/**
 * In-process token buckets for rate limits per IP, per signed-in caller and per sign-in target
 * (a phone number). Per process: with N API processes behind a load balancer the effective limit
 * is N times higher (the per-account lockout, which lives in the database, is not). Buckets that
 * have refilled are dropped, so memory stays bounded by the number of recent callers.
 *
 * Dropping costs O(1), not a pass over every bucket: buckets live in two generations, and once a
 * window (`perSeconds`) has passed the older generation is let go whole and the current one
 * becomes the older. A bucket found in the older generation moves to the current one, so only a
 * bucket untouched for at least a whole window is dropped — and such a bucket has refilled to
 * capacity, so dropping it changes no answer. (A sweep over every bucket once a minute stalled
 * the event loop: 200,000 per-IP buckets, one per phone at 3,200 check-ins/s, took 177 ms of CPU.)
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
  /** Buckets touched since the last rotation, and those of the window before. */
  private current = new Map<string, Bucket>();
  private previous = new Map<string, Bucket>();
  private rotatedAt: number;

  constructor(
    private readonly limit: Limit,
    private readonly now: () => number = Date.now,
  ) {
    this.rotatedAt = this.now();
  }

  /** Take one token for `key`; false when the bucket is empty (the caller is over the limit). */
  take(key: string, cost = 1): boolean {
    const t = this.now();
    this.rotate(t);
    const rate = this.limit.capacity / (this.limit.perSeconds * 1000);
    const b = this.find(key) ?? { tokens: this.limit.capacity, at: t };
    b.tokens = Math.min(this.limit.capacity, b.tokens + (t - b.at) * rate);
    b.at = t;
    this.current.set(key, b);
    if (b.tokens < cost) return false;
    b.tokens -= cost;
    return true;
  }

  /** True when `key` could take `cost` tokens now (nothing is taken). */
  available(key: string, cost = 1): boolean {
    const t = this.now();
    const rate = this.limit.capacity / (this.limit.perSeconds * 1000);
    const b = this.current.get(key) ?? this.previous.get(key);
    if (!b) return cost <= this.limit.capacity;
    return Math.min(this.limit.capacity, b.tokens + (t - b.at) * rate) >= cost;
  }

  /** Buckets held (current and older generation). */
  get size(): number {
    return this.current.size + this.previous.size;
  }

  /** Forget every bucket (tests). */
  reset(): void {
    this.current.clear();
    this.previous.clear();
  }

  /** The bucket of `key`, moved into the current generation when found in the older one. */
  private find(key: string): Bucket | undefined {
    const b = this.current.get(key);
    if (b) return b;
    const old = this.previous.get(key);
    if (old) this.previous.delete(key);
    return old;
  }

  /**
   * Once a window has passed since the last rotation, let the older generation go: every bucket in
   * it was last touched before that rotation, a whole window ago or more.
   */
  private rotate(t: number): void {
    if (t - this.rotatedAt < this.limit.perSeconds * 1000) return;
    this.rotatedAt = t;
    this.previous = this.current;
    this.current = new Map();
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
