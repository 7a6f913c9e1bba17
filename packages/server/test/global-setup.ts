import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildTemplate, dropTemplate } from './db-template.ts';

/** Build one migrated template database for the whole run; each test file clones it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const template = await buildTemplate();
  if (template.kind === 'pglite') {
    project.provide('dbTemplate', template);
    // The run's template folder and the folders copied from it (each file's database, a seeded
    // province for the browser files) are ~65 MB each: removed when the run ends, so a file that
    // never closed its database or a killed run does not fill the disk.
    return () => {
      const parent = dirname(template.dir);
      for (const name of readdirSync(parent))
        if (name.startsWith(basename(template.dir)))
          rmSync(join(parent, name), { recursive: true, force: true });
      return Promise.resolve();
    };
  }
  project.provide('dbTemplate', template);
  return () => dropTemplate(template.name);
}
