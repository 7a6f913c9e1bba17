import { DEFAULT_TIME_ZONE, isTimeZone, setProvinceTimeZone } from '@epilink/core';
import { z } from 'zod';
import { BULK_VERIFIER_KEYS_PATTERN, parseBulkVerifiers } from './certificates/bulk-verifier.ts';
import type { BulkVerifier } from './certificates/bulk-verifier.ts';
import { parseTrustProxy } from './http/trustProxy.ts';
import type { TrustProxy } from './http/trustProxy.ts';
import { defaultUnitLists } from './registry/units/provinces.ts';

/**
 * Typed configuration, read from the environment and validated at start (STYLE.md habit 8).
 * A bad value stops the start with a message naming the variable.
 */
const booleanString = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

/**
 * PostgreSQL connections per API process unless DB_POOL_SIZE says otherwise. Few on purpose: a
 * request waits its turn for a connection (first come, first served) rather than twenty
 * transactions sharing the database server's cores at once — on two cores, 20 tracers confirming
 * in one component did p95 165–224 ms with 4 connections against 294–336 ms with 22, and the
 * database spent 4.8–6 ms of CPU per confirmation instead of 7.8–8.5 (`npm run bench -- degrees
 * --pool N`, docs/tracing.md). Raise it with the database server's cores (about two per core,
 * shared by all the API processes). No code holds one connection while it waits for a second
 * (the migration and the hourly check-in pass work on their advisory lock's own connection), so
 * one would not deadlock; at least 2 are required so that an import's read of its next rows and
 * the micro-batched statements (two in flight each) still overlap.
 */
export const DEFAULT_DB_POOL_SIZE = 4;

/**
 * PostgreSQL connections per process for the background workers (DB_WORKER_POOL_SIZE), apart from
 * the requests' pool: an import batch, a sitrep rendered in its transaction, the hourly passes or
 * an outbox or webhook delivery waiting on a slow receiver (up to 10 s a POST, inside the
 * transaction that holds its rows) never take one of the requests' connections. At least 2: an
 * import commits one batch while it reads the next on a second connection.
 */
export const DEFAULT_DB_WORKER_POOL_SIZE = 3;

const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url({ protocol: /^https?$/u }).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//u, 'must start with postgres:// or postgresql://')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  PROVINCE_CODE: z.string().regex(/^\d{2}$/u, 'must be a two-digit GSO province code, e.g. 83'),
  TIME_ZONE: z
    .string()
    .refine(isTimeZone, 'must be an IANA time zone name, e.g. Asia/Ho_Chi_Minh')
    .default(DEFAULT_TIME_ZONE),
  UNIT_LISTS: z
    .string()
    .regex(
      /^(2021-11|2025-03|2025-07)(,(2021-11|2025-03|2025-07))*$/u,
      'comma-separated shipped unit lists: 2021-11, 2025-03, 2025-07',
    )
    .optional(),
  DEMO: booleanString.optional(),
  DEMO_SCALE: z.coerce.number().positive().max(1).default(0.01),
  DEMO_SEED: z.coerce.number().int().default(20211101),
  DEMO_TERRITORY: z
    .string()
    .regex(/^(all|\d{2}(,\d{2})*)$/u, "'all' or comma-separated two-digit codes of old provinces, e.g. 83")
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DB_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(DEFAULT_DB_POOL_SIZE),
  DB_WORKER_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(DEFAULT_DB_WORKER_POOL_SIZE),
  DB_POOL_IDLE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(600),
  CERT_KEY_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TRUST_PROXY: z.string().optional(),
  RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_PER_USER: z.coerce.number().int().min(1).default(300),
  CERT_VERIFY_KEYS: z
    .string()
    .regex(BULK_VERIFIER_KEYS_PATTERN, 'comma-separated name:<SHA-256 of the key, 64 hex digits>')
    .optional(),
  CERT_VERIFY_KEY_PER_MINUTE: z.coerce.number().int().min(1).default(600_000),
  WEBHOOK_ALLOW_LOCAL: booleanString.optional(),
  STATUS_SIGNING_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/=\s-]+$/u, 'base64 PKCS#8 DER (or PEM) of an EC P-256 private key')
    .optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//u, 'must start with smtp:// or smtps://')
    .optional(),
  SMTP_FROM: z.string().min(3).default('EpiLink <no-reply@epilink.invalid>'),
  SMS_GATEWAY_URL: z.url({ protocol: /^https?$/u }).optional(),
  SMS_GATEWAY_TOKEN: z.string().min(8).optional(),
  OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  IMPORT_BATCH_ROWS: z.coerce.number().int().min(10).max(50_000).default(1000),
  AUDIT_ANCHOR_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  OUTBOX_FEED_URL: z.url({ protocol: /^https?$/u }).optional(),
  OUTBOX_FEED_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  LIVE_EVENT_RETENTION_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  SITREP_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  SITREP_EMAIL_TO: z
    .string()
    .regex(/^[^\s@,]+@[^\s@,]+(,[^\s@,]+@[^\s@,]+)*$/u, 'comma-separated e-mail addresses')
    .optional(),
});

