import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import type { RateLimits } from './auth/rateLimit.ts';

/** What the app needs from the outside world; tests pass their own database and config. */
export interface AppDeps {
  config: Config;
  database: Database;
  /** This app instance's in-process rate limiters (buildApp creates them when absent). */
  limits?: RateLimits;
}
