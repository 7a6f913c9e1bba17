// Route modules may not reach the raw database (issue #9, "scoping you cannot forget").
// A route module is any server source file that declares a route (`defineRoute(`), found by
// reading the files, plus anything named like one, so a new module cannot escape by its name.
// Handlers read personal data through `data` (the caller's jurisdiction applied), pass the chain's
// `tx` to service functions, write audit rows and outbox events with `audit`/`enqueue`, and reach
// the raw database only through `deps.system(reason)` (recorded). See packages/server/src/http/data.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const src = fileURLToPath(new URL('./src', import.meta.url));

function declaresRoutes(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...declaresRoutes(path));
    else if (/\.ts$/u.test(entry.name) && !/\.test\.ts$/u.test(entry.name) && entry.name !== 'route.ts') {
      if (readFileSync(path, 'utf8').includes('defineRoute(')) found.push(relative(root, path));
    }
  }
  return found;
}

/** Route modules found by their content (server source files calling defineRoute). */
export const ROUTE_MODULES = declaresRoutes(src).sort();

/**
 * Route modules not yet converted to `data`/`tx`/`deps.system(reason)`: they still reach
 * `deps.database` (the request's transaction in mutating routes, so their writes and audit rows
 * already commit together). A known gap, listed in docs/security.md; remove a file from here when
 * it is converted. The test test/lint/route-modules.test.ts keeps this list and the docs honest.
 */
export const NOT_YET_CONVERTED = [];

const RAW_DB =
  'Route modules do not touch the raw database: read through `data` (jurisdiction applied), pass `tx` to a service function, or name the access with `deps.system(reason)`.';

/** The flat-config block applying the rule to every route module. */
export const routeModuleLint = {
  files: [
    'packages/server/src/**/*routes*.ts',
    'packages/server/src/**/*Routes*.ts',
    'packages/server/src/**/routes/**/*.ts',
    ...ROUTE_MODULES,
  ],
  ignores: ['**/*.test.ts', ...NOT_YET_CONVERTED],
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: [
              '**/db/client.ts',
              'drizzle-orm/pglite',
              'drizzle-orm/node-postgres',
              'pg',
              '@electric-sql/pglite',
            ],
            allowTypeImports: true,
            message: RAW_DB,
          },
        ],
      },
    ],
    'no-restricted-syntax': [
      'error',
      { selector: "MemberExpression[property.name='database']", message: RAW_DB },
      {
        selector:
          "MemberExpression[object.type='Identifier'][object.name=/^(db|tx|trx)$/][property.name='query']",
        message: RAW_DB,
      },
      {
        selector:
          "CallExpression[callee.type='MemberExpression'][callee.object.type='Identifier'][callee.object.name!='data'][callee.property.name=/^(select|selectDistinct|selectDistinctOn|insert|execute|transaction|\\$count)$/]",
        message: RAW_DB,
      },
      {
        selector:
          "CallExpression[callee.type='MemberExpression'][callee.object.type='Identifier'][callee.object.name=/^(db|tx|trx|database|client|pool|pglite)$/][callee.property.name=/^(update|delete|query)$/]",
        message: RAW_DB,
      },
    ],
  },
};