/** The demo-only key-encryption secret (public, so never use demo mode with real data). */
export const DEMO_CERT_KEY_SECRET = 'epilink-demo-only-certificate-key-secret-NOT-FOR-PRODUCTION';

/**
 * The demo-only status QR signing key, EC P-256 PKCS#8 (public, so a demo card's QR proves nothing;
 * never use demo mode with real data).
 */
export const DEMO_STATUS_SIGNING_KEY =
  'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgbbVcSF+HcMA/n7FGDKYrRT3sEvcsPMDPYWHhjG1IvyihRANCAAQdB8klaidGTayf7bve/dAZ3VAM0m/undtJoQXi8xiBoWknfoc1WKyQzLmkYPjlqz5cgcKPsyIUK6Htq6VpyxLi';

/** The demo-only audit anchor key (public: a demo database's chain heads prove nothing). */
export const DEMO_AUDIT_ANCHOR_KEY = 'epilink-demo-only-audit-anchor-key-NOT-FOR-PRODUCTION';

export interface Config {
  port: number;
  host: string;
  /**
   * The address citizens reach the server at (PUBLIC_URL, no trailing slash): the venue posters'
   * QR links are built from it, never from a request's Host header (a forged Host would otherwise
   * print a link to another site). Default: `http://localhost:PORT`, fit for the demo only.
   */
  publicUrl: string;
  database:
    | { kind: 'pglite'; dataDir: string }
    | {
        kind: 'postgres';
        url: string;
        poolSize: number;
        /** The background workers' own pool (DB_WORKER_POOL_SIZE; main.ts opens it). */
        workerPoolSize?: number;
        /**
         * Seconds an idle pooled connection stays open (DB_POOL_IDLE_SECONDS; 0 = until the process
         * ends). A new PostgreSQL backend pays its catalog caches and its plans on first use
         * (~100 ms for a tracer's decision), so the pool keeps connections through quiet minutes.
         */
        idleSeconds?: number;
      };
  provinceCode: string;
  /** The province's time zone (TIME_ZONE): the one clock's local days (core/time/clock.ts). */
  timeZone: string;
  /**
   * The shipped unit lists loaded at start (UNIT_LISTS): '2021-11' alone runs a province in its 2021
   * units (Bến Tre 83); adding '2025-07' loads the reform with its change table and re-homes.
   * Default: the full history for a province of the 2025-07 list (86), '2021-11' for an old one (83).
   */
  unitLists: ('2021-11' | '2025-03' | '2025-07')[];
  /**
   * The demo province. `territory` (DEMO_TERRITORY): for a province made by the reform, the old
   * provinces whose territory the demo generates with its history ('all' = every one; default for
   * 86: ['83'], old Bến Tre's 48 communes, about 1.29 M people at scale 1; 'all' for 86 is the whole
   * new Vĩnh Long, about 4.26 M). Unused for a province in its 2021 units.
   */
  demo: { enabled: boolean; scale: number; seed: number; territory: 'all' | string[] };
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /**
   * Health certificates: the secret that encrypts the signer private keys at rest. Required to
   * sign outside demo mode; in demo mode a documented demo secret is used (docs/vaccination.md).
   */
  certificates: {
    keySecret: string | null;
    demoSecret: boolean;
    /** Bulk verifier apps allowed past the per-IP limits on the verify route (certificates/bulk-verifier.ts). */
    bulkVerifiers: BulkVerifier[];
  };
  /**
   * Which reverse proxies may tell the client address in X-Forwarded-For: none, a hop count, or
   * their addresses / CIDRs (http/trustProxy.ts; docs/security.md "Running behind a reverse proxy").
   */
  trustProxy: TrustProxy;
  rateLimit: { perIpPerMinute: number; perCallerPerMinute: number; perVerifierKeyPerMinute: number };
  /** Notification channels. SMS goes to the demo inbox in demo mode, else to the gateway. */
  notify: {
    smtp: { url: string; from: string } | null;
    smsGateway: { url: string; token: string | null } | null;
    pollMs: number;
  };
  /**
   * The audit chain's anchor: the HMAC key signing chain heads (audit/anchor.ts). Required outside
   * demo mode for heads to be written; in demo mode a documented demo key is used.
   */
  audit: { anchorKey: string | null; demoKey: boolean };
  /** Spreadsheet imports: rows per committed batch (the resume granularity after a restart). */
  imports: { batchRows: number };
  /**
   * Domain events: the integration feed that receives them (outbox/feed.ts; none = acknowledged
   * unsent), how long delivered outbox rows are kept, and how long live events stay replayable.
   */
  events: {
    feed: { url: string; secret: string | null } | null;
    outboxRetentionDays: number;
    liveEventRetentionMinutes: number;
  };
  /**
   * Daily sitreps (sitrep/schedule.ts): the local hour (SITREP_HOUR, 0–23, province time) from which
   * the last complete day's reports are generated, and who receives them by e-mail (SITREP_EMAIL_TO).
   */
  /** WEBHOOK_ALLOW_LOCAL: webhook receivers on this machine or a private network (tests, a local relay). */
  webhooks: { allowLocal: boolean };
  sitrep: { hour: number; emailTo: string[] };
  /**
   * STATUS_SIGNING_KEY: the EC P-256 private key (base64 PKCS#8 or PEM) that signs the status card's
   * QR (healthbook/statusKey.ts); its public key is published in the trust list. Demo mode only:
   * a public demo key. Unset otherwise: no status card QR (SIGNING_NOT_CONFIGURED).
   */
  statusQr: { signingKey: string | null; demoKey: boolean };
}

