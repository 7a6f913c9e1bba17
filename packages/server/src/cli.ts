/**
 * The EpiLink command line: `npm run epilink -- <command> [options]`.
 *
 *   migrate                                   apply database migrations and reference data
 *   create-admin --username U --unit 83 [--name "…"] [--role province_admin]
 *                                             create an account (password from EPILINK_ADMIN_PASSWORD,
 *                                             else the first line of standard input); the way to
 *                                             create the first administrator on a new install
 *   audit:chain                               link pending audit rows into the hash chain
 *   audit:head                                chain, then print the newest signed chain head (JSON)
 *   units:load <list> [--changes C] [--from D] load a shipped unit list (2025-07) or a list file with its
 *                                             change table, refused when it contradicts the list in force
 *   census:load <file.csv> --source S --date D load a census (commune_code,age_band,population) as the
 *                                             coverage denominator; refused with each problem named
 *   audit:verify [--head JSON | --head-file F] chain, then verify the audit hash chain against its
 *                                             signed heads (and an exported head); exit 1 and
 *                                             name the first broken row when it is broken
 *   rollups:check                             recompute every rollup from the raw rows and compare;
 *                                             print the differences, exit 1 when any
 *   rollups:rebuild                           recompute every rollup from the raw rows (under a lock)
 *   map:load-boundaries <file.geojson> --licence L --attribution A [--as-of D]
 *                                             load the province's commune polygons (the upload's
 *                                             checks); refused with each problem named
 *
 * Uses the same configuration (environment) as the server.
 */
import { createInterface } from 'node:readline';
import { isRole } from '@epilink/core';
import { systemAccess } from './access/context.ts';
import { writeAudit } from './audit/audit.ts';
import { runAuditCommand } from './audit/commands.ts';
import { createUser } from './auth/users.ts';
import { runUnitsLoad } from './registry/units/commands.ts';
import { runMapLoadBoundaries } from './map/commands.ts';
import { runCensusLoad } from './vaccination/census.ts';
import { runRollupsCommand } from './indicators/check.ts';
import { prepareDatabase } from './bootstrap.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import type { Database } from './db/client.ts';

/** Parse `--key value` pairs. */
export function parseArgs(argv: string[]): { command: string | undefined; options: Record<string, string> } {
  const [command, ...rest] = argv;
  const options: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a.startsWith('--')) {
      const next = rest[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        options[a.slice(2)] = next;
        i++;
      } else options[a.slice(2)] = 'true';
    } else options._ ??= a; // the first bare argument (units:load <list>)
  }
  return { command, options };
}

async function readPassword(): Promise<string> {
  const fromEnv = process.env.EPILINK_ADMIN_PASSWORD;
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY) process.stderr.write('Password (at least 10 characters): ');
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return line.trim();
  }
  return '';
}

/** Run one command against an open database; returns the exit code. Output goes to `out`. */
export async function runCommand(
  database: Database,
  command: string | undefined,
  options: Record<string, string>,
  out: (line: string) => void,
  password: () => Promise<string> = readPassword,
  /** The audit chain's anchor key (config `audit.anchorKey`). */
  anchorKey: string | null = null,
): Promise<number> {
  const { db } = database;
  switch (command ?? '') {
    case 'migrate':
      out('Migrations and reference data are up to date.');
      return 0;
    case 'create-admin': {
      const username = options.username;
      const unit = options.unit;
      const role = options.role ?? 'province_admin';
      if (!username || !unit || !isRole(role)) {
        out('Usage: create-admin --username U --unit CODE [--name "Display name"] [--role ROLE]');
        return 2;
      }
      const pw = await password();
      if (pw.length < 10) {
        out('The password must be at least 10 characters (EPILINK_ADMIN_PASSWORD or standard input).');
        return 2;
      }
      const id = await db.transaction(async (tx) => {
        const userId = await createUser(tx, {
          username,
          displayName: options.name ?? username,
          password: pw,
          role,
          jurisdictionCode: unit,
        });
        await writeAudit(
          tx,
          systemAccess('cli'),
          { ip: null },
          {
            action: 'user_create',
            entity: 'user',
            entityId: userId,
            details: { role, jurisdiction: unit, via: 'cli' },
          },
        );
        return userId;
      });
      out(
        `Created ${role} "${username}" (${id}) for unit ${unit}. Two-factor enrolment happens at first sign-in.`,
      );
      return 0;
    }
    case 'rollups:check':
    case 'rollups:rebuild':
      return runRollupsCommand(
        database,
        command === 'rollups:check' ? 'rollups:check' : 'rollups:rebuild',
        out,
      );
    case 'units:load':
      return runUnitsLoad(db, options, out);
    case 'census:load':
      return runCensusLoad(db, options, out);
    case 'map:load-boundaries':
      return runMapLoadBoundaries(db, loadConfig().provinceCode, options, out);
    case 'audit:chain':
    case 'audit:head':
    case 'audit:verify':
      return runAuditCommand(db, String(command), options, anchorKey, out);
    default:
      out(
        'Commands: migrate | create-admin --username U --unit CODE | audit:chain | audit:head | audit:verify | units:load <list> [--changes CSV] [--from DATE] | census:load <file.csv> --source S --date D',
      );
      return 2;
  }
}

async function main(): Promise<void> {
  const { command, options } = parseArgs(process.argv.slice(2));
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const database = await openDatabase(config.database);
  try {
    // Schema and reference data, never the demo province, from the CLI.
    await prepareDatabase(database, { ...config, demo: { ...config.demo, enabled: false } });
    process.exitCode = await runCommand(
      database,
      command,
      options,
      (l) => process.stdout.write(`${l}\n`),
      readPassword,
      config.audit.anchorKey,
    );
  } finally {
    await database.close();
  }
}

if (process.argv[1]?.endsWith('cli.ts')) {
  main().catch((e: unknown) => {
    process.stderr.write(`epilink: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
