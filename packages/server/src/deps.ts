import type { Config } from './config.ts';
import type { Database } from './db/client.ts';

/** What the app needs from the outside world; tests pass their own database and config. */
export interface AppDeps {
  config: Config;
  database: Database;
}