/** Raised when the environment is invalid; the message names each bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** DEMO_TERRITORY: as given, else old Bến Tre (83) for the new Vĩnh Long (86), else every old province. */
function demoTerritory(value: string | undefined, provinceCode: string): 'all' | string[] {
  const v = value ?? (provinceCode === '86' ? '83' : 'all');
  return v === 'all' ? 'all' : v.split(',');
}

/** Parse and validate the environment (defaults applied); throws ConfigError naming bad variables. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') cleaned[k] = v;
  const parsed = envSchema.safeParse({ PROVINCE_CODE: '86', ...cleaned });
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '?'), message: i.message })),
    );
  }
  const e = parsed.data;
  // Every process that reads the config (server, CLI, benches) runs on the province's clock.
  setProvinceTimeZone(e.TIME_ZONE);
  const trustProxy = parseTrustProxy(e.TRUST_PROXY);
  if (typeof trustProxy === 'object' && !Array.isArray(trustProxy)) {
    throw new ConfigError([{ variable: 'TRUST_PROXY', message: trustProxy.problem }]);
  }
  const database: Config['database'] = e.DATABASE_URL
    ? {
        kind: 'postgres',
        url: e.DATABASE_URL,
        poolSize: e.DB_POOL_SIZE,
        workerPoolSize: e.DB_WORKER_POOL_SIZE,
        idleSeconds: e.DB_POOL_IDLE_SECONDS,
      }
    : { kind: 'pglite', dataDir: e.DATA_DIR };
  const demoEnabled = e.DEMO ?? database.kind === 'pglite';
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/u, ''),
    database,
    provinceCode: e.PROVINCE_CODE,
    timeZone: e.TIME_ZONE,
    unitLists: (e.UNIT_LISTS ?? defaultUnitLists(e.PROVINCE_CODE)).split(',') as Config['unitLists'],
    demo: {
      enabled: demoEnabled,
      scale: e.DEMO_SCALE,
      seed: e.DEMO_SEED,
      territory: demoTerritory(e.DEMO_TERRITORY, e.PROVINCE_CODE),
    },
    logLevel: e.LOG_LEVEL,
    certificates: {
      keySecret: e.CERT_KEY_SECRET ?? (demoEnabled ? DEMO_CERT_KEY_SECRET : null),
      demoSecret: !e.CERT_KEY_SECRET && demoEnabled,
      bulkVerifiers: parseBulkVerifiers(e.CERT_VERIFY_KEYS),
    },
    trustProxy,
    rateLimit: {
      perIpPerMinute: e.RATE_LIMIT_PER_IP,
      perCallerPerMinute: e.RATE_LIMIT_PER_USER,
      perVerifierKeyPerMinute: e.CERT_VERIFY_KEY_PER_MINUTE,
    },
    notify: {
      smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.SMTP_FROM } : null,
      smsGateway: e.SMS_GATEWAY_URL ? { url: e.SMS_GATEWAY_URL, token: e.SMS_GATEWAY_TOKEN ?? null } : null,
      pollMs: e.OUTBOX_POLL_MS,
    },
    imports: { batchRows: e.IMPORT_BATCH_ROWS },
    audit: {
      anchorKey: e.AUDIT_ANCHOR_KEY ?? (demoEnabled ? DEMO_AUDIT_ANCHOR_KEY : null),
      demoKey: !e.AUDIT_ANCHOR_KEY && demoEnabled,
    },
    events: {
      feed: e.OUTBOX_FEED_URL ? { url: e.OUTBOX_FEED_URL, secret: e.OUTBOX_FEED_SECRET ?? null } : null,
      outboxRetentionDays: e.OUTBOX_RETENTION_DAYS,
      liveEventRetentionMinutes: e.LIVE_EVENT_RETENTION_MINUTES,
    },
    webhooks: { allowLocal: e.WEBHOOK_ALLOW_LOCAL ?? false },
    statusQr: {
      signingKey: e.STATUS_SIGNING_KEY ?? (demoEnabled ? DEMO_STATUS_SIGNING_KEY : null),
      demoKey: !e.STATUS_SIGNING_KEY && demoEnabled,
    },
    sitrep: { hour: e.SITREP_HOUR, emailTo: e.SITREP_EMAIL_TO?.split(',') ?? [] },
  };
}
